package dev.ripple.ingest.mastodon;

import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareObserved;
import dev.ripple.events.Topics;
import dev.ripple.ingest.testing.TestKafka;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The events committed to the three event topics since this was created, as a consumer reading committed data sees
 * them ({@code read_committed}: nothing of an aborted or open transaction). Each {@link #read()} reads everything
 * from the mark to the current end again, so tests can await a condition on the whole.
 */
final class CommittedEvents implements AutoCloseable {

    /** An event with where it was read. */
    record Read(RippleEvent event, String topic, int partition, long offset, String key, String ceSource) {}

    private static final List<String> TOPICS = List.of(Topics.SHARES, Topics.FOLLOWS, Topics.FOLLOWING);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, Long> marks = new HashMap<>();
    private final List<TopicPartition> partitions;

    CommittedEvents() {
        MastodonTestbed.admin();
        Properties properties = TestKafka.clientProperties();
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        partitions = TOPICS.stream()
                .flatMap(topic -> consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream())
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        marks.putAll(consumer.endOffsets(partitions));
        consumer.assign(partitions);
    }

    synchronized List<Read> records() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        marks.forEach(consumer::seek);
        List<Read> read = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read up to " + ends);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= ends.get(partition)) {
                    continue;
                }
                RippleEvent event = EventJson.decode(record.value(), classOf(record.topic()));
                read.add(new Read(
                        event,
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.key(),
                        CloudEvents.string(
                                record.headers().lastHeader(CloudEvents.SOURCE).value())));
            }
        }
        read.sort(
                Comparator.comparing(Read::topic).thenComparing(Read::partition).thenComparing(Read::offset));
        return read;
    }

    List<RippleEvent> events() {
        return records().stream().map(Read::event).toList();
    }

    <T extends RippleEvent> List<T> events(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Class<? extends RippleEvent> classOf(String topic) {
        return switch (topic) {
            case Topics.SHARES -> ShareObserved.class;
            case Topics.FOLLOWS -> FollowObserved.class;
            default -> FollowingObserved.class;
        };
    }

    @Override
    public void close() {
        consumer.close();
    }
}
