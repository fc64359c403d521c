package dev.ripple.ingest.source;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a poller waits between turns. The interval adapts to activity: a turn that found something brings the next
 * one back to the minimum; each quiet turn doubles the wait up to the maximum. Failures back off exponentially from
 * {@link #FIRST_RETRY} up to a ceiling, with ±20% jitter so that pollers failing together do not retry in lock-step.
 * Not thread-safe: one per poller, used by its turns (which never overlap).
 */
public final class PollPacing {

    public static final Duration FIRST_RETRY = Duration.ofSeconds(5);

    private final Duration min;
    private final Duration max;
    private final Duration maxBackoff;
    private final RandomGenerator random;
    private Duration current;

    public PollPacing(Duration min, Duration max, Duration maxBackoff, RandomGenerator random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max, was " + min + " and " + max);
        }
        this.min = min;
        this.max = max;
        this.maxBackoff = maxBackoff;
        this.random = random;
        this.current = min;
    }

    public Duration afterActivity() {
        current = min;
        return current;
    }

    public Duration afterIdle() {
        Duration doubled = current.multipliedBy(2);
        current = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    /** The wait after the {@code failures}-th consecutive failure (1 = the first). */
    public Duration afterFailure(long failures) {
        long exponent = Math.min(Math.max(0, failures - 1), 20);
        Duration backoff = FIRST_RETRY.multipliedBy(1L << exponent);
        if (backoff.compareTo(maxBackoff) > 0) {
            backoff = maxBackoff;
        }
        double jitter = 0.8 + 0.4 * random.nextDouble();
        return Duration.ofMillis((long) (backoff.toMillis() * jitter));
    }

    public Duration current() {
        return current;
    }
}
