package dev.ripple.cascade.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Kafka settings shared by the outbox relay, the dead-letter publisher and topic provisioning.
 *
 * @param bootstrapServers {@code RIPPLE_KAFKA_BOOTSTRAP_SERVERS}
 * @param partitions partitions of topics this service creates ({@code RIPPLE_KAFKA_PARTITIONS})
 * @param replicationFactor replication of topics this service creates ({@code RIPPLE_KAFKA_REPLICATION_FACTOR})
 */
@Validated
@ConfigurationProperties("ripple.kafka")
public record KafkaSettings(
        @NotBlank String bootstrapServers,
        @Min(1) @Max(10_000) int partitions,
        @Min(1) @Max(32) short replicationFactor) {}
