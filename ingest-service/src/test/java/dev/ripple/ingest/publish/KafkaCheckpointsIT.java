package dev.ripple.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.events.Account;
import dev.ripple.events.EventJson;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.Topics;
import dev.ripple.ingest.testing.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events and source cursors are committed together in one Kafka transaction, and cursors survive a restart. */
class KafkaCheckpointsIT {

    static Admin admin;
    static KafkaSettings settings;

    @BeforeAll
    static void kafka() {
        settings =
                new KafkaSettings(TestKafka.bootstrapServers(), 3, 1, Duration.ofSeconds(20), Duration.ofSeconds(20));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()));
        TopicProvisioner.provision(admin, settings, Topics.SHARES, Topics.FOLLOWS, Topics.FOLLOWING);
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    private static FollowObserved follow(String id) {
        return new FollowObserved(
                id,
                "mastodon",
                new Account("mastodon:x.social:fan-" + id, "@fan-" + id + "@x.social", null),
                new Account("mastodon:x.social:author", "@author@x.social", null),
                Instant.parse("2026-01-01T00:00:00Z"),
                null);
    }

    @Test
    void eventsAndCursorAreCommittedTogetherAndTheCursorSurvivesARestart() {
        String source = "mastodon:x.social:author@x.social:notifications:" + UUID.randomUUID();
        String first = "cp-" + UUID.randomUUID();
        try (KafkaCheckpoints checkpoints =
                new KafkaCheckpoints(settings, new InstanceSettings("it-" + UUID.randomUUID()), admin)) {
            assertThat(checkpoints.cursor(source)).isEmpty();

            checkpoints.commit(source, "/ripple/ingest/mastodon/x.social", List.of(follow(first)), "min_id=42");

            assertThat(checkpoints.cursor(source)).contains("min_id=42");
        }
        try (KafkaCheckpoints restarted =
                new KafkaCheckpoints(settings, new InstanceSettings("it-" + UUID.randomUUID()), admin)) {
            assertThat(restarted.cursor(source)).contains("min_id=42");
            restarted.forget(source);
            assertThat(restarted.cursor(source)).isEmpty();
        }
        try (KafkaCheckpoints again =
                new KafkaCheckpoints(settings, new InstanceSettings("it-" + UUID.randomUUID()), admin)) {
            assertThat(again.cursor(source)).isEmpty();
        }
        List<ConsumerRecord<String, byte[]>> follows = committedRecords(Topics.FOLLOWS);
        assertThat(follows)
                .filteredOn(record -> EventJson.decode(record.value(), FollowObserved.class)
                        .id()
                        .equals(first))
                .singleElement()
                .satisfies(record -> assertThat(record.key()).isEqualTo("mastodon:x.social:author"));
    }

    @Test
    void aNewInstanceWithTheSameIdFencesTheOldOneWhichThenFailsLoudly() {
        InstanceSettings same = new InstanceSettings("it-fence-" + UUID.randomUUID());
        String source = "src-" + UUID.randomUUID();
        try (KafkaCheckpoints zombie = new KafkaCheckpoints(settings, same, admin);
                KafkaCheckpoints successor = new KafkaCheckpoints(settings, same, admin)) {
            zombie.commit(source, "/t", List.of(), "1");
            successor.commit(source, "/t", List.of(), "2");

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> zombie.commit(source, "/t", List.of(), "3"))
                    .isInstanceOf(dev.ripple.ingest.source.Checkpoints.CheckpointException.class);
        }
        try (KafkaCheckpoints reader =
                new KafkaCheckpoints(settings, new InstanceSettings("it-" + UUID.randomUUID()), admin)) {
            assertThat(reader.cursor(source)).contains("2");
        }
    }

    private static List<ConsumerRecord<String, byte[]>> committedRecords(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestKafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "it-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
                if (!records.isEmpty()
                        && consumer.assignment().stream()
                                .allMatch(p -> consumer.position(p)
                                        >= consumer.endOffsets(List.of(p)).get(p))) {
                    break;
                }
            }
            return records;
        }
    }
}
