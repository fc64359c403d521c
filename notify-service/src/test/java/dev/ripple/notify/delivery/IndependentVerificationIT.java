package dev.ripple.notify.delivery;

import static dev.ripple.notify.Attributions.decision;
import static dev.ripple.notify.Attributions.fan;
import static dev.ripple.notify.Attributions.publish;
import static dev.ripple.notify.Attributions.sharer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.events.Account;
import dev.ripple.notify.NotifyIntegrationTest;
import dev.ripple.notify.WebhookReceiver.Received;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every kind of webhook Ripple sends, checked by code that is not Ripple's: the official {@code standardwebhooks} npm
 * package (v1, with both keys of a rotation), Node's own Ed25519 (v1a, with the verifier docs/webhooks.md publishes),
 * and Ajv against the JSON Schemas in docs/schemas/webhooks; plus the spec's test vector A signed by both sides.
 * Needs {@code node} and {@code npm} (installs the pinned packages from the npm registry on first run).
 */
class IndependentVerificationIT extends NotifyIntegrationTest {

    static final Path VERIFIER = Path.of("target", "node-verifier");
    static final Path SCHEMAS = Path.of("..", "docs", "schemas", "webhooks");

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyKindOfDeliveryVerifiesIndependently() throws Exception {
        Account indie = sharer("indie");
        JsonNode created = subscribe(
                "/hooks/independent",
                "\"sharers\":[\"" + indie.ref() + "\"]",
                "\"minConfidence\":0.5",
                "\"signatures\":[\"v1\",\"v1a\"]",
                "\"eventTypes\":[\"share.follows.first\",\"share.follows.digest\",\"share.follows.milestone\","
                        + "\"cascade.summary\",\"subject.follows.digest\",\"webhook.test\"]");
        String id = created.get("id").asString();
        String oldSecret = created.get("secret").asString();
        String oldPublicKey = created.at("/subscription/publicKeys/0").asString();
        JsonNode rotated = JSON.readTree(
                api("POST", "/api/v1/subscriptions/" + id + "/rotate", "{}").body());
        String newSecret = rotated.get("secret").asString();
        String newPublicKey = rotated.get("publicKey").asString();

        Instant day = nextDay();
        publish(decision(indie, "indie-f00", 1, fan("indie", 0), day.minus(Duration.ofHours(2)), true));
        for (int i = 1; i <= 11; i++) {
            publish(decision(indie, "indie-f%02d".formatted(i), 1, fan("indie", i), day.plusSeconds(i), true));
        }
        api("POST", "/api/v1/subscriptions/" + id + "/test", null);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> types().containsAll(Set.of(
                        "share.follows.first", "share.follows.milestone", "subject.follows.digest", "webhook.test")));
        // A day of wall-clock quiet, without waiting a day: the cascade's last activity moves back 25 hours.
        jdbc.sql(
                        "UPDATE cascade_activity SET last_seen_at = last_seen_at - interval '25 hours' WHERE cascade_id = 'cascade-indie'")
                .update();
        await().atMost(Duration.ofSeconds(30)).until(() -> types().contains("cascade.summary"));

        List<Received> deliveries = RECEIVER.at("/hooks/independent");
        JsonNode verdict = runNode(List.of(oldSecret, newSecret), List.of(oldPublicKey, newPublicKey), deliveries);

        assertThat(verdict.at("/vectorA/node").asString()).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(verdict.at("/vectorA/equal").asBoolean())
                .as(verdict.get("vectorA").toString())
                .isTrue();
        assertThat(verdict.get("results").size()).isEqualTo(deliveries.size());
        for (JsonNode result : verdict.get("results")) {
            assertThat(result.get("v1").toString()).as(result.toString()).isEqualTo("[\"ok\",\"ok\"]");
            assertThat(result.get("v1a").toString()).as(result.toString()).isEqualTo("[true,true]");
            assertThat(result.get("schema").asString()).as(result.toString()).isEqualTo("ok");
            assertThat(result.get("tamperedRejected").asBoolean())
                    .as(result.toString())
                    .isTrue();
        }
    }

    private Set<String> types() {
        return RECEIVER.at("/hooks/independent").stream()
                .map(r -> JSON.readTree(r.body()).get("type").asString())
                .collect(Collectors.toSet());
    }

    static JsonNode runNode(List<String> secrets, List<String> publicKeys, List<Received> deliveries)
            throws IOException, InterruptedException {
        installVerifier();
        ObjectNode input = JSON.createObjectNode();
        ArrayNode s = input.putArray("secrets");
        secrets.forEach(s::add);
        ArrayNode k = input.putArray("publicKeys");
        publicKeys.forEach(k::add);
        input.put("schemas", SCHEMAS.toAbsolutePath().normalize().toString());
        input.put(
                "vectorA",
                WebhookSigner.sign(
                        "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        1614265330,
                        "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8),
                        List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));
        ArrayNode list = input.putArray("deliveries");
        for (Received received : deliveries) {
            ObjectNode delivery = list.addObject();
            ObjectNode headers = delivery.putObject("headers");
            received.headers().forEach((name, values) -> headers.put(name, values.getFirst()));
            delivery.put("body", received.text());
        }
        Path file = Files.createTempFile(VERIFIER, "deliveries", ".json");
        Files.writeString(file, JSON.writeValueAsString(input));
        String output = run(List.of("node", "verify.js", file.toAbsolutePath().toString()));
        return JSON.readTree(output);
    }

    /** Installs the pinned npm packages once (target/node-verifier/node_modules). */
    static synchronized void installVerifier() throws IOException, InterruptedException {
        Files.createDirectories(VERIFIER);
        Path source = Path.of("src", "test", "node");
        Files.copy(
                source.resolve("package.json"), VERIFIER.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(
                source.resolve("package-lock.json"),
                VERIFIER.resolve("package-lock.json"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(source.resolve("verify.js"), VERIFIER.resolve("verify.js"), StandardCopyOption.REPLACE_EXISTING);
        if (!Files.isDirectory(VERIFIER.resolve("node_modules").resolve("standardwebhooks"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"));
        }
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(VERIFIER.toFile())
                .redirectErrorStream(false)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (node and npm are needed for this test): "
                    + new String(err, StandardCharsets.UTF_8) + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
