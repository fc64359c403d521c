package dev.ripple.notify.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Standard Webhooks retry rules: 2xx delivered; 410 Gone stops and disables the subscription; anything else (3xx
 * included, redirects are never followed), a timeout or a connection error is retried after the next delay of the
 * schedule plus up to 20 % random jitter (added, never subtracted, so no retry comes early). On 429 and 503 a
 * {@code Retry-After} (seconds or an HTTP date) that asks for longer is honoured, up to {@link #MAX_RETRY_AFTER}; after
 * a 429, 502, 503, 504 or a timeout the next attempt waits at least {@link #OVERLOAD_PENALTY} (the receiver is
 * struggling). A receiver answering {@code webhook-delivery: abort-message} stops the retries of that message. After
 * the last delay of the schedule the delivery fails.
 */
final class RetrySchedule {

    /** The longest a receiver's {@code Retry-After} can push an attempt back. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    /** The least wait after a sign of overload, by default ({@code ripple.notify.delivery.overload-penalty}). */
    static final Duration OVERLOAD_PENALTY = Duration.ofSeconds(60);

    private static final double JITTER = 0.2;

    private final List<Duration> delays;
    private final RandomGenerator random;

    private final Duration overloadPenalty;

    RetrySchedule(List<Duration> delays, RandomGenerator random) {
        this(delays, random, OVERLOAD_PENALTY);
    }

    RetrySchedule(List<Duration> delays, RandomGenerator random, Duration overloadPenalty) {
        this.delays = List.copyOf(delays);
        this.random = random;
        this.overloadPenalty = overloadPenalty;
    }

    /** Attempts a delivery gets in all: the first plus one per delay. */
    int maxAttempts() {
        return delays.size() + 1;
    }

    /**
     * @param attempt the number of the attempt that produced {@code result}, from 1
     */
    DeliveryOutcome after(SendResult result, int attempt, Instant now) {
        if (result.succeeded()) {
            return DeliveryOutcome.delivered();
        }
        if (result.statusCode() == 410) {
            return DeliveryOutcome.gone();
        }
        if (result.abort() || attempt > delays.size()) {
            return DeliveryOutcome.failed();
        }
        Duration delay = withJitter(delays.get(Math.max(0, attempt - 1)));
        int code = result.statusCode();
        if ((code == 429 || code == 502 || code == 503 || code == 504 || result.timedOut())
                && delay.compareTo(overloadPenalty) < 0) {
            delay = overloadPenalty;
        }
        if (code == 429 || code == 503) {
            Duration asked = parseRetryAfter(result.retryAfter(), now);
            if (asked != null && asked.compareTo(delay) > 0) {
                delay = asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
            }
        }
        return DeliveryOutcome.retryAt(now.plus(delay));
    }

    private Duration withJitter(Duration delay) {
        long millis = delay.toMillis();
        long extra = (long) (millis * JITTER * random.nextDouble());
        return delay.plusMillis(extra);
    }

    /** A {@code Retry-After} value as a delay from {@code now}, or null when absent or unreadable. */
    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(trimmed));
            } catch (NumberFormatException e) {
                return MAX_RETRY_AFTER;
            }
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration delay = Duration.between(now, at);
            return delay.isNegative() ? Duration.ZERO : delay;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
