package dev.ripple.notify.config;

import dev.ripple.events.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Creates the topic this service produces to, its dead-letter topic, at start-up (before the consumer binding starts),
 * idempotently. Fails start-up when the broker cannot be reached, naming it.
 */
@Component
class DeadLetterTopic implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterTopic.class);

    private final String bootstrapServers;
    private final KafkaTopicProperties settings;

    DeadLetterTopic(
            @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers, KafkaTopicProperties settings) {
        this.bootstrapServers = bootstrapServers;
        this.settings = settings;
    }

    @Override
    public void afterPropertiesSet() throws InterruptedException {
        long timeoutMs = settings.adminTimeout().toMillis();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 30_000));
        NewTopic topic = new NewTopic(Topics.NOTIFY_DLQ, settings.partitions(), settings.replicationFactor());
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            log.info(
                    "Created topic {} ({} partitions, replication factor {})",
                    Topics.NOTIFY_DLQ,
                    settings.partitions(),
                    settings.replicationFactor());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                log.debug("Topic {} exists already", Topics.NOTIFY_DLQ);
                return;
            }
            throw new IllegalStateException(
                    "Cannot create topic " + Topics.NOTIFY_DLQ + " on Kafka at " + bootstrapServers
                            + " (RIPPLE_KAFKA_BOOTSTRAP_SERVERS): "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + bootstrapServers + " (RIPPLE_KAFKA_BOOTSTRAP_SERVERS) did not answer within "
                            + settings.adminTimeout() + " while creating topic " + Topics.NOTIFY_DLQ,
                    e);
        }
    }
}
