package dev.ripple.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ripple.ingest.testing.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Topic creation against a real broker, on topics named for each test (the real ones are shared by other ITs). */
class TopicProvisioningIT {

    private static Admin admin;

    @BeforeAll
    static void connect() {
        admin = Admin.create(TestKafka.clientProperties());
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void missingTopicsAreCreatedWithTheConfiguredPartitionsAndReplication() throws Exception {
        Names names = new Names();

        TopicProvisioner.provision(admin, settings(4), names.shares, names.follows, names.following);

        Map<String, TopicDescription> topics = describe(names);
        assertThat(topics.values()).allSatisfy(topic -> {
            assertThat(topic.partitions()).hasSize(4);
            assertThat(topic.partitions())
                    .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(1));
        });
    }

    @Test
    void provisioningTwiceChangesNothing() throws Exception {
        Names names = new Names();
        TopicProvisioner.provision(admin, settings(4), names.shares, names.follows, names.following);

        TopicProvisioner.provision(admin, settings(2), names.shares, names.follows, names.following);

        assertThat(describe(names).values())
                .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(4));
    }

    @Test
    void sharesAndFollowsWithDifferentPartitionCountsStopStartUp() throws Exception {
        Names names = new Names();
        admin.createTopics(List.of(new NewTopic(names.follows, 2, (short) 1)))
                .all()
                .get();

        assertThatThrownBy(() ->
                        TopicProvisioner.provision(admin, settings(3), names.shares, names.follows, names.following))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(names.shares + " has 3 partitions but " + names.follows + " has 2: "
                        + "shares and follows must have the same partition count");
    }

    @Test
    void replicationFactorAboveTheBrokerCountStopsStartUpNamingTheSetting() {
        Names names = new Names();
        KafkaSettings threeReplicas =
                new KafkaSettings(TestKafka.bootstrapServers(), 3, 3, Duration.ofSeconds(10), Duration.ofSeconds(10));

        assertThatThrownBy(() ->
                        TopicProvisioner.provision(admin, threeReplicas, names.shares, names.follows, names.following))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Cannot create topic " + names.shares
                        + " with 3 partitions and replication factor 3 (RIPPLE_KAFKA_PARTITIONS, "
                        + "RIPPLE_KAFKA_REPLICATION_FACTOR)");
    }

    private static KafkaSettings settings(int partitions) {
        return new KafkaSettings(
                TestKafka.bootstrapServers(), partitions, 1, Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    private static Map<String, TopicDescription> describe(Names names) throws Exception {
        return admin.describeTopics(List.of(names.shares, names.follows, names.following))
                .allTopicNames()
                .get();
    }

    private static final class Names {
        private final String suffix = UUID.randomUUID().toString().substring(0, 8);
        private final String shares = "it.shares." + suffix;
        private final String follows = "it.follows." + suffix;
        private final String following = "it.following." + suffix;
    }
}
