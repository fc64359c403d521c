package dev.ripple.notify.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the topics this service produces to are created ({@code ripple.kafka.*}).
 *
 * @param partitions partitions of a topic created here
 * @param replicationFactor replication factor of a topic created here
 * @param adminTimeout how long start-up waits for the broker to create a topic
 */
@ConfigurationProperties("ripple.kafka")
public record KafkaTopicProperties(
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("30s") Duration adminTimeout) {

    public KafkaTopicProperties {
        if (partitions < 1) {
            throw new IllegalArgumentException("ripple.kafka.partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "ripple.kafka.replication-factor must be at least 1, was " + replicationFactor);
        }
        if (adminTimeout == null || adminTimeout.isNegative() || adminTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "ripple.kafka.admin-timeout must be greater than zero, was " + adminTimeout);
        }
    }
}
