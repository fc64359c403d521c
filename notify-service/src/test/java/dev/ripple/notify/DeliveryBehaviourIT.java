package dev.ripple.notify;

import static dev.ripple.notify.Attributions.decision;
import static dev.ripple.notify.Attributions.fan;
import static dev.ripple.notify.Attributions.publish;
import static dev.ripple.notify.Attributions.sharer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.events.Account;
import dev.ripple.notify.WebhookReceiver.Answer;
import dev.ripple.notify.WebhookReceiver.Received;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * How deliveries behave against receivers that misbehave, and the delivery log API. Test events
 * ({@code POST …/test}) give each test its own messages without touching Kafka.
 */
class DeliveryBehaviourIT extends NotifyIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private String endpoint(String path, String... fields) throws Exception {
        String[] all = new String[fields.length + 2];
        all[0] = "\"sharers\":[\"mastodon:example.social:nobody\"]";
        all[1] = "\"eventTypes\":[\"webhook.test\"]";
        System.arraycopy(fields, 0, all, 2, fields.length);
        return subscribe(path, all).get("id").asString();
    }

    private String test(String id) throws Exception {
        HttpResponse<String> response = api("POST", "/api/v1/subscriptions/" + id + "/test", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("messageId").asString();
    }

    private JsonNode message(String id, String messageId) throws Exception {
        return JSON.readTree(api("GET", "/api/v1/subscriptions/" + id + "/messages/" + messageId, null)
                .body());
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        RECEIVER.script("/hooks/throttled", new Answer(429, Map.of("Retry-After", "2"), 0));
        String id = endpoint("/hooks/throttled");

        test(id);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.at("/hooks/throttled").size() == 2);
        List<Received> attempts = RECEIVER.at("/hooks/throttled");
        // The schedule says 300 ms; the receiver asked for 2 s.
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at())).isGreaterThan(Duration.ofMillis(1900));
        assertThat(attempts.get(1).header("webhook-id"))
                .isEqualTo(attempts.get(0).header("webhook-id"));
    }

    @Test
    void slowReceiverTimesOutAndIsRetried() throws Exception {
        RECEIVER.script("/hooks/slow", new Answer(204, Map.of(), 4_500));
        String id = endpoint("/hooks/slow");

        String messageId = test(id);

        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        message(id, messageId).at("/message/status").asString().equals("DELIVERED"));
        JsonNode attempts = message(id, messageId).get("attempts");
        assertThat(attempts.size()).isEqualTo(2);
        // Newest first: the retry succeeded, the first attempt timed out.
        assertThat(attempts.get(0).get("statusCode").asInt()).isEqualTo(204);
        assertThat(attempts.get(1).get("outcome").asString()).isEqualTo("RETRY");
        assertThat(attempts.get(1).get("error").asString()).contains("timed out");
        assertThat(attempts.get(1).get("durationMs").asLong()).isBetween(2_500L, 6_000L);
    }

    @Test
    void redirectsAreFailuresAndAreNeverFollowed() throws Exception {
        RECEIVER.script(
                "/hooks/redirecting",
                new Answer(302, Map.of("Location", RECEIVER.url("/hooks/redirect-target")), 0),
                new Answer(307, Map.of("Location", "http://127.0.0.2:1/internal"), 0));
        String id = endpoint("/hooks/redirecting");

        String messageId = test(id);

        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        message(id, messageId).at("/message/status").asString().equals("DELIVERED"));
        assertThat(RECEIVER.at("/hooks/redirecting"))
                .extracting(Received::answered)
                .containsExactly(302, 307, 204);
        assertThat(RECEIVER.at("/hooks/redirect-target")).isEmpty();
        assertThat(message(id, messageId).get("attempts").get(2).get("error").asString())
                .contains("redirects are not followed");
    }

    @Test
    void receiverCanAbortAMessage() throws Exception {
        RECEIVER.script("/hooks/abort", new Answer(400, Map.of("webhook-delivery", "abort-message"), 0));
        String id = endpoint("/hooks/abort");

        String messageId = test(id);

        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        message(id, messageId).at("/message/status").asString().equals("FAILED"));
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(4))
                .until(() -> RECEIVER.at("/hooks/abort").size() == 1);
    }

    @Test
    void circuitBreakerStopsHammeringAnEndpointThatIsDown() throws Exception {
        RECEIVER.script("/hooks/down", 500, 500, 500, 500);
        String id = endpoint("/hooks/down");

        test(id);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.at("/hooks/down").size() == 4);
        Instant fourth = RECEIVER.at("/hooks/down").get(3).at();
        // The receiver answers before the worker records the failure: wait for the health row, not the request.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode health = JSON.readTree(
                            api("GET", "/api/v1/subscriptions/" + id, null).body())
                    .get("health");
            assertThat(health.get("consecutiveFailures").asInt()).isEqualTo(4);
            assertThat(health.get("circuitOpenUntil").isNull()).isFalse();
        });

        test(id);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.at("/hooks/down").size() == 5);
        // Held while the circuit was open (2 s), then one probe that succeeded and closed it.
        assertThat(Duration.between(fourth, RECEIVER.at("/hooks/down").get(4).at()))
                .isGreaterThan(Duration.ofMillis(1500));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(JSON.readTree(api("GET", "/api/v1/subscriptions/" + id, null)
                                        .body())
                                .at("/health/consecutiveFailures")
                                .asInt())
                        .isZero());
    }

    @Test
    void concurrencyLimitHoldsPerEndpoint() throws Exception {
        for (int i = 0; i < 4; i++) {
            RECEIVER.script("/hooks/one-at-a-time", new Answer(204, Map.of(), 400));
        }
        String id = endpoint("/hooks/one-at-a-time", "\"maxConcurrency\":1");

        for (int i = 0; i < 4; i++) {
            test(id);
        }

        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.at("/hooks/one-at-a-time").size() == 4);
        assertThat(RECEIVER.maxInFlight("/hooks/one-at-a-time")).isEqualTo(1);
    }

    @Test
    void rateLimitHoldsPerEndpoint() throws Exception {
        String id = endpoint("/hooks/rate-limited", "\"rateLimit\":2");

        for (int i = 0; i < 6; i++) {
            test(id);
        }

        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.at("/hooks/rate-limited").size() == 6);
        List<Received> received = RECEIVER.at("/hooks/rate-limited");
        // A bucket of 2 that refills at 2 per second: 6 attempts take at least about 2 seconds.
        assertThat(Duration.between(received.getFirst().at(), received.getLast().at()))
                .isGreaterThan(Duration.ofMillis(1800));
    }

    @Test
    void continuousFailureWarnsThenDisablesAndTellsTheOwner() throws Exception {
        String watcher = subscribe(
                        "/hooks/health-watch",
                        "\"sharers\":[\"mastodon:example.social:nobody\"]",
                        "\"eventTypes\":[\"endpoint.failing\",\"endpoint.disabled\"]")
                .get("secret")
                .asString();
        RECEIVER.script("/hooks/dying", 500, 500, 500, 500, 500, 500, 500, 500);
        String id = endpoint("/hooks/dying");
        // Failing for a day already, without waiting a day.
        jdbc.sql("UPDATE subscriptions SET failing_since = now() - interval '25 hours' WHERE id = CAST(:id AS uuid)")
                .param("id", id)
                .update();
        test(id);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.at("/hooks/health-watch").stream()
                        .anyMatch(r -> r.text().contains("endpoint.failing")
                                && r.text().contains(id)));

        // …and for five days.
        jdbc.sql(
                        "UPDATE subscriptions SET failing_since = now() - interval '5 days 1 minute' WHERE id = CAST(:id AS uuid)")
                .param("id", id)
                .update();
        test(id);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.at("/hooks/health-watch").stream()
                        .anyMatch(r -> r.text().contains("endpoint.disabled")
                                && r.text().contains(id)));
        for (Received notice : RECEIVER.at("/hooks/health-watch")) {
            verified(notice, watcher);
        }
        JsonNode subscription =
                JSON.readTree(api("GET", "/api/v1/subscriptions/" + id, null).body());
        assertThat(subscription.get("status").asString()).isEqualTo("disabled");
        assertThat(subscription.get("disabledReason").asString()).contains("every attempt failed for 5 days");
        assertThat(api("GET", "/api/v1/notices", null).body())
                .contains("endpoint.failing")
                .contains("endpoint.disabled");

        // Resuming re-enables it with a clean bill of health.
        JsonNode resumed = JSON.readTree(
                api("POST", "/api/v1/subscriptions/" + id + "/resume", null).body());
        assertThat(resumed.get("status").asString()).isEqualTo("active");
        assertThat(resumed.at("/health/failingSince").isNull()).isTrue();
    }

    @Test
    void orderedSubscriptionSendsNoAlertBeforeTheEarlierOnesSucceed() throws Exception {
        Account orderly = sharer("orderly");
        subscribe(
                "/hooks/ordered",
                "\"sharers\":[\"" + orderly.ref() + "\"]",
                "\"minConfidence\":0.5",
                SHARE_TYPES,
                "\"ordered\":true");
        RECEIVER.script("/hooks/ordered", 500, 500);
        Instant day = nextDay();

        publish(decision(orderly, "orderly-f01", 1, fan("orderly", 1), day, true));
        publish(decision(orderly, "orderly-f02", 1, fan("orderly", 2), day.plusSeconds(120), true));
        // A follow past the window's end closes it at once: a digest is due right behind the first alert.
        publish(decision(orderly, "orderly-f03", 1, fan("orderly", 3), day.plusSeconds(400), true));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.at("/hooks/ordered").size() >= 4);
        List<Received> received = RECEIVER.at("/hooks/ordered");
        assertThat(received).extracting(Received::answered).startsWith(500, 500, 204, 204);
        assertThat(JSON.readTree(received.get(2).body()).get("type").asString()).isEqualTo("share.follows.first");
        assertThat(JSON.readTree(received.get(3).body()).at("/data/sequence").asLong())
                .isEqualTo(2);
    }

    @Test
    void deliveryLogRedeliveryAndReplay() throws Exception {
        RECEIVER.script("/hooks/log", new Answer(503, Map.of(), 0));
        String id = endpoint("/hooks/log");
        String messageId = test(id);
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        message(id, messageId).at("/message/status").asString().equals("DELIVERED"));

        JsonNode detail = message(id, messageId);
        assertThat(detail.at("/payload/type").asString()).isEqualTo("webhook.test");
        JsonNode attempts = detail.get("attempts");
        assertThat(attempts.size()).isEqualTo(2);
        assertThat(attempts.get(1).get("statusCode").asInt()).isEqualTo(503);
        assertThat(attempts.get(1).get("url").asString()).isEqualTo(RECEIVER.url("/hooks/log"));
        assertThat(attempts.get(0).get("trigger").asString()).isEqualTo("scheduled");
        assertThat(JSON.readTree(api("GET", "/api/v1/subscriptions/" + id + "/messages?status=DELIVERED", null)
                                .body())
                        .get(0)
                        .get("messageId")
                        .asString())
                .isEqualTo(messageId);

        assertThat(api("POST", "/api/v1/subscriptions/" + id + "/messages/" + messageId + "/redeliver", null)
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.at("/hooks/log").size() == 3);
        assertThat(RECEIVER.at("/hooks/log").get(2).header("webhook-id")).isEqualTo(messageId);

        HttpResponse<String> replayed = api(
                "POST",
                "/api/v1/subscriptions/" + id + "/replay",
                "{\"since\":\"" + Instant.now().minusSeconds(3600) + "\"}");
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(202);
        assertThat(JSON.readTree(replayed.body()).get("requeued").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.at("/hooks/log").size() == 4);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(message(id, messageId)
                                .get("attempts")
                                .get(0)
                                .get("trigger")
                                .asString())
                        .isEqualTo("replay"));

        SubscriptionApiIT.assertProblem(
                api(
                        "POST",
                        "/api/v1/subscriptions/" + id + "/replay",
                        "{\"since\":\"" + Instant.now().minus(Duration.ofDays(15)) + "\"}"),
                400,
                "invalid-replay");
        SubscriptionApiIT.assertProblem(
                api("POST", "/api/v1/subscriptions/" + id + "/messages/msg_nope/redeliver", null),
                404,
                "message-not-found");
    }
}
