package dev.ripple.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class WebhookSinkTest {

    static final String ALERT = """
            {"type":"share.follows.digest","timestamp":"2009-09-18T15:21:30Z","data":{\
            "sharer":{"ref":"mastodon:example.social:sarah","handle":"@sarah@example.social"},\
            "subject":{"ref":"mastodon:example.social:author","handle":"@author@example.social"},\
            "cascadeId":"1234abcd-5678-90ef-1234-567890abcdef","reason":"digest","newFollows":25,"totalFollows":31,\
            "path":["@sarah@example.social","@julien@example.social","@chris@example.social"],\
            "text":"Your mention of @author@example.social reached @julien@example.social and @chris@example.social: \
            25 people followed @author@example.social within a minute (31 in all). Zoë 😀"}}""";

    @TempDir
    Path dir;

    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final HttpClient http = HttpClient.newHttpClient();
    Path secretFile;
    String secret;
    WebhookSink sink;

    @BeforeEach
    void startSink() throws Exception {
        secretFile = dir.resolve("secret");
        secret = newSecret();
        sink = WebhookSink.start(
                new InetSocketAddress("127.0.0.1", 0),
                secretFile,
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                new AlertFormatter(ZoneOffset.UTC),
                Clock.systemUTC());
    }

    @AfterEach
    void stopSink() {
        sink.close();
    }

    @Test
    void verifiedAlertIsAcceptedAndPrintedForAPerson() throws Exception {
        Files.writeString(secretFile, secret + "\n");

        HttpResponse<String> response = post("msg_1", ALERT, secret);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(sink.deliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.id()).isEqualTo("msg_1");
            assertThat(delivery.verified()).isTrue();
            assertThat(delivery.duplicate()).isFalse();
            assertThat(delivery.data().path("newFollows").asInt()).isEqualTo(25);
        });
        assertThat(printed())
                .contains("2009-09-18 15:21:30  ✓ Your mention of @author@example.social reached")
                .contains("(31 in all). Zoë 😀\n")
                .contains("→ digest · @sarah@example.social · cascade 1234abcd · 25 new, 31 in all"
                        + " · path @sarah → @julien → @chris");
    }

    @Test
    void signatureMadeWithAnotherSecretIsRejected() throws Exception {
        Files.writeString(secretFile, secret);

        HttpResponse<String> response = post("msg_1", ALERT, newSecret());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(sink.deliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.verified()).isFalse();
            assertThat(delivery.error()).isEqualTo("No matching signature found");
        });
        assertThat(printed()).contains("✗ signature rejected for msg_1: No matching signature found");
    }

    @Test
    void bodyChangedAfterSigningIsRejected() throws Exception {
        Files.writeString(secretFile, secret);
        long now = System.currentTimeMillis() / 1000;
        String signature = new Webhook(secret).sign("msg_1", now, ALERT);

        HttpResponse<String> response =
                send("msg_1", Long.toString(now), signature, ALERT.replace("\"newFollows\":25", "\"newFollows\":26"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(sink.deliveries())
                .singleElement()
                .extracting(Delivery::verified)
                .isEqualTo(false);
    }

    @Test
    void staleTimestampIsRejected() throws Exception {
        Files.writeString(secretFile, secret);
        long tenMinutesAgo = System.currentTimeMillis() / 1000 - 600;
        String signature = new Webhook(secret).sign("msg_1", tenMinutesAgo, ALERT);

        HttpResponse<String> response = send("msg_1", Long.toString(tenMinutesAgo), signature, ALERT);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(sink.deliveries())
                .singleElement()
                .extracting(Delivery::error)
                .isEqualTo("Message timestamp too old");
    }

    @Test
    void missingSecretAnswers503UntilTheFileIsWritten() throws Exception {
        HttpResponse<String> early = post("msg_1", ALERT, secret);

        assertThat(early.statusCode()).isEqualTo(503);
        assertThat(early.headers().firstValue("Retry-After")).isPresent();
        assertThat(sink.deliveries()).isEmpty();
        assertThat(printed()).contains("delivery msg_1 answered 503: no secret in " + secretFile);

        Files.writeString(secretFile, secret);
        HttpResponse<String> retried = post("msg_1", ALERT, secret);

        assertThat(retried.statusCode()).isEqualTo(204);
        assertThat(sink.deliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.verified()).isTrue();
            assertThat(delivery.duplicate()).isFalse();
        });
    }

    @Test
    void secretIsReadAgainOnEveryRequest() throws Exception {
        Files.writeString(secretFile, secret);
        assertThat(post("msg_1", ALERT, secret).statusCode()).isEqualTo(204);

        String rotated = newSecret();
        Files.writeString(secretFile, rotated);

        assertThat(post("msg_2", ALERT, secret).statusCode()).isEqualTo(400);
        assertThat(post("msg_3", ALERT, rotated).statusCode()).isEqualTo(204);
    }

    @Test
    void repeatedWebhookIdIsAcceptedButFlaggedDuplicate() throws Exception {
        Files.writeString(secretFile, secret);

        assertThat(post("msg_1", ALERT, secret).statusCode()).isEqualTo(204);
        assertThat(post("msg_1", ALERT, secret).statusCode()).isEqualTo(204);

        assertThat(sink.deliveries()).extracting(Delivery::duplicate).containsExactly(false, true);
        assertThat(printed()).contains("↺ msg_1 again");
    }

    @Test
    void forgedDeliveryDoesNotMakeTheGenuineOneLookRepeated() throws Exception {
        Files.writeString(secretFile, secret);

        assertThat(post("msg_1", ALERT, newSecret()).statusCode()).isEqualTo(400);
        assertThat(post("msg_1", ALERT, secret).statusCode()).isEqualTo(204);

        assertThat(sink.deliveries())
                .extracting(Delivery::verified, Delivery::duplicate)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(false, false),
                        org.assertj.core.groups.Tuple.tuple(true, false));
    }

    @Test
    void logListsEveryDeliveryAsJson() throws Exception {
        Files.writeString(secretFile, secret);
        post("msg_1", ALERT, secret);
        post("msg_2", "not json at all", secret);
        post("msg_3", ALERT, newSecret());

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(base().resolve("/_log")).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode log = Json.MAPPER.readTree(response.body());
        assertThat(log.size()).isEqualTo(3);
        JsonNode first = log.get(0);
        assertThat(first.get("id").asString()).isEqualTo("msg_1");
        assertThat(first.get("timestamp").isNumber()).isTrue();
        assertThat(first.get("verified").asBoolean()).isTrue();
        assertThat(first.get("duplicate").asBoolean()).isFalse();
        assertThat(first.get("receivedAt").asString()).isNotBlank();
        assertThat(first.at("/payload/data/text").asString()).endsWith("Zoë 😀");
        assertThat(log.get(1).get("payload").asString()).isEqualTo("not json at all");
        assertThat(log.get(1).get("verified").asBoolean()).isTrue();
        assertThat(log.get(2).get("verified").asBoolean()).isFalse();
        assertThat(log.get(2).get("error").asString()).isEqualTo("No matching signature found");
    }

    @Test
    void requestWithoutSignatureHeadersIsRejected() throws Exception {
        Files.writeString(secretFile, secret);

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(sink.webhookUrl())
                        .POST(HttpRequest.BodyPublishers.ofString(ALERT))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(sink.deliveries())
                .singleElement()
                .extracting(Delivery::error)
                .isEqualTo("Missing required headers");
    }

    @Test
    void oversizedBodyWrongMethodAndUnknownPathAreRefused() throws Exception {
        Files.writeString(secretFile, secret);
        String huge = "x".repeat(WebhookSink.MAX_BODY_BYTES + 1);

        assertThat(post("msg_1", huge, secret).statusCode()).isEqualTo(413);
        assertThat(http.send(
                                HttpRequest.newBuilder(sink.webhookUrl()).GET().build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(405);
        assertThat(http.send(
                                HttpRequest.newBuilder(base().resolve("/elsewhere"))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
        assertThat(sink.deliveries()).isEmpty();
    }

    @Test
    void fileThatHoldsNoSecretIsAReceiverError() throws Exception {
        Files.writeString(secretFile, "whsec_!!! not base64 !!!");

        assertThat(post("msg_1", ALERT, secret).statusCode()).isEqualTo(500);
        assertThat(sink.deliveries()).isEmpty();
    }

    private HttpResponse<String> post(String id, String body, String signingSecret) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        return send(id, Long.toString(now), new Webhook(signingSecret).sign(id, now, body), body);
    }

    private HttpResponse<String> send(String id, String timestamp, String signature, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(sink.webhookUrl())
                        .header("webhook-id", id)
                        .header("webhook-timestamp", timestamp)
                        .header("webhook-signature", signature)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + sink.port());
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    static String newSecret() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
