package dev.ripple.notify.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * notify-service's domain metrics (Prometheus names in docs/observability.md). Kafka-level counts use the names every
 * Ripple service shares ({@code ripple_kafka_records_consumed_total}, tagged {@code topic}); the rest are
 * {@code ripple_notify_*}.
 */
@Component
public class NotifyMetrics {

    private final MeterRegistry registry;
    private final Timer sinceCreated;
    private final Timer sinceAttribution;

    public NotifyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.sinceCreated = Timer.builder("ripple.notify.delivery.latency")
                .description("From the alert's creation to its successful delivery")
                .tag("basis", "alert_created")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        this.sinceAttribution = Timer.builder("ripple.notify.delivery.latency")
                .description("From the publication of the attribution that caused the alert to its delivery")
                .tag("basis", "attribution_published")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    /** Records read from a topic. */
    public void consumed(String topic) {
        Counter.builder("ripple.kafka.records.consumed")
                .description("Records consumed, per topic")
                .tag("topic", topic)
                .register(registry)
                .increment();
    }

    /**
     * An attribution consumed: {@code applied}, {@code invalid} (dead-lettered at once) or {@code failed} (an attempt
     * that threw; retried, then dead-lettered).
     */
    public void attribution(String outcome) {
        Counter.builder("ripple.notify.attributions")
                .description("Attributions consumed, per outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** An alert (or operational event) stored for a subscriber, counted once its transaction committed. */
    public void alertCreated(String type) {
        Counter.builder("ripple.notify.alerts")
                .description("Webhook messages created, per event type")
                .tag("type", type)
                .register(registry)
                .increment();
    }

    /**
     * One delivery attempt: its outcome ({@code DELIVERED}, {@code RETRY}, {@code FAILED}), the receiver's status class
     * ({@code 2xx} … {@code 5xx}, or {@code none} without a response) and how long the request took.
     */
    public void attempt(String outcome, int statusCode, long durationMillis) {
        String status = statusCode <= 0 ? "none" : (statusCode / 100) + "xx";
        Counter.builder("ripple.notify.deliveries")
                .description("Webhook delivery attempts, per outcome and receiver status class")
                .tag("outcome", outcome)
                .tag("status", status)
                .register(registry)
                .increment();
        Timer.builder("ripple.notify.delivery.duration")
                .description("Duration of one webhook request, response included")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)
                .record(Duration.ofMillis(Math.max(0, durationMillis)));
    }

    /** A message delivered: how long after its creation, and after the attribution that caused it was published. */
    public void delivered(Instant createdAt, Instant causedAt, Instant now) {
        if (createdAt != null) {
            sinceCreated.record(nonNegative(Duration.between(createdAt, now)));
        }
        if (causedAt != null) {
            sinceAttribution.record(nonNegative(Duration.between(causedAt, now)));
        }
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
