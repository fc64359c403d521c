package dev.ripple.notify.delivery;

import dev.ripple.notify.config.NotifyProperties;
import dev.ripple.notify.subscription.SubscriptionStore;
import dev.ripple.notify.subscription.TargetGuard;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due deliveries: claims a batch (committed at once), sends each on its own virtual thread outside any
 * transaction, so one slow endpoint does not hold up the others, then records each outcome.
 */
@Component
class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    /** Batches taken in one poll before yielding to the next scheduled run. */
    private static final int MAX_BATCHES_PER_POLL = 10;

    private final DeliveryStore deliveries;
    private final SubscriptionStore subscriptions;
    private final WebhookSender sender;
    private final TargetGuard guard;
    private final RetrySchedule retries;
    private final Clock clock;
    private final int batchSize;
    private final Duration lease;
    private final String userAgent;

    DeliveryWorker(
            DeliveryStore deliveries,
            SubscriptionStore subscriptions,
            WebhookSender sender,
            TargetGuard guard,
            NotifyProperties settings,
            Clock clock,
            @Value("${ripple.version:dev}") String version) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.guard = guard;
        this.retries = new RetrySchedule(settings.retrySchedule(), new SecureRandom());
        this.clock = clock;
        this.batchSize = settings.delivery().batchSize();
        this.lease = settings.delivery().lease();
        this.userAgent = "Ripple-Webhooks/" + version;
    }

    @Scheduled(fixedDelayString = "${ripple.notify.delivery.poll-interval}")
    void deliverDue() {
        try {
            for (int batch = 0; batch < MAX_BATCHES_PER_POLL; batch++) {
                List<DueDelivery> due = deliveries.claim(clock.instant(), batchSize, lease);
                if (!due.isEmpty()) {
                    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                        due.forEach(delivery -> threads.submit(() -> attempt(delivery)));
                    }
                }
                if (due.size() < batchSize) {
                    return;
                }
            }
        } catch (DataAccessException e) {
            log.warn("Could not claim due deliveries ({}); will try again at the next poll", e.getMessage());
        }
    }

    private void attempt(DueDelivery delivery) {
        try {
            SendResult result = send(delivery);
            Instant now = clock.instant();
            DeliveryOutcome outcome = retries.after(result, delivery.attempt(), now);
            if (!deliveries.settle(delivery.id(), delivery.attempt(), outcome, result, now)) {
                log.warn("Delivery {} was settled by another worker meanwhile; outcome dropped", delivery.id());
                return;
            }
            report(delivery, result, outcome);
            if (outcome.disableSubscription()) {
                subscriptions.disable(delivery.subscriptionId(), "the endpoint answered 410 Gone", now);
            }
        } catch (RuntimeException e) {
            // The lease runs out and the delivery is tried again.
            log.error(
                    "Delivery {} of {} could not be completed; it is retried when its lease expires",
                    delivery.id(),
                    delivery.messageId(),
                    e);
        }
    }

    private SendResult send(DueDelivery delivery) {
        try {
            guard.checkBeforeSending(delivery.url());
        } catch (TargetGuard.RefusedTargetException e) {
            return SendResult.noResponse("refused: " + e.getMessage());
        }
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = Map.of(
                "webhook-id", delivery.messageId(),
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature",
                        WebhookSigner.sign(
                                delivery.messageId(), timestamp, delivery.body(), List.of(delivery.secret())),
                "content-type", "application/json",
                "user-agent", userAgent);
        return sender.send(new WebhookRequest(delivery.url(), headers, delivery.body()));
    }

    private void report(DueDelivery delivery, SendResult result, DeliveryOutcome outcome) {
        String target = TargetGuard.describe(delivery.url());
        switch (outcome.status()) {
            case DELIVERED ->
                log.info(
                        "Delivered {} to {} (HTTP {}, attempt {})",
                        delivery.messageId(),
                        target,
                        result.statusCode(),
                        delivery.attempt());
            case PENDING ->
                log.warn(
                        "Delivery of {} to {} failed ({}), attempt {} of {}; next attempt at {}",
                        delivery.messageId(),
                        target,
                        result.error(),
                        delivery.attempt(),
                        retries.maxAttempts(),
                        outcome.nextAttemptAt());
            case FAILED ->
                log.warn(
                        "Delivery of {} to {} failed ({}) after {} attempts; giving up{}",
                        delivery.messageId(),
                        target,
                        result.error(),
                        delivery.attempt(),
                        outcome.disableSubscription() ? " and disabling the subscription" : "");
        }
    }
}
