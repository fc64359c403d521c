package dev.ripple.notify.delivery;

import dev.ripple.notify.config.NotifyProperties;
import dev.ripple.notify.metrics.NotifyMetrics;
import dev.ripple.notify.subscription.SigningKeys;
import dev.ripple.notify.subscription.SubscriptionStore;
import dev.ripple.notify.subscription.TargetGuard;
import dev.ripple.notify.tracing.NotifyTracing;
import io.micrometer.tracing.Span;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due messages: claims a batch (committed at once, within each endpoint's concurrency, rate and circuit
 * limits), sends each on its own virtual thread outside any transaction, so one slow endpoint does not hold up the
 * others, then settles each outcome, logs the attempt and updates the endpoint's health.
 */
@Component
class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    /** Batches taken in one poll before yielding to the next scheduled run. */
    private static final int MAX_BATCHES_PER_POLL = 10;

    /** Attempts in flight on this instance at most (each endpoint's own limit is enforced by the claim). */
    private static final int MAX_IN_FLIGHT = 512;

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    private final MessageStore messages;
    private final SubscriptionStore subscriptions;
    private final EndpointHealth health;
    private final WebhookSender sender;
    private final RetrySchedule retries;
    private final Clock clock;
    private final int batchSize;
    private final Duration lease;
    private final Duration retention;
    private final String userAgent;
    private final NotifyTracing tracing;
    private final NotifyMetrics metrics;

    DeliveryWorker(
            MessageStore messages,
            SubscriptionStore subscriptions,
            EndpointHealth health,
            WebhookSender sender,
            NotifyProperties settings,
            Clock clock,
            @Value("${ripple.version:dev}") String version,
            @Value("${ripple.notify.delivery.overload-penalty:60s}") Duration overloadPenalty,
            NotifyTracing tracing,
            NotifyMetrics metrics) {
        this.messages = messages;
        this.subscriptions = subscriptions;
        this.health = health;
        this.sender = sender;
        this.retries = new RetrySchedule(settings.retrySchedule(), new SecureRandom(), overloadPenalty);
        this.clock = clock;
        this.batchSize = settings.delivery().batchSize();
        this.lease = settings.delivery().lease();
        this.retention = settings.retention();
        this.userAgent = "Ripple-Webhooks/" + version;
        this.tracing = tracing;
        this.metrics = metrics;
    }

    /**
     * Claims batches while this instance has room, and sends each claimed message on its own virtual thread without
     * waiting for the batch: one slow endpoint never holds up the next claim.
     */
    @Scheduled(fixedDelayString = "${ripple.notify.delivery.poll-interval}")
    void deliverDue() {
        try {
            for (int batch = 0; batch < MAX_BATCHES_PER_POLL; batch++) {
                int room = Math.min(batchSize, inFlight.availablePermits());
                if (room == 0) {
                    return;
                }
                List<DueDelivery> due = messages.claim(clock.instant(), room, lease);
                for (DueDelivery delivery : due) {
                    inFlight.acquireUninterruptibly();
                    threads.submit(() -> {
                        try {
                            attempt(delivery);
                        } finally {
                            inFlight.release();
                        }
                    });
                }
                if (due.size() < room) {
                    return;
                }
            }
        } catch (DataAccessException e) {
            log.warn("Could not claim due messages ({}); will try again at the next poll", e.getMessage());
        }
    }

    /** On shutdown, attempts in flight finish (and are settled) before the database goes away. */
    @jakarta.annotation.PreDestroy
    void finishInFlight() {
        threads.close();
    }

    /** Forgets settled messages older than the retention (their attempts go with them). */
    @Scheduled(
            fixedDelayString = "${ripple.notify.purge-interval:1h}",
            initialDelayString = "${ripple.notify.purge-interval:1h}")
    void purge() {
        try {
            int purged = messages.purge(clock.instant().minus(retention));
            if (purged > 0) {
                log.info("Purged {} messages older than {}", purged, retention);
            }
        } catch (DataAccessException e) {
            log.warn("Could not purge old messages ({}); will try again later", e.getMessage());
        }
    }

    private void attempt(DueDelivery delivery) {
        // Each attempt is a client span in the trace of what caused the message; the receiver gets its traceparent.
        Span span = tracing.continueTrace(
                        delivery.traceParent(), delivery.traceState(), "webhook " + delivery.type(), Span.Kind.CLIENT)
                .tag("ripple.webhook.id", delivery.messageId())
                .tag("ripple.webhook.attempt", Integer.toString(delivery.attempt()));
        try (var scope = tracing.inScope(span)) {
            attempt(delivery, span);
        } finally {
            span.end();
        }
    }

    private void attempt(DueDelivery delivery, Span span) {
        try {
            Instant started = clock.instant();
            SendResult result = send(delivery, started, tracing.fields(span));
            Instant now = clock.instant();
            DeliveryOutcome outcome = retries.after(result, delivery.cycleAttempt(), now);
            if (result.statusCode() > 0) {
                span.tag("http.response.status_code", Integer.toString(result.statusCode()));
            }
            if (!result.succeeded()) {
                span.tag("error.type", result.statusCode() > 0 ? Integer.toString(result.statusCode()) : "no_response");
            }
            if (!messages.settle(delivery, outcome, result, started, now)) {
                log.warn("Message {} was settled by another worker meanwhile; outcome dropped", delivery.messageId());
                return;
            }
            metrics.attempt(outcome.logOutcome(), result.statusCode(), result.durationMillis());
            if (result.succeeded()) {
                metrics.delivered(delivery.createdAt(), delivery.causedAt(), now);
            }
            report(delivery, result, outcome);
            if (result.succeeded()) {
                health.succeeded(delivery.subscriptionId(), now);
            } else {
                health.failed(delivery.subscriptionId(), outcome.disableSubscription(), now);
            }
        } catch (RuntimeException e) {
            // The lease runs out and the message is tried again.
            log.error(
                    "Message {} could not be completed; it is retried when its lease expires", delivery.messageId(), e);
        }
    }

    private SendResult send(DueDelivery delivery, Instant now, Map<String, String> trace) {
        List<SigningKeys.Key> keys = subscriptions.signingKeys(delivery.subscriptionId(), now);
        if (keys.isEmpty()) {
            return SendResult.noResponse("the subscription has no signing key");
        }
        long timestamp = now.getEpochSecond();
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("webhook-id", delivery.messageId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put(
                "webhook-signature", WebhookSigner.signWith(delivery.messageId(), timestamp, delivery.body(), keys));
        headers.put("content-type", "application/json");
        headers.put("user-agent", userAgent);
        // W3C trace context (not signed: it describes the delivery, not the event).
        String traceParent = trace.get(NotifyTracing.TRACEPARENT);
        if (traceParent != null) {
            headers.put(NotifyTracing.TRACEPARENT, traceParent);
            String traceState = trace.get(NotifyTracing.TRACESTATE);
            if (traceState != null && !traceState.isEmpty()) {
                headers.put(NotifyTracing.TRACESTATE, traceState);
            }
        }
        return sender.send(new WebhookRequest(delivery.url(), headers, delivery.body()));
    }

    private void report(DueDelivery delivery, SendResult result, DeliveryOutcome outcome) {
        String target = TargetGuard.describe(delivery.url());
        switch (outcome.status()) {
            case DELIVERED ->
                log.info(
                        "Delivered {} ({}) to {} (HTTP {}, attempt {}, {} ms)",
                        delivery.messageId(),
                        delivery.type(),
                        target,
                        result.statusCode(),
                        delivery.attempt(),
                        result.durationMillis());
            case PENDING ->
                log.warn(
                        "Delivery of {} to {} failed ({}), attempt {} of {}; next attempt at {}",
                        delivery.messageId(),
                        target,
                        result.error(),
                        delivery.cycleAttempt(),
                        retries.maxAttempts(),
                        outcome.nextAttemptAt());
            case FAILED ->
                log.warn(
                        "Delivery of {} to {} failed ({}) after {} attempts; giving up{}",
                        delivery.messageId(),
                        target,
                        result.error(),
                        delivery.cycleAttempt(),
                        outcome.disableSubscription() ? " and disabling the subscription" : "");
        }
    }
}
