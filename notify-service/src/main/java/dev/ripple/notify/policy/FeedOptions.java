package dev.ripple.notify.policy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A subscriber's choices that shape its alerts.
 *
 * @param window the digest window, in event time
 * @param maxWait the longest a window stays open in wall-clock time
 * @param wanted the alert types the subscriber receives; the others are never produced for it (their changes are
 *     carried into the next alert it does receive)
 */
public record FeedOptions(Duration window, Duration maxWait, Set<AlertType> wanted) {

    public FeedOptions {
        requirePositive(window, "window");
        requirePositive(maxWait, "maxWait");
        wanted = wanted == null || wanted.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(wanted));
    }

    public boolean wants(AlertType type) {
        return wanted.contains(type);
    }

    /** How long a window may stay open in wall-clock time: the window itself, at most {@code maxWait}. */
    public Duration wallWait() {
        return window.compareTo(maxWait) < 0 ? window : maxWait;
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
