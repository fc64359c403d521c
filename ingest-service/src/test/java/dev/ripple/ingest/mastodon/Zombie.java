package dev.ripple.ingest.mastodon;

import dev.ripple.events.EventJson;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.Topics;
import dev.ripple.ingest.testing.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a process that died in the middle of a commit leaves behind: a transaction of the instance's transactional
 * producer with events written and never committed. Kept open until the restarted instance fences it.
 */
final class Zombie implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    Zombie(String instanceId) {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestKafka.bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "ripple-ingest-" + instanceId,
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        60_000),
                new StringSerializer(),
                new ByteArraySerializer());
        producer.initTransactions();
    }

    void sendWithoutCommitting(List<RippleEvent> events) {
        producer.beginTransaction();
        for (RippleEvent event : events) {
            producer.send(new ProducerRecord<>(Topics.of(event), event.key(), EventJson.encode(event)));
        }
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
