package dev.ripple.notify.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * An open digest window.
 *
 * @param start event time of the change that opened it
 * @param end {@code start} plus the subscription's digest window; changes whose follow happened before it join
 * @param deadline wall-clock time by which it closes even if event time has not reached {@code end}
 */
public record Window(Instant start, Instant end, Instant deadline) {

    public Window {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(deadline, "deadline");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window end " + end + " must be after its start " + start);
        }
    }
}
