package dev.ripple.ingest.publish;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How ingest-service reaches Kafka ({@code ripple.kafka.*}; each setting has an environment variable, see
 * application.yml). A {@link Context} bean, checked when it is built, so that a bad value stops start-up with a
 * message naming the setting and its environment variable.
 *
 * @param partitions partitions of the topics this service creates (shares and follows must match: co-partitioned)
 * @param replicationFactor replication factor of the topics this service creates
 * @param deliveryTimeout how long an event may take to be acknowledged before its replay reports it failed
 * @param adminTimeout how long start-up waits for Kafka to create or describe the topics
 */
@Context
@ConfigurationProperties("ripple.kafka")
public record KafkaSettings(
        String bootstrapServers,
        int partitions,
        int replicationFactor,
        Duration deliveryTimeout,
        Duration adminTimeout) {

    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);

    public KafkaSettings {
        List<String> problems = new ArrayList<>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            problems.add("ripple.kafka.bootstrap-servers (RIPPLE_KAFKA_BOOTSTRAP_SERVERS) must be set");
        }
        if (partitions < 1) {
            problems.add("ripple.kafka.partitions (RIPPLE_KAFKA_PARTITIONS) must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
            problems.add("ripple.kafka.replication-factor (RIPPLE_KAFKA_REPLICATION_FACTOR) must be between 1 and "
                    + Short.MAX_VALUE + ", was " + replicationFactor);
        }
        checkTimeout(problems, deliveryTimeout, "ripple.kafka.delivery-timeout (RIPPLE_KAFKA_DELIVERY_TIMEOUT)");
        checkTimeout(problems, adminTimeout, "ripple.kafka.admin-timeout (RIPPLE_KAFKA_ADMIN_TIMEOUT)");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid Kafka settings: " + String.join("; ", problems));
        }
    }

    private static void checkTimeout(List<String> problems, Duration timeout, String setting) {
        if (timeout == null) {
            problems.add(setting + " must be set");
        } else if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.toMillis() > Integer.MAX_VALUE) {
            problems.add(setting + " must be between 1s and 24d, was " + timeout);
        }
    }
}
