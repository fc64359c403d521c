package dev.ripple.ingest.publish;

import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.Topics;
import dev.ripple.ingest.source.EventPublisher;
import io.opentelemetry.api.trace.Span;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one Kafka producer of ingest-service. Idempotent with {@code acks=all}: retries never duplicate or reorder
 * records within a partition, even with five requests in flight, so events published from one thread reach each
 * partition in call order. Payload = {@link EventJson}, headers = CloudEvents binary mode as raw UTF-8 bytes.
 */
@Singleton
public final class KafkaEventPublisher implements EventPublisher {

    static final String CLIENT_ID = "ripple-ingest";
    static final int LINGER_MS = 5;

    private final Producer<String, byte[]> producer;
    private final KafkaTelemetry telemetry;

    public KafkaEventPublisher(KafkaSettings settings) {
        this(settings, KafkaTelemetry.NOOP);
    }

    @Inject
    public KafkaEventPublisher(KafkaSettings settings, KafkaTelemetry telemetry) {
        this.producer =
                new KafkaProducer<>(producerConfig(settings), new StringSerializer(), new ByteArraySerializer());
        this.telemetry = telemetry;
    }

    static Map<String, Object> producerConfig(KafkaSettings settings) {
        int deliveryTimeoutMs = Math.toIntExact(settings.deliveryTimeout().toMillis());
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        // Bounded: a send is acknowledged or failed within the delivery timeout (retries included), and a send
        // waiting for metadata of an unreachable cluster gives up after the same time instead of hanging.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, deliveryTimeoutMs - LINGER_MS));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryTimeoutMs);
        return config;
    }

    @Override
    public CompletionStage<Void> publish(RippleEvent event, String ceSource) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Span span = null;
        try {
            ProducerRecord<String, byte[]> record = record(event, ceSource);
            Span publishing = telemetry.publishing(record.topic(), event.id(), record.headers());
            span = publishing;
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    telemetry.acknowledged(publishing, record.topic());
                    acknowledged.complete(null);
                } else {
                    telemetry.failed(publishing, exception);
                    acknowledged.completeExceptionally(exception);
                }
            });
        } catch (RuntimeException e) {
            // Serialization errors, a closed producer, or an interrupt while waiting for buffer space.
            if (span != null) {
                telemetry.failed(span, e);
            }
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    static ProducerRecord<String, byte[]> record(RippleEvent event, String ceSource) {
        RecordHeaders headers = new RecordHeaders();
        CloudEvents.headers(event, ceSource).forEach((name, value) -> headers.add(name, CloudEvents.bytes(value)));
        return new ProducerRecord<>(Topics.of(event), null, event.key(), EventJson.encode(event), headers);
    }

    /** Sends what is buffered, then closes; what cannot be sent in time fails its replay rather than vanishing. */
    @PreDestroy
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
