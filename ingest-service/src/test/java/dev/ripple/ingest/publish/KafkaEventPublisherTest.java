package dev.ripple.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.ingest.testing.SeedStory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class KafkaEventPublisherTest {

    @Test
    void recordGoesToTheEventsTopicKeyedByItsCorrelationKey() {
        FollowObserved follow = EventJson.decode(SeedStory.first("follow").toString(), FollowObserved.class);

        ProducerRecord<String, byte[]> record = KafkaEventPublisher.record(follow, "/ripple/ingest/replay");

        assertThat(record.topic()).isEqualTo("ripple.follows.v1");
        assertThat(record.key()).isEqualTo("mastodon:example.social:author");
        assertThat(record.partition()).isNull();
        assertThat(EventJson.decode(record.value(), FollowObserved.class)).isEqualTo(follow);
    }

    @Test
    void cloudEventsHeadersAreRawUtf8Strings() {
        RippleEvent follow = EventJson.decode(SeedStory.first("follow").toString(), FollowObserved.class);

        ProducerRecord<String, byte[]> record = KafkaEventPublisher.record(follow, "/ripple/ingest/replay");

        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers)
                .containsExactly(
                        Map.entry("ce_specversion", "1.0"),
                        Map.entry("ce_id", "seed-f-001"),
                        Map.entry("ce_type", "dev.ripple.follow.observed.v1"),
                        Map.entry("ce_source", "/ripple/ingest/replay"),
                        Map.entry("ce_time", "2009-09-17T17:46:00Z"),
                        Map.entry("ce_subject", "mastodon:example.social:author"),
                        Map.entry("content-type", "application/json"));
        assertThat(headers).isEqualTo(CloudEvents.headers(follow, "/ripple/ingest/replay"));
    }

    @Test
    void producerIsIdempotentAcknowledgedByAllReplicasCompressedAndBounded() {
        Map<String, Object> config = KafkaEventPublisher.producerConfig(
                new KafkaSettings("kafka-1:9092", 6, 3, Duration.ofSeconds(20), Duration.ofSeconds(30)));

        assertThat(config)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka-1:9092")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 19_995)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
    }
}
