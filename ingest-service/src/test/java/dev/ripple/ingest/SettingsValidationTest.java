package dev.ripple.ingest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad setting stops start-up with a message that names it, before any connection to Kafka is tried. */
class SettingsValidationTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "ripple.kafka.partitions          | 0           | RIPPLE_KAFKA_PARTITIONS",
                "ripple.kafka.replication-factor  | 0           | RIPPLE_KAFKA_REPLICATION_FACTOR",
                "ripple.kafka.replication-factor  | 40000       | RIPPLE_KAFKA_REPLICATION_FACTOR",
                "ripple.kafka.bootstrap-servers   | ' '         | RIPPLE_KAFKA_BOOTSTRAP_SERVERS",
                "ripple.kafka.delivery-timeout    | 10ms        | RIPPLE_KAFKA_DELIVERY_TIMEOUT",
                "ripple.replay.speed              | -1          | RIPPLE_REPLAY_SPEED",
                "ripple.replay.speed              | fast        | RIPPLE_REPLAY_SPEED",
                "ripple.replay.file               | /no/such/file.jsonl | RIPPLE_REPLAY_FILE",
                "ripple.replay.history            | 0           | RIPPLE_REPLAY_HISTORY",
                "ripple.replay.max-running        | 0           | RIPPLE_REPLAY_MAX_RUNNING",
                "ripple.replay.max-body-size      | 100         | RIPPLE_REPLAY_MAX_BODY_SIZE",
                "ripple.mastodon.poll-interval    | 0s          | RIPPLE_MASTODON_POLL_INTERVAL",
                "ripple.mastodon.page-limit       | 81          | RIPPLE_MASTODON_PAGE_LIMIT",
                "ripple.mastodon.rate-limit-share | 0           | RIPPLE_MASTODON_RATE_LIMIT_SHARE",
                "ripple.mastodon.exposure-budget  | -5          | RIPPLE_MASTODON_EXPOSURE_BUDGET",
                "ripple.sources.poll-threads      | 0           | RIPPLE_SOURCES_POLL_THREADS",
                "ripple.jetstream.index-capacity  | -1          | RIPPLE_JETSTREAM_INDEX_CAPACITY",
                "ripple.jetstream.index-capacity  | 1000001     | RIPPLE_JETSTREAM_INDEX_CAPACITY",
            })
    void badSettingStopsStartUpNamingIt(String property, String value, String environmentVariable) {
        Map<String, Object> properties = unreachableKafka();
        properties.put(property, value);

        assertThatThrownBy(() -> ApplicationContext.run(properties).close())
                .hasMessageContaining(property + " (" + environmentVariable + ") must be");
    }

    @Test
    void everyBadSettingIsNamedAtOnce() {
        Map<String, Object> properties = unreachableKafka();
        properties.put("ripple.kafka.partitions", "0");
        properties.put("ripple.kafka.replication-factor", "0");

        assertThatThrownBy(() -> ApplicationContext.run(properties).close())
                .hasMessageContaining("Invalid Kafka settings: ripple.kafka.partitions (RIPPLE_KAFKA_PARTITIONS) must "
                        + "be at least 1, was 0; ripple.kafka.replication-factor (RIPPLE_KAFKA_REPLICATION_FACTOR) "
                        + "must be between 1 and 32767, was 0");
    }

    @Test
    void unreachableKafkaStopsStartUpSayingWhere() {
        assertThatThrownBy(() -> ApplicationContext.run(unreachableKafka()).close())
                .hasStackTraceContaining("Kafka at 127.0.0.1:1")
                .hasStackTraceContaining("did not answer within PT1S");
    }

    /** Nothing listens on port 1: a test that reached Kafka would fail within the 1 s admin timeout. */
    private static Map<String, Object> unreachableKafka() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("ripple.kafka.bootstrap-servers", "127.0.0.1:1");
        properties.put("ripple.kafka.admin-timeout", "1s");
        return properties;
    }
}
