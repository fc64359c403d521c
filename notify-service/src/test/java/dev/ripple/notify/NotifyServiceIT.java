package dev.ripple.notify;

import static dev.ripple.notify.Attributions.decision;
import static dev.ripple.notify.Attributions.fan;
import static dev.ripple.notify.Attributions.publish;
import static dev.ripple.notify.Attributions.sharer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.events.Account;
import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.FollowAttributed;
import dev.ripple.events.Topics;
import dev.ripple.notify.WebhookReceiver.Received;
import dev.ripple.testsupport.RealInfrastructure;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Attributions published to Kafka with a plain producer become signed webhooks at a real HTTP receiver; every
 * signature is checked with the official Standard Webhooks library.
 */
class NotifyServiceIT extends NotifyIntegrationTest {

    /** Well-formed JSON that is not a valid FollowAttributed. */
    private static final String INVALID = "{\"id\":\"x\",\"decisionVersion\":0,\"credited\":false,\"confidence\":0.5}";

    @Autowired
    JdbcClient jdbc;

    @Test
    void followBurstBecomesOneSignedMilestoneAlert() throws Exception {
        Account sarah = sharer("sarah");
        String secret = subscribeTo("/hooks/burst", sarah.ref());
        Instant burst = nextDay();

        publish(decision(sarah, "burst-f00", 1, fan("sarah", 0), burst.minus(Duration.ofHours(20)), true));
        for (int i = 1; i <= 25; i++) {
            publish(decision(
                    sarah, "burst-f%02d".formatted(i), 1, fan("sarah", i), burst.plusSeconds(2L * (i - 1)), true));
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.at("/hooks/burst").size() >= 2);
        // Nothing else comes: the 25 follows were one alert.
        await().during(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(6))
                .until(() -> RECEIVER.at("/hooks/burst").size() == 2);

        List<Received> deliveries = RECEIVER.at("/hooks/burst");
        JsonNode first = verified(deliveries.get(0), secret);
        JsonNode digest = verified(deliveries.get(1), secret);

        assertThat(first.get("type").asString()).isEqualTo("share.follows.first");
        assertThat(first.at("/data/newFollows").asInt()).isEqualTo(1);
        assertThat(first.at("/data/totalFollows").asInt()).isEqualTo(1);
        assertThat(first.at("/data/sequence").asLong()).isEqualTo(1);
        assertThat(first.get("timestamp").asString())
                .isEqualTo(burst.minus(Duration.ofHours(20)).toString());

        assertThat(digest.get("type").asString()).isEqualTo("share.follows.milestone");
        assertThat(digest.at("/data/milestone").asInt()).isEqualTo(25);
        assertThat(digest.at("/data/sequence").asLong()).isEqualTo(2);
        assertThat(digest.at("/data/newFollows").asInt()).isEqualTo(25);
        assertThat(digest.at("/data/totalFollows").asInt()).isEqualTo(26);
        assertThat(digest.at("/data/corrected").asInt()).isZero();
        assertThat(digest.at("/data/windowStart").asString()).isEqualTo(burst.toString());
        assertThat(digest.at("/data/windowEnd").asString())
                .isEqualTo(burst.plusSeconds(60).toString());
        assertThat(digest.get("timestamp").asString())
                .isEqualTo(burst.plusSeconds(60).toString());
        assertThat(digest.at("/data/sharer/ref").asString()).isEqualTo(sarah.ref());
        assertThat(digest.at("/data/subject/handle").asString()).isEqualTo("@author@example.social");
        assertThat(digest.at("/data/cascadeId").asString()).isEqualTo("cascade-sarah");
        assertThat(digest.at("/data/cascadeUrl").asString())
                .isEqualTo("https://ripple.example/api/v1/cascades/cascade-sarah");
        assertThat(strings(digest.at("/data/path"))).containsExactly("@sarah@example.social", "@julien@example.social");
        assertThat(digest.at("/data/confidence").asDouble()).isEqualTo(0.6);
        assertThat(strings(digest.at("/data/sampleFollowers"))).hasSize(5).startsWith("@sarah_fan01@example.social");
        assertThat(digest.at("/data/text").asString())
                .isEqualTo("Your share of @author@example.social reached @julien@example.social: 25 people followed "
                        + "@author@example.social within a minute (26 in all, past 25).");
        assertThat(deliveries.get(0).header("webhook-id"))
                .isNotEqualTo(deliveries.get(1).header("webhook-id"));
    }

