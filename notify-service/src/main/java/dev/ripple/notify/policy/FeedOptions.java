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
 * @param minInterval the least event time between two alerts about one feed: a window opened sooner after the last
 *     alert lasts until then (zero: windows are always {@code window} long)
 */
public record FeedOptions(Duration window, Duration maxWait, Set<AlertType> wanted, Duration minInterval) {

    public FeedOptions {
        requirePositive(window, "window");
        requirePositive(maxWait, "maxWait");
        minInterval = minInterval == null ? Duration.ZERO : minInterval;
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must not be negative, was " + minInterval);
        }
        wanted = wanted == null || wanted.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(wanted));
    }

    public FeedOptions(Duration window, Duration maxWait, Set<AlertType> wanted) {
        this(window, maxWait, wanted, Duration.ZERO);
    }

    public boolean wants(AlertType type) {
        return wanted.contains(type);
    }

    /** How long a window of this length may stay open in wall-clock time: its length, at most {@code maxWait}. */
    public Duration wallWait(Duration length) {
        return length.compareTo(maxWait) < 0 ? length : maxWait;
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
