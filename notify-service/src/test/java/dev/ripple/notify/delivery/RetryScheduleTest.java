package dev.ripple.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final List<Duration> SPEC = List.of(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(14),
            Duration.ofHours(20),
            Duration.ofHours(24));

    private final RetrySchedule noJitter = new RetrySchedule(SPEC, fixed(0.0));
    private final RetrySchedule maxJitter = new RetrySchedule(SPEC, fixed(0.999_999));

    @Test
    void success2xxIsDelivered() {
        assertThat(noJitter.after(SendResult.response(204, null), 1, NOW).status())
                .isEqualTo(DeliveryOutcome.Status.DELIVERED);
    }

    @Test
    void failuresFollowTheSpecScheduleThenFail() {
        for (int attempt = 1; attempt <= SPEC.size(); attempt++) {
            DeliveryOutcome outcome = noJitter.after(SendResult.response(500, null), attempt, NOW);
            assertThat(outcome.status()).isEqualTo(DeliveryOutcome.Status.PENDING);
            assertThat(outcome.nextAttemptAt()).isEqualTo(NOW.plus(SPEC.get(attempt - 1)));
        }
        DeliveryOutcome last = noJitter.after(SendResult.noResponse("timeout"), SPEC.size() + 1, NOW);
        assertThat(last.status()).isEqualTo(DeliveryOutcome.Status.FAILED);
        assertThat(last.disableSubscription()).isFalse();
        assertThat(noJitter.maxAttempts()).isEqualTo(10);
    }

    @Test
    void jitterOnlyEverDelaysByUpToAFifth() {
        DeliveryOutcome early = noJitter.after(SendResult.noResponse("refused"), 2, NOW);
        DeliveryOutcome late = maxJitter.after(SendResult.noResponse("refused"), 2, NOW);

        assertThat(early.nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(late.nextAttemptAt())
                .isAfter(NOW.plus(Duration.ofMinutes(5)))
                .isBeforeOrEqualTo(NOW.plus(Duration.ofMinutes(6)));
    }

    @Test
    void redirectIsAFailureToRetry() {
        SendResult redirect = SendResult.response(302, null);

        assertThat(redirect.error()).contains("302").contains("not followed");
        assertThat(noJitter.after(redirect, 1, NOW).status()).isEqualTo(DeliveryOutcome.Status.PENDING);
    }

    @Test
    void goneStopsAndDisablesTheSubscription() {
        DeliveryOutcome outcome = noJitter.after(SendResult.response(410, null), 1, NOW);

        assertThat(outcome.status()).isEqualTo(DeliveryOutcome.Status.FAILED);
        assertThat(outcome.disableSubscription()).isTrue();
    }

    @Test
    void retryAfterSecondsIsHonouredOn429And503() {
        assertThat(noJitter.after(SendResult.response(429, "120"), 1, NOW).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(120));
        assertThat(noJitter.after(SendResult.response(503, "120"), 1, NOW).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(120));
        // Not on other codes, and never earlier than the schedule.
        assertThat(noJitter.after(SendResult.response(500, "120"), 1, NOW).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(5));
        assertThat(noJitter.after(SendResult.response(429, "1"), 2, NOW).nextAttemptAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void retryAfterHttpDateIsHonouredAndCapped() {
        String inTenMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                NOW.plus(Duration.ofMinutes(10)).atOffset(ZoneOffset.UTC));
        assertThat(noJitter.after(SendResult.response(503, inTenMinutes), 1, NOW)
                        .nextAttemptAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(10)));

        assertThat(noJitter.after(SendResult.response(429, "99999999"), 1, NOW).nextAttemptAt())
                .isEqualTo(NOW.plus(RetrySchedule.MAX_RETRY_AFTER));
        assertThat(RetrySchedule.parseRetryAfter("soon", NOW)).isNull();
        assertThat(RetrySchedule.parseRetryAfter(null, NOW)).isNull();
    }

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
