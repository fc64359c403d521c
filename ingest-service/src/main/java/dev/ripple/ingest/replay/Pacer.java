package dev.ripple.ingest.replay;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * How long to wait before each event so that a replay runs at {@code speed} × real time: the gap between the event's
 * time and the latest event time seen so far, divided by the speed. Speed 0 means as fast as possible.
 *
 * <p>An event stamped earlier than one before it is not waited for (never a negative gap), and it does not move the
 * clock back: measuring the next gap from the latest time seen keeps the whole replay at {@code span / speed} instead
 * of living an out-of-order stretch twice. For a file in time order this is exactly the gap to the previous event.
 */
final class Pacer {

    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private final BigDecimal speed;
    private Instant latest;

    Pacer(double speed) {
        this.speed = BigDecimal.valueOf(ReplaySpeed.check(speed));
    }

    Duration waitBefore(Instant eventTime) {
        if (eventTime == null) {
            return Duration.ZERO;
        }
        Instant previous = latest;
        if (previous != null && !eventTime.isAfter(previous)) {
            return Duration.ZERO;
        }
        latest = eventTime;
        if (previous == null || speed.signum() == 0) {
            return Duration.ZERO;
        }
        Duration gap = Duration.between(previous, eventTime);
        BigDecimal nanos = BigDecimal.valueOf(gap.getSeconds())
                .multiply(NANOS_PER_SECOND)
                .add(BigDecimal.valueOf(gap.getNano()))
                .divide(speed, 0, RoundingMode.HALF_UP);
        return Duration.ofNanos(nanos.min(MAX_NANOS).longValueExact());
    }
}
