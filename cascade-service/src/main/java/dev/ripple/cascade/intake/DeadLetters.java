package dev.ripple.cascade.intake;

import dev.ripple.cascade.metrics.CascadeMetrics;
import dev.ripple.cascade.publish.RippleProducer;
import dev.ripple.events.CloudEvents;
import dev.ripple.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends a record that cannot be processed to {@code ripple.cascade-service.dlq.v1}, byte for byte, with its original
 * headers plus the reason ({@code x-exception-message}) and where it came from. Nothing a producer sends is lost.
 */
@Component
class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final RippleProducer producer;
    private final CascadeMetrics metrics;

    DeadLetters(RippleProducer producer, CascadeMetrics metrics) {
        this.producer = producer;
        this.metrics = metrics;
    }

    void send(InboundRecord record, String reason, Class<?> cause) {
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, Object> header : record.headers().entrySet()) {
            byte[] value = raw(header.getValue());
            if (value != null
                    && !header.getKey().startsWith("kafka_")
                    && !header.getKey().startsWith("x-")) {
                headers.add(header.getKey(), value);
            }
        }
        headers.add(CloudEvents.DLQ_REASON, utf8(reason));
        headers.add("x-exception-fqcn", utf8(cause.getName()));
        headers.add("x-original-topic", utf8(record.topic()));
        if (record.partition() != null) {
            headers.add("x-original-partition", utf8(record.partition().toString()));
        }
        if (record.offset() != null) {
            headers.add("x-original-offset", utf8(record.offset().toString()));
        }
        try {
            producer.send(new ProducerRecord<>(Topics.CASCADE_DLQ, null, record.key(), record.payload(), headers))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            // Not acknowledged: fail the batch so it is redelivered rather than losing the record.
            throw new org.apache.kafka.common.KafkaException("dead-letter topic did not acknowledge", e);
        }
        metrics.deadLettered(record.topic());
        metrics.produced(Topics.CASCADE_DLQ, 1);
        log.warn(
                "Dead-lettered record {}-{}@{} (key {}): {}",
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                reason);
    }

    private static byte[] raw(Object value) {
        return switch (value) {
            case byte[] bytes -> bytes;
            case String string -> utf8(string);
            case null -> null;
            default -> null;
        };
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