    @Test
    void decisionsBelowTheSubscriptionsThresholdNeverAlert() throws Exception {
        Account quiet = sharer("quietone");
        // The default threshold is 0.7; these decisions carry 0.6.
        subscribe("/hooks/default-threshold", "\"sharers\":[\"" + quiet.ref() + "\"]", SHARE_TYPES);
        String lower = subscribeTo("/hooks/lower-threshold", quiet.ref());

        publish(decision(quiet, "threshold-f01", 1, fan("quietone", 1), nextDay(), true));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.at("/hooks/lower-threshold").size() == 1);
        verified(RECEIVER.at("/hooks/lower-threshold").getFirst(), lower);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> RECEIVER.at("/hooks/default-threshold").isEmpty());
    }

    @Test
    void retryAfterAFailureKeepsTheWebhookId() throws Exception {
        Account retry = sharer("retrier");
        String secret = subscribeTo("/hooks/retry", retry.ref());
        RECEIVER.script("/hooks/retry", 500);

        publish(decision(retry, "retry-f01", 1, fan("retrier", 1), nextDay(), true));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.at("/hooks/retry").size() >= 2);
        List<Received> attempts = RECEIVER.at("/hooks/retry");
        assertThat(attempts.get(0).answered()).isEqualTo(500);
        assertThat(attempts.get(1).answered()).isEqualTo(204);
        verified(attempts.get(0), secret);
        verified(attempts.get(1), secret);
        assertThat(attempts.get(1).header("webhook-id"))
                .isEqualTo(attempts.get(0).header("webhook-id"));
        assertThat(attempts.get(1).body()).isEqualTo(attempts.get(0).body());

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(jdbc.sql("""
                                SELECT m.status || ' ' || m.attempts || ' ' || m.last_status_code
                                  FROM messages m
                                  JOIN subscriptions s ON s.id = m.subscription_id
                                 WHERE m.message_id = :id AND s.url = :url
                                """)
                                .param("id", attempts.get(0).header("webhook-id"))
                                .param("url", RECEIVER.url("/hooks/retry"))
                                .query(String.class)
                                .single())
                        .isEqualTo("DELIVERED 2 204"));
    }

    @Test
    void goneDisablesTheSubscriptionAndTellsTheOwnersOtherEndpoints() throws Exception {
        Account gone = sharer("gone");
        String id = subscribe(
                        "/hooks/gone", "\"sharers\":[\"" + gone.ref() + "\"]", "\"minConfidence\":0.5", SHARE_TYPES)
                .get("id")
                .asString();
        String watcher = subscribe(
                        "/hooks/owner-watch",
                        "\"sharers\":[\"mastodon:example.social:nobody\"]",
                        "\"eventTypes\":[\"endpoint.disabled\"]")
                .get("secret")
                .asString();
        RECEIVER.script("/hooks/gone", 410);
        Instant day = nextDay();

        publish(decision(gone, "gone-f01", 1, fan("gone", 1), day, true));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode subscription = JSON.readTree(
                    api("GET", "/api/v1/subscriptions/" + id, null).body());
            assertThat(subscription.get("status").asString()).isEqualTo("disabled");
            assertThat(subscription.get("disabledReason").asString()).contains("410");
        });
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !RECEIVER.at("/hooks/owner-watch").isEmpty());
        JsonNode notice = verified(RECEIVER.at("/hooks/owner-watch").getFirst(), watcher);
        assertThat(notice.get("type").asString()).isEqualTo("endpoint.disabled");
        assertThat(notice.at("/data/subscriptionId").asString()).isEqualTo(id);
        assertThat(notice.at("/data/text").asString()).contains("410 Gone");
        assertThat(api("GET", "/api/v1/notices", null).body()).contains(id).contains("endpoint.disabled");

        publish(decision(gone, "gone-f02", 1, fan("gone", 2), day.plusSeconds(600), true));
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> RECEIVER.at("/hooks/gone").size() == 1);
    }

    @Test
    void malformedRecordsAreDeadLetteredAndDoNotBlockTheNext() throws Exception {
        Account dlq = sharer("deadletter");
        String secret = subscribeTo("/hooks/dlq", dlq.ref());
        FollowAttributed valid = decision(dlq, "dlq-f01", 1, fan("deadletter", 1), nextDay(), true);
        String notJsonKey = "not-json-" + UUID.randomUUID();
        String invalidKey = "invalid-" + UUID.randomUUID();
        Map<String, String> headers = CloudEvents.headers(valid, "/ripple/cascade-service");

        // Same partition as the valid record (same key), published before it.
        publish(dlq.ref(), "{\"id\": ".getBytes(StandardCharsets.UTF_8), Map.of(CloudEvents.ID, notJsonKey));
        publish(dlq.ref(), INVALID.getBytes(StandardCharsets.UTF_8), Map.of(CloudEvents.ID, invalidKey));
        FollowAttributed misfiled = decision(dlq, "dlq-f00", 1, fan("deadletter", 0), nextDay(), true);
        publish("someone-else", EventJson.encode(misfiled), CloudEvents.headers(misfiled, "/ripple/cascade-service"));
        long published = System.nanoTime();
        publish(valid.key(), EventJson.encode(valid), headers);

        // Dead-lettered at once, without retries (retries would hold the partition for seconds).
        await().atMost(Duration.ofSeconds(6))
                .until(() -> !RECEIVER.at("/hooks/dlq").isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - published)).isLessThan(Duration.ofSeconds(6));
        assertThat(verified(RECEIVER.at("/hooks/dlq").getFirst(), secret)
                        .get("type")
                        .asString())
                .isEqualTo("share.follows.first");

        Map<String, ConsumerRecord<String, byte[]>> deadLetters =
                deadLetters(Set.of(notJsonKey, invalidKey, misfiled.id()));
        assertThat(header(deadLetters.get(misfiled.id()), CloudEvents.DLQ_REASON))
                .contains("record key 'someone-else' is not the event's key '" + dlq.ref() + "'");
        assertThat(header(deadLetters.get(notJsonKey), CloudEvents.DLQ_REASON)).contains("not valid JSON");
        assertThat(header(deadLetters.get(invalidKey), CloudEvents.DLQ_REASON))
                .contains("followId is missing")
                .contains("decisionVersion must be at least 1")
                .contains("subject is missing");
        assertThat(header(deadLetters.get(invalidKey), "x-original-topic")).isEqualTo(Topics.ATTRIBUTIONS);
        assertThat(new String(deadLetters.get(invalidKey).value(), StandardCharsets.UTF_8))
                .isEqualTo(INVALID);
    }

    @Test
    void redeliveredAttributionChangesNothing() throws Exception {
        Account again = sharer("again");
        String secret = subscribeTo("/hooks/again", again.ref());
        Instant day = nextDay();
        FollowAttributed first = decision(again, "again-f01", 1, fan("again", 1), day, true);
        FollowAttributed second = decision(again, "again-f02", 1, fan("again", 2), day.plusSeconds(30), true);

        publish(first);
        publish(first);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.at("/hooks/again").size() >= 1);
        publish(first);
        publish(second);
        publish(second);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.at("/hooks/again").size() >= 2);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> RECEIVER.at("/hooks/again").size() == 2);
        JsonNode digest = verified(RECEIVER.at("/hooks/again").get(1), secret);
        assertThat(digest.at("/data/newFollows").asInt()).isEqualTo(1);
        assertThat(digest.at("/data/totalFollows").asInt()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM credits WHERE sharer_ref = :sharer")
                        .param("sharer", again.ref())
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
        assertThat(jdbc.sql("SELECT total_follows FROM feeds WHERE sharer_ref = :sharer")
                        .param("sharer", again.ref())
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void withdrawalReachesTheSharerAsACorrection() throws Exception {
        Account withdrawn = sharer("withdrawn");
        String secret = subscribeTo("/hooks/withdrawn", withdrawn.ref());
        Instant day = nextDay();

        publish(decision(withdrawn, "wd-f01", 1, fan("withdrawn", 1), day, true));
        publish(decision(withdrawn, "wd-f01", 2, fan("withdrawn", 1), day, false));
        // An older version arriving late changes nothing.
        publish(decision(withdrawn, "wd-f01", 1, fan("withdrawn", 1), day, true));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.at("/hooks/withdrawn").size() >= 2);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> RECEIVER.at("/hooks/withdrawn").size() == 2);
        JsonNode correction = verified(RECEIVER.at("/hooks/withdrawn").get(1), secret);
        assertThat(correction.get("type").asString()).isEqualTo("share.follows.digest");
        assertThat(correction.at("/data/newFollows").asInt()).isZero();
        assertThat(correction.at("/data/corrected").asInt()).isEqualTo(-1);
        assertThat(correction.at("/data/totalFollows").asInt()).isZero();
        assertThat(correction.at("/data/confidence").isNull()).isTrue();
        assertThat(correction.at("/data/text").asString()).contains("no longer attributed");
    }

    @Test
    void alertsGoToEveryMatchingSubscriptionExistingWhenTheyAreCreated() throws Exception {
        Account ana = sharer("ana");
        Account ben = sharer("ben");
        String anaOnly = subscribeTo("/hooks/ana-only", ana.ref());
        String everyone = subscribe("/hooks/everyone", "\"minConfidence\":0.5", SHARE_TYPES)
                .get("secret")
                .asString();
        Instant day = nextDay();

        publish(decision(ana, "fan-out-f01", 1, fan("ana", 1), day, true));
        publish(decision(ben, "fan-out-f02", 1, fan("ben", 1), day.plusSeconds(1), true));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.at("/hooks/everyone").stream()
                                .map(r -> r.text())
                                .filter(text -> text.contains(ana.ref()) || text.contains(ben.ref()))
                                .count()
                        == 2);
        // Each endpoint has its own deliveries: ana-only's may come a moment later.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !RECEIVER.at("/hooks/ana-only").isEmpty());
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(4))
                .until(() -> RECEIVER.at("/hooks/ana-only").size() == 1);
        assertThat(RECEIVER.at("/hooks/ana-only"))
                .singleElement()
                .satisfies(received -> assertThat(verified(received, anaOnly)
                                .at("/data/sharer/ref")
                                .asString())
                        .isEqualTo(ana.ref()));
        for (Received received : RECEIVER.at("/hooks/everyone")) {
            verified(received, everyone);
        }

        // A subscription created afterwards gets no past alerts.
        subscribeTo("/hooks/latecomer", ana.ref());
        publish(decision(ana, "fan-out-f03", 1, fan("ana", 3), day.plusSeconds(600), true));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.at("/hooks/ana-only").size() == 2);
        assertThat(RECEIVER.at("/hooks/latecomer")).hasSize(1);
    }

    @Test
    void burstOnlyCreditNeverAlertsButCountsInTheSummary() throws Exception {
        Account bursty = sharer("bursty");
        String secret = subscribe(
                        "/hooks/bursty",
                        "\"sharers\":[\"" + bursty.ref() + "\"]",
                        "\"minConfidence\":0.5",
                        "\"eventTypes\":[\"share.follows.first\",\"share.follows.digest\",\"cascade.summary\"]")
                .get("secret")
                .asString();
        Instant day = nextDay();
        publish(decision(bursty, "bursty-f00", 1, fan("bursty", 0), day, true));
        // Seven follows during the cascade's burst that no individual share explains: cascade-level credit only.
        for (int i = 1; i <= 7; i++) {
            FollowAttributed burst = new FollowAttributed(
                    FollowAttributed.idOf("bursty-b%02d".formatted(i), 1, null),
                    "bursty-b%02d".formatted(i),
                    1,
                    "mastodon",
                    Attributions.AUTHOR,
                    fan("bursty", 10 + i),
                    day.plusSeconds(30L + i),
                    day.plusSeconds(32L + i),
                    null,
                    false,
                    dev.ripple.events.AttributionTier.BURST,
                    0.4,
                    "cascade-bursty",
                    null,
                    List.of(),
                    List.of());
            publish(burst);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.at("/hooks/bursty").size() == 1);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> RECEIVER.at("/hooks/bursty").size() == 1);

        // A day of wall-clock quiet, without waiting a day.
        jdbc.sql("UPDATE cascade_activity SET last_seen_at = last_seen_at - interval '25 hours'"
                        + " WHERE cascade_id = 'cascade-bursty'")
                .update();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.at("/hooks/bursty").size() == 2);
        JsonNode summary = verified(RECEIVER.at("/hooks/bursty").get(1), secret);
        assertThat(summary.get("type").asString()).isEqualTo("cascade.summary");
        assertThat(summary.at("/data/totalFollows").asInt()).isEqualTo(1);
        assertThat(summary.at("/data/burstFollows").asInt()).isEqualTo(7);
        assertThat(summary.at("/data/text").asString())
                .contains("About 7 more people followed @author@example.social during the burst");
    }

    @Test
    void healthIsUpWithDatabaseAndBinder() throws Exception {
        HttpResponse<String> health = apiAs(null, "GET", "/actuator/health", null);

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.get("status").asString()).isEqualTo("UP");
        assertThat(body.at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(body.at("/components/binders/status").asString()).isEqualTo("UP");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Reads the dead-letter topic until records carrying each of these {@code ce_id}s were seen. */
    private static Map<String, ConsumerRecord<String, byte[]>> deadLetters(Set<String> ceIds) {
        Map<String, ConsumerRecord<String, byte[]>> found = new java.util.HashMap<>();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "notify-it-dlq-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.NOTIFY_DLQ));
            Set<String> missing = new HashSet<>(ceIds);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String id = header(record, CloudEvents.ID);
                    if (id != null && missing.remove(id)) {
                        found.put(id, record);
                    }
                }
                return missing.isEmpty();
            });
        }
        return found;
    }
}
