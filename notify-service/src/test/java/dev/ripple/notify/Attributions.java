package dev.ripple.notify;

import dev.ripple.events.Account;
import dev.ripple.events.AttributionTier;
import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.Exposure;
import dev.ripple.events.FollowAttributed;
import dev.ripple.events.PathStep;
import dev.ripple.events.Topics;
import dev.ripple.testsupport.RealInfrastructure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Builds FollowAttributed events as cascade-service publishes them, and publishes them with a plain producer. */
public final class Attributions {

    static final Account AUTHOR = new Account("mastodon:example.social:author", "@author@example.social", 410L);
    static final Account JULIEN = new Account("mastodon:example.social:julien", "@julien@example.social", 54000L);

    private static KafkaProducer<String, byte[]> producer;

    private Attributions() {}

    public static Account sharer(String name) {
        return new Account("mastodon:example.social:" + name, "@" + name + "@example.social", 860L);
    }

    public static Account fan(String sharerName, int n) {
        String name = sharerName + "_fan%02d".formatted(n);
        return new Account("mastodon:example.social:" + name, "@" + name + "@example.social", 50L + n);
    }

    /**
     * One decision about one follow, for one sharer who is the cascade's root; Julien's share under it exposed the
     * follower.
     */
    public static FollowAttributed decision(
            Account sharer, String followId, int version, Account follower, Instant followedAt, boolean credited) {
        PathStep root = new PathStep(
                "https://example.social/@" + sharer.handle() + "/1", sharer, "ROOT", followedAt.minusSeconds(3600));
        PathStep exposing = new PathStep(
                "https://example.social/@julien/" + followId, JULIEN, "MENTION", followedAt.minusSeconds(60));
        return new FollowAttributed(
                FollowAttributed.idOf(followId, version, sharer),
                followId,
                version,
                "mastodon",
                AUTHOR,
                follower,
                followedAt,
                followedAt.plusSeconds(2),
                sharer,
                credited,
                credited ? AttributionTier.GRAPH_EXPOSED : AttributionTier.UNATTRIBUTED,
                credited ? 0.6 : 0.0,
                "cascade-" + sharer.handle().substring(1, sharer.handle().indexOf('@', 1)),
                credited ? new Exposure(exposing.uri(), JULIEN, exposing.at()) : null,
                credited ? List.of(root, exposing) : List.of(),
                credited ? List.of(sharer, JULIEN) : List.of());
    }

    public static void publish(FollowAttributed event) {
        publish(event.key(), EventJson.encode(event), CloudEvents.headers(event, "/ripple/cascade-service"));
    }

    static synchronized void publish(String key, byte[] value, Map<String, String> headers) {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            RealInfrastructure.kafkaBootstrapServers(),
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                            true),
                    new StringSerializer(),
                    new ByteArraySerializer());
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.ATTRIBUTIONS, key, value);
        headers.forEach((name, headerValue) -> record.headers().add(name, CloudEvents.bytes(headerValue)));
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + Topics.ATTRIBUTIONS, e.getCause());
        }
    }
}
