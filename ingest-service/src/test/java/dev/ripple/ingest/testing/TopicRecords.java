package dev.ripple.ingest.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The records appended to some topics after a mark. The tests share one broker and the topics have fixed names, so
 * each test marks the end of the topics before it publishes and reads exactly what came after: no waiting for
 * "probably all", no records of other tests.
 */
public final class TopicRecords implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, Long> marks = new HashMap<>();
    private final List<String> topics;
    private Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> read;

    private TopicRecords(List<String> topics, boolean committedOnly) {
        Properties properties = TestKafka.clientProperties();
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (committedOnly) {
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = List.copyOf(topics);
        marks.putAll(consumer.endOffsets(partitions()));
    }

    /** The partitions of the topics that exist now; a topic created later is read from its start. */
    private List<TopicPartition> partitions() {
        Map<String, List<PartitionInfo>> existing = consumer.listTopics(Duration.ofSeconds(10));
        return topics.stream()
                .flatMap(topic -> existing.getOrDefault(topic, List.of()).stream())
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
    }

    /** Marks the current end of the topics. */
    public static TopicRecords markEnd(String... topics) {
        return new TopicRecords(List.of(topics), false);
    }

    /**
     * Marks the current end of the topics for a reader that sees committed transactions only, as consumers do
     * ({@code read_committed}): records of aborted or still open transactions are never returned.
     */
    public static TopicRecords markEndCommitted(String... topics) {
        return new TopicRecords(List.of(topics), true);
    }

    /** The records appended to {@code topic} since the mark, partition by partition, each in offset order. */
    public List<ConsumerRecord<String, byte[]>> since(String topic) {
        if (read == null) {
            read = readToTheEnd();
        }
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        marks.keySet().stream()
                .filter(partition -> partition.topic().equals(topic))
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .forEach(partition -> records.addAll(read.getOrDefault(partition, List.of())));
        return records;
    }

    /** Reads every marked partition from its mark up to its end now (its high watermark: all acknowledged). */
    private Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> readToTheEnd() {
        List<TopicPartition> partitions = partitions();
        partitions.forEach(partition -> marks.putIfAbsent(partition, 0L));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        consumer.assign(partitions);
        marks.forEach(consumer::seek);
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read up to " + ends + " within 30 s");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < ends.get(partition)) {
                    records.computeIfAbsent(partition, ignored -> new ArrayList<>())
                            .add(record);
                }
            }
        }
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
