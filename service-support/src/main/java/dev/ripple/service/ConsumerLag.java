package dev.ripple.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * {@code ripple_kafka_consumer_lag{group, topic}}: records of each consumed topic not yet committed by this service's
 * consumer group (end offsets, read committed, minus the group's committed offsets; partitions without a commit count
 * from their first offset). Every instance reports the whole group's lag, so dashboards and the autoscaler take the
 * maximum over instances. Read from the brokers every 15 s, not on each scrape; NaN while Kafka does not answer.
 * Each service declares it as a bean with the topics it consumes (its {@code @Scheduled} read needs scheduling on).
 */
public class ConsumerLag implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private final List<String> topics;
    private final String group;
    private final Admin admin;
    private final Map<String, Double> lag = new ConcurrentHashMap<>();

    /**
     * @param group the consumer group (the service's {@code spring.application.name})
     * @param bootstrapServers the brokers the group consumes from
     * @param topics the topics the group consumes
     */
    public ConsumerLag(MeterRegistry registry, String group, String bootstrapServers, List<String> topics) {
        this.topics = List.copyOf(topics);
        this.group = group;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                group + "-lag",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000));
        for (String topic : this.topics) {
            lag.put(topic, Double.NaN);
            Gauge.builder("ripple.kafka.consumer.lag", lag, l -> l.getOrDefault(topic, Double.NaN))
                    .description("Records of the topic not yet committed by the consumer group (the whole group's)")
                    .tags("group", group, "topic", topic)
                    .register(registry);
        }
    }

    @Scheduled(fixedDelay = 15_000, initialDelay = 5_000)
    public void read() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<String, TopicDescription> described =
                    admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            described
                    .values()
                    .forEach(topic -> topic.partitions().forEach(p -> {
                        TopicPartition partition = new TopicPartition(topic.name(), p.partition());
                        latest.put(partition, OffsetSpec.latest());
                        earliest.put(partition, OffsetSpec.earliest());
                    }));
            ListOffsetsOptions readCommitted = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest, readCommitted).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> starts =
                    admin.listOffsets(earliest, readCommitted).all().get(10, TimeUnit.SECONDS);
            Map<String, Double> next = new HashMap<>();
            topics.forEach(topic -> next.put(topic, 0.0));
            for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                long from =
                        done != null ? done.offset() : starts.get(end.getKey()).offset();
                next.merge(
                        end.getKey().topic(),
                        (double) Math.max(0, end.getValue().offset() - from),
                        Double::sum);
            }
            lag.putAll(next);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            topics.forEach(topic -> lag.put(topic, Double.NaN));
            log.debug("Cannot read the lag of consumer group {}: {}", group, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
