package dev.ripple.cascade.publish;

import dev.ripple.cascade.config.KafkaSettings;
import dev.ripple.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Creates the topics this service reads and writes before its bindings start, idempotently, and checks that shares
 * and follows are co-partitioned (same partition count), without which one consumer would not see all events about
 * an account.
 */
@Component
class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    static final List<String> TOPICS = List.of(
            Topics.SHARES,
            Topics.FOLLOWS,
            Topics.FOLLOWING,
            Topics.ENGAGEMENTS,
            Topics.ATTRIBUTIONS,
            Topics.CASCADE_DLQ);

    TopicProvisioner(KafkaSettings kafka) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                60_000))) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : TOPICS) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, kafka.partitions(), kafka.replicationFactor()));
                }
            }
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(60, TimeUnit.SECONDS);
                    log.info("Created topic {} ({} partitions)", result.getKey(), kafka.partitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            List<String> coPartitioned = List.of(Topics.SHARES, Topics.FOLLOWS, Topics.ENGAGEMENTS);
            Map<String, TopicDescription> described =
                    admin.describeTopics(coPartitioned).allTopicNames().get(60, TimeUnit.SECONDS);
            Map<String, Integer> counts = new java.util.LinkedHashMap<>();
            coPartitioned.forEach(
                    topic -> counts.put(topic, described.get(topic).partitions().size()));
            if (counts.values().stream().distinct().count() > 1) {
                throw new IllegalStateException("Topics " + counts + " (partitions) must have the same partition "
                        + "count: events about one account are correlated by one consumer only when they are "
                        + "co-partitioned");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Cannot reach Kafka at " + kafka.bootstrapServers()
                            + " (RIPPLE_KAFKA_BOOTSTRAP_SERVERS) to provision topics: " + e.getMessage(),
                    e);
        }
    }
}
