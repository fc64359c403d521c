package dev.ripple.notify.subscription;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A webhook endpoint, its filters and delivery settings, and its health.
 *
 * @param sharers sharer refs whose alerts it wants (empty: every sharer)
 * @param subjects followed-account refs it wants alerts about (empty: every subject)
 * @param eventTypes the event types it receives (empty: {@link EventTypes#DEFAULT})
 * @param minConfidence decisions below it never count towards its alerts
 * @param digestWindow its digest window, in event time
 * @param minInterval the least event time between two alerts about one share (a trickle becomes one alert per interval)
 * @param ordered whether a sharer's alerts are sent strictly one after another (each waits for the earlier ones)
 * @param maxConcurrency attempts in flight to the endpoint at once
 * @param rateLimit attempts per second to the endpoint
 * @param signatures the signature schemes it is signed with ({@code v1} HMAC-SHA256, {@code v1a} Ed25519)
 * @param paused deliveries are held (and queued) until resumed
 * @param enabled false once disabled (410 Gone, or continuous failure); re-enabled by resuming
 */
public record Subscription(
        UUID id,
        String owner,
        String url,
        String description,
        List<String> sharers,
        List<String> subjects,
        List<String> eventTypes,
        double minConfidence,
        Duration digestWindow,
        Duration minInterval,
        boolean ordered,
        int maxConcurrency,
        double rateLimit,
        List<String> signatures,
        boolean paused,
        boolean enabled,
        String disabledReason,
        Instant disabledAt,
        Instant createdAt,
        Instant updatedAt,
        Health health) {

    public Subscription {
        sharers = List.copyOf(sharers);
        subjects = List.copyOf(subjects);
        eventTypes = List.copyOf(eventTypes);
        signatures = List.copyOf(signatures);
    }

    /**
     * @param failingSince when the current run of failed attempts began (null when the last attempt succeeded)
     * @param consecutiveFailures failed attempts since the last success
     * @param circuitOpenUntil attempts are held until then (the circuit breaker is open), null when closed
     */
    public record Health(
            Instant failingSince,
            int consecutiveFailures,
            Instant lastSuccessAt,
            Instant lastFailureAt,
            Instant circuitOpenUntil) {}
}
