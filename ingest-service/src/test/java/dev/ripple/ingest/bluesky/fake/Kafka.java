package dev.ripple.ingest.bluesky.fake;

import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.Topics;
import dev.ripple.ingest.publish.InstanceSettings;
import dev.ripple.ingest.publish.KafkaCheckpoints;
import dev.ripple.ingest.publish.KafkaSettings;
import dev.ripple.ingest.testing.TestKafka;
import dev.ripple.ingest.testing.TopicRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TopicExistsException;

/** The real test broker, with the topics the Bluesky sources write, and a way to read back what they wrote. */
public final class Kafka {

    public static final String[] TOPICS = {Topics.SHARES, Topics.FOLLOWS, Topics.FOLLOWING, Topics.ENGAGEMENTS};

    private Kafka() {}

    public static KafkaSettings settings() {
        return new KafkaSettings(TestKafka.bootstrapServers(), 3, 1, Duration.ofSeconds(20), Duration.ofSeconds(20));
    }

    public static synchronized Admin admin() {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()));
        for (String topic : TOPICS) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)))
                        .all()
                        .get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return admin;
    }

    public static KafkaCheckpoints checkpoints(Admin admin) {
        return new KafkaCheckpoints(settings(), new InstanceSettings("bsky-it-" + UUID.randomUUID()), admin);
    }

    /** The events appended since the mark, each topic in event-time order, checked against their headers. */
    public static List<RippleEvent> events(TopicRecords records) {
        List<RippleEvent> events = new ArrayList<>();
        for (String topic : List.of(Topics.SHARES, Topics.FOLLOWS, Topics.ENGAGEMENTS, Topics.FOLLOWING)) {
            events.addAll(decode(records.since(topic)));
        }
        events.sort(Comparator.comparing(RippleEvent::time));
        return events;
    }

    /** Decodes each record as the class its {@code ce_type} names, which must belong on the record's topic. */
    private static List<RippleEvent> decode(List<ConsumerRecord<String, byte[]>> records) {
        List<RippleEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String ceType = CloudEvents.string(
                    record.headers().lastHeader(CloudEvents.TYPE).value());
            Class<? extends RippleEvent> type = CloudEvents.classOf(ceType);
            if (type == null) {
                throw new AssertionError("unknown ce_type " + ceType + " on " + record.topic());
            }
            RippleEvent event = EventJson.decode(record.value(), type);
            if (!record.key().equals(event.key())) {
                throw new AssertionError("record key " + record.key() + " is not the event's key " + event.key());
            }
            if (!Topics.of(event).equals(record.topic())) {
                throw new AssertionError(ceType + " on " + record.topic() + ", which is not its topic");
            }
            events.add(event);
        }
        return events;
    }
}
