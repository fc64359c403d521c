package dev.ripple.notify;

import static dev.ripple.notify.Attributions.decision;
import static dev.ripple.notify.Attributions.fan;
import static dev.ripple.notify.Attributions.publish;
import static dev.ripple.notify.Attributions.sharer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import dev.ripple.events.Account;
import dev.ripple.notify.WebhookReceiver.Received;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The subscriptions API: its lifecycle, its keys and owners, its errors, rotation, v1a keys and test events. */
class SubscriptionApiIT extends NotifyIntegrationTest {

    @Test
    void lifecycleCreateReadUpdatePauseResumeDelete() throws Exception {
        HttpResponse<String> created = api(
                "POST",
                "/api/v1/subscriptions",
                "{\"url\":\"" + RECEIVER.url("/hooks/lifecycle") + "\",\"sharers\":[\"mastodon:example.social:x\","
                        + "\"mastodon:example.social:x\"],\"digestWindowSeconds\":120,\"description\":\"mine\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        String id = body.get("id").asString();
        assertThat(created.headers().firstValue("location")).hasValue("/api/v1/subscriptions/" + id);
        String secret = body.get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(24);
        JsonNode view = body.get("subscription");
        assertThat(strings(view.get("sharers"))).containsExactly("mastodon:example.social:x");
        assertThat(view.get("minConfidence").asDouble()).isEqualTo(0.7);
        assertThat(view.get("digestWindowSeconds").asLong()).isEqualTo(120);
        assertThat(strings(view.get("eventTypes")))
                .contains("share.follows.first", "share.follows.digest", "share.follows.milestone", "cascade.summary")
                .doesNotContain("subject.follows.digest");
        assertThat(strings(view.get("signatures"))).containsExactly("v1");
        assertThat(view.get("status").asString()).isEqualTo("active");

        assertThat(api("GET", "/api/v1/subscriptions", null).body())
                .contains(id)
                .doesNotContain("whsec_");
        HttpResponse<String> patched = api(
                "PATCH",
                "/api/v1/subscriptions/" + id,
                "{\"minConfidence\":0.9,\"eventTypes\":[\"share.follows.milestone\"],\"ordered\":true}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode changed = JSON.readTree(patched.body());
        assertThat(changed.get("minConfidence").asDouble()).isEqualTo(0.9);
        assertThat(strings(changed.get("eventTypes"))).containsExactly("share.follows.milestone");
        assertThat(changed.get("ordered").asBoolean()).isTrue();
        assertThat(changed.get("digestWindowSeconds").asLong())
                .as("left as it was")
                .isEqualTo(120);
        assertThat(changed.get("description").asString()).isEqualTo("mine");

        assertThat(JSON.readTree(api("POST", "/api/v1/subscriptions/" + id + "/pause", null)
                                .body())
                        .get("status")
                        .asString())
                .isEqualTo("paused");
        assertThat(JSON.readTree(api("POST", "/api/v1/subscriptions/" + id + "/resume", null)
                                .body())
                        .get("status")
                        .asString())
                .isEqualTo("active");

        assertThat(api("DELETE", "/api/v1/subscriptions/" + id, null).statusCode())
                .isEqualTo(204);
        assertProblem(api("GET", "/api/v1/subscriptions/" + id, null), 404, "subscription-not-found");
        assertProblem(api("DELETE", "/api/v1/subscriptions/" + id, null), 404, "subscription-not-found");
    }

    @Test
    void aSubscriptionBelongsToTheKeyThatMadeIt() throws Exception {
        String id = subscribe("/hooks/owned").get("id").asString();

        assertProblem(apiAs(null, "GET", "/api/v1/subscriptions", null), 401, "unauthorized");
        assertProblem(apiAs("not-a-valid-key-at-all", "GET", "/api/v1/subscriptions", null), 401, "unauthorized");
        assertProblem(apiAs(OTHER_KEY, "GET", "/api/v1/subscriptions/" + id, null), 404, "subscription-not-found");
        assertProblem(apiAs(OTHER_KEY, "DELETE", "/api/v1/subscriptions/" + id, null), 404, "subscription-not-found");
        assertProblem(
                apiAs(OTHER_KEY, "GET", "/api/v1/subscriptions/" + id + "/messages", null),
                404,
                "subscription-not-found");
        assertThat(apiAs(OTHER_KEY, "GET", "/api/v1/subscriptions", null).body())
                .doesNotContain(id);
        assertThat(api("GET", "/api/v1/subscriptions/" + id, null).statusCode()).isEqualTo(200);
        // Bearer works as well as X-Api-Key.
        java.net.http.HttpRequest bearer = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/subscriptions/" + id))
                .header("Authorization", "Bearer " + KEY)
                .build();
        assertThat(java.net.http.HttpClient.newHttpClient()
                        .send(bearer, java.net.http.HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void errorsAreProblemJsonListingEveryBadField() throws Exception {
        HttpResponse<String> invalid = api(
                "POST",
                "/api/v1/subscriptions",
                "{\"url\":\"ftp://example.com/x\",\"sharers\":[\"nope\",null],\"eventTypes\":[\"share.follows\"],"
                        + "\"minConfidence\":2,\"digestWindowSeconds\":0,\"signatures\":[\"v2\"]}");

        JsonNode problem = assertProblem(invalid, 400, "invalid-subscription");
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asString()));
        assertThat(fields)
                .contains(
                        "url",
                        "sharers[0]",
                        "sharers[1]",
                        "eventTypes[0]",
                        "minConfidence",
                        "digestWindowSeconds",
                        "signatures");
        assertProblem(api("POST", "/api/v1/subscriptions", "{\"url\": "), 400, "malformed-request");
        assertProblem(api("POST", "/api/v1/subscriptions", "{}"), 400, "invalid-subscription");
        assertProblem(api("GET", "/api/v1/subscriptions/not-a-uuid", null), 404, "subscription-not-found");
        assertProblem(api("PUT", "/api/v1/subscriptions", "{}"), 405, "method-not-allowed");
        assertProblem(api("GET", "/api/v1/nothing-here", null), 404, "not-found");
    }

    @Test
    void privateTargetsAreRefusedAtCreation() throws Exception {
        // Only 127.0.0.1 is allow-listed here; every other non-public address is refused.
        for (String url : List.of(
                "http://127.0.0.2:8080/hook",
                "http://10.0.0.1/hook",
                "http://169.254.169.254/latest/meta-data",
                "http://[::1]/hook",
                "http://[::ffff:192.168.0.1]/hook",
                "http://[fd00:ec2::254]/hook")) {
            HttpResponse<String> refused = api("POST", "/api/v1/subscriptions", "{\"url\":\"" + url + "\"}");
            JsonNode problem = assertProblem(refused, 400, "invalid-subscription");
            assertThat(problem.get("detail").asString()).as(url).contains("which webhooks may not target");
        }
    }

    @Test
    void rotationSignsWithOldAndNewKeysDuringTheOverlap() throws Exception {
        Account rota = sharer("rota");
        JsonNode created = subscribe(
                "/hooks/rotate", "\"sharers\":[\"" + rota.ref() + "\"]", "\"minConfidence\":0.5", SHARE_TYPES);
        String id = created.get("id").asString();
        String oldSecret = created.get("secret").asString();
        JsonNode rotated = JSON.readTree(
                api("POST", "/api/v1/subscriptions/" + id + "/rotate", "{}").body());
        String newSecret = rotated.get("secret").asString();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(Instant.parse(rotated.get("previousKeysExpireAt").asString()))
                .isAfter(Instant.now().plus(Duration.ofHours(23)));

        Instant day = nextDay();
        publish(decision(rota, "rota-f01", 1, fan("rota", 1), day, true));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.at("/hooks/rotate").size() == 1);
        Received during = RECEIVER.at("/hooks/rotate").getFirst();
        assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
        new Webhook(oldSecret).verify(during.text(), during.headers());
        new Webhook(newSecret).verify(during.text(), during.headers());

        // Rotating with no overlap revokes every earlier key at once.
        JsonNode revoked =
                JSON.readTree(api("POST", "/api/v1/subscriptions/" + id + "/rotate", "{\"overlapSeconds\":0}")
                        .body());
        String latest = revoked.get("secret").asString();
        publish(decision(rota, "rota-f02", 1, fan("rota", 2), day.plus(Duration.ofHours(1)), true));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.at("/hooks/rotate").size() == 2);
        Received after = RECEIVER.at("/hooks/rotate").get(1);
        assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
        new Webhook(latest).verify(after.text(), after.headers());
        assertProblem(
                api("POST", "/api/v1/subscriptions/" + id + "/rotate", "{\"overlapSeconds\":999999999}"),
                400,
                "invalid-rotation");
    }

    @Test
    void ed25519SignaturesVerifyWithThePublishedPublicKey() throws Exception {
        JsonNode created = subscribe(
                "/hooks/v1a",
                "\"signatures\":[\"v1\",\"v1a\"]",
                "\"sharers\":[\"mastodon:example.social:nobody\"]",
                "\"eventTypes\":[\"webhook.test\"]");
        String id = created.get("id").asString();
        List<String> publicKeys = strings(created.at("/subscription/publicKeys"));
        assertThat(publicKeys).singleElement().asString().startsWith("whpk_");

        HttpResponse<String> test = api("POST", "/api/v1/subscriptions/" + id + "/test", null);
        assertThat(test.statusCode()).as(test.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.at("/hooks/v1a").size() == 1);

        Received received = RECEIVER.at("/hooks/v1a").getFirst();
        JsonNode event = verified(received, created.get("secret").asString());
        assertThat(event.get("type").asString()).isEqualTo("webhook.test");
        assertThat(received.header("webhook-id"))
                .isEqualTo(JSON.readTree(test.body()).get("messageId").asString());
        String v1a = List.of(received.header("webhook-signature").split(" ")).stream()
                .filter(s -> s.startsWith("v1a,"))
                .findFirst()
                .orElseThrow();
        // The verifier docs/webhooks.md publishes, in plain JDK.
        assertThat(verifyV1a(publicKeys.getFirst(), received, v1a.substring(4))).isTrue();
        assertThat(verifyV1a(
                        publicKeys.getFirst(), received, Base64.getEncoder().encodeToString(new byte[64])))
                .isFalse();
    }

    static boolean verifyV1a(String whpk, Received received, String signature) throws Exception {
        byte[] raw = Base64.getDecoder().decode(whpk.substring("whpk_".length()));
        byte[] x509 = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] encoded = new byte[x509.length + raw.length];
        System.arraycopy(x509, 0, encoded, 0, x509.length);
        System.arraycopy(raw, 0, encoded, x509.length, raw.length);
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update((received.header("webhook-id") + "." + received.header("webhook-timestamp") + ".")
                .getBytes(StandardCharsets.UTF_8));
        verifier.update(received.body());
        return verifier.verify(Base64.getDecoder().decode(signature));
    }

    static JsonNode assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://ripple.dev/problems/" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        return problem;
    }
}
