package dev.ripple.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PacerTest {

    private static final Instant T0 = Instant.parse("2009-09-17T14:05:00Z");

    @Test
    void speedZeroNeverWaits() {
        assertThat(waits(0, T0, T0.plusSeconds(3600), T0.plus(Duration.ofDays(2))))
                .containsOnly(Duration.ZERO);
    }

    @Test
    void firstEventStartsAtOnce() {
        assertThat(new Pacer(1).waitBefore(T0)).isZero();
    }

    @Test
    void speedOneWaitsTheRealGaps() {
        assertThat(waits(1, T0, T0.plusSeconds(90), T0.plusSeconds(90), T0.plus(Duration.ofHours(3))))
                .containsExactly(
                        Duration.ZERO,
                        Duration.ofSeconds(90),
                        Duration.ZERO,
                        Duration.ofHours(3).minusSeconds(90));
    }

    @Test
    void speedNDividesTheGaps() {
        assertThat(waits(60, T0, T0.plusSeconds(90), T0.plus(Duration.ofHours(1).plusSeconds(90))))
                .containsExactly(Duration.ZERO, Duration.ofMillis(1500), Duration.ofMinutes(1));
    }

    @Test
    void fractionalSpeedStretchesTheGaps() {
        assertThat(waits(0.5, T0, T0.plusSeconds(10))).containsExactly(Duration.ZERO, Duration.ofSeconds(20));
    }

    @Test
    void subMillisecondGapsAreKept() {
        assertThat(waits(3, T0, T0.plusSeconds(1))).containsExactly(Duration.ZERO, Duration.ofNanos(333_333_333));
    }

    @Test
    void earlierEventIsNotWaitedForAndDoesNotMoveTheClockBack() {
        // 10:00, 11:00, then an event stamped 10:30, then 12:00: the last gap is measured from 11:00.
        Instant ten = T0;
        assertThat(waits(1, ten, ten.plusSeconds(3600), ten.plusSeconds(1800), ten.plusSeconds(7200)))
                .containsExactly(Duration.ZERO, Duration.ofHours(1), Duration.ZERO, Duration.ofHours(1));
    }

    @Test
    void eventWithoutTimeIsNotWaitedFor() {
        Pacer pacer = new Pacer(1);
        pacer.waitBefore(T0);

        assertThat(pacer.waitBefore(null)).isZero();
        assertThat(pacer.waitBefore(T0.plusSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void hugeWaitIsCappedInsteadOfOverflowing() {
        assertThat(waits(0.000001, T0, T0.plus(Duration.ofDays(365 * 300))).get(1))
                .isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    }

    @Test
    void negativeOrNonFiniteSpeedIsRefused() {
        Stream.of(-1.0, Double.NaN, Double.POSITIVE_INFINITY)
                .forEach(speed -> assertThatThrownBy(() -> new Pacer(speed))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("speed must be a number >= 0"));
    }

    private static List<Duration> waits(double speed, Instant... times) {
        Pacer pacer = new Pacer(speed);
        return Stream.of(times).map(pacer::waitBefore).toList();
    }
}
