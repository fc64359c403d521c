package dev.ripple.notify.intake;

import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.FollowAttributed;
import dev.ripple.events.InvalidEventException;
import dev.ripple.events.Topics;
import dev.ripple.notify.config.NotifyProperties;
import dev.ripple.notify.metrics.NotifyMetrics;
import dev.ripple.notify.policy.FeedPolicy;
import dev.ripple.notify.tracing.NotifyTracing;
import io.micrometer.tracing.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.annotation.StreamRetryTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * The binding {@code attributions-in-0} on {@code ripple.attributions.v1}. A record that is not a valid
 * {@link FollowAttributed} (or carries another {@code ce_type}, or sits under another key than the event's) throws
 * {@link InvalidEventException}, which the binder sends to the dead-letter topic
 * without retrying; any other failure (the database restarting, say) is retried with back-off first, then
 * dead-lettered. The reason travels in the {@code x-exception-message} header.
 */
@Configuration(proxyBeanMethods = false)
class AttributionsConsumer {

    private static final Logger log = LoggerFactory.getLogger(AttributionsConsumer.class);

    @Bean
    FeedPolicy feedPolicy(NotifyProperties settings) {
        return new FeedPolicy(settings.quietPeriod());
    }

    /**
     * The binding's retries: 3 more attempts after 1 s, 2 s and 4 s, none for an invalid record (the binder matches
     * the exception anywhere in the cause chain).
     */
    @StreamRetryTemplate
    RetryTemplate attributionRetries() {
        return new RetryTemplate(RetryPolicy.builder()
                .maxRetries(3)
                .delay(Duration.ofSeconds(1))
                .multiplier(2.0)
                .maxDelay(Duration.ofSeconds(10))
                .excludes(InvalidEventException.class)
                .build());
    }

    @Bean
    Consumer<Message<byte[]>> attributions(AttributionHandler handler, NotifyTracing tracing, NotifyMetrics metrics) {
        return message -> {
            metrics.consumed(Topics.ATTRIBUTIONS);
            // The record's processing is a span in the trace its producer started (its traceparent header); the alerts
            // it makes remember this span's context, and their webhooks carry it.
            Span span = tracing.consume(message.getHeaders(), Topics.ATTRIBUTIONS);
            try (var scope = tracing.inScope(span)) {
                consume(message, handler);
                metrics.attribution("applied");
            } catch (InvalidEventException e) {
                metrics.attribution("invalid");
                span.error(e);
                throw e;
            } catch (RuntimeException e) {
                metrics.attribution("failed");
                span.error(e);
                throw e;
            } finally {
                span.end();
            }
        };
    }

    private static void consume(Message<byte[]> message, AttributionHandler handler) {
        {
            Integer partition = message.getHeaders().get(KafkaHeaders.RECEIVED_PARTITION, Integer.class);
            if (partition == null) {
                throw new IllegalStateException("message has no " + KafkaHeaders.RECEIVED_PARTITION + " header");
            }
            FollowAttributed event;
            try {
                event = check(
                        CloudEvents.string(message.getHeaders().get(CloudEvents.TYPE)),
                        CloudEvents.string(message.getHeaders().get(KafkaHeaders.RECEIVED_KEY)),
                        EventJson.decode(message.getPayload(), FollowAttributed.class));
            } catch (InvalidEventException e) {
                log.warn(
                        "Attribution record at partition {} offset {} is invalid ({}); sending it to the dead-letter topic",
                        partition,
                        message.getHeaders().get(KafkaHeaders.OFFSET),
                        e.getMessage());
                throw e;
            }
            Long timestamp = message.getHeaders().get(KafkaHeaders.RECEIVED_TIMESTAMP, Long.class);
            handler.handle(event, partition, timestamp == null ? null : Instant.ofEpochMilli(timestamp));
        }
    }

    /** What this consumer needs beyond the contract's own validation. */
    static FollowAttributed check(String ceType, String recordKey, FollowAttributed event) {
        List<String> problems = new ArrayList<>();
        if (ceType != null && !CloudEvents.FOLLOW_ATTRIBUTED.equals(ceType)) {
            problems.add("ce_type '" + ceType + "' is not " + CloudEvents.FOLLOW_ATTRIBUTED);
        }
        // The key decides the partition, and the partition decides which watermark and which consumer see the
        // credit: a record filed under another key would break both.
        if (recordKey != null && !recordKey.equals(event.key())) {
            problems.add("record key '" + recordKey + "' is not the event's key '" + event.key() + "'");
        }
        if (event.sharer() != null && event.cascadeId() == null && event.credited()) {
            problems.add("cascadeId is missing for a credited sharer");
        }
        if (!problems.isEmpty()) {
            throw new InvalidEventException(problems);
        }
        return event;
    }
}
