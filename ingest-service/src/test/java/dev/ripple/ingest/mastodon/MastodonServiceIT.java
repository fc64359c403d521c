package dev.ripple.ingest.mastodon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.events.FollowObserved;
import dev.ripple.ingest.testing.TestKafka;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Mastodon source inside the running service: configured by the watch file (reloaded without a restart), its
 * accounts' state in {@code /health}, its metrics at {@code /prometheus}.
 */
class MastodonServiceIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void watchedAccountsPollInTheServiceAndShowInHealthAndMetricsAndTheWatchFileIsReloaded() throws Exception {
        Path dir = Files.createTempDirectory("ripple-watch");
        Files.writeString(dir.resolve("writer.token"), "writer-token\n");
        Files.writeString(dir.resolve("other.token"), "other-token\n");
        try (MockMastodon instance = MockMastodon.start("svc.example");
                CommittedEvents topics = new CommittedEvents()) {
            instance.local("1", "writer", 10);
            instance.local("2", "other", 10);
            instance.local("3", "fan", 1);
            instance.token("writer-token", "1");
            instance.token("other-token", "2");
            instance.notify("1", "follow", Instant.parse("2026-07-01T00:00:00Z"), "3", null);
            instance.notify("2", "follow", Instant.parse("2026-07-01T00:00:01Z"), "3", null);
            Path watch = dir.resolve("watch.yml");
            Files.writeString(watch, """
                    mastodon:
                      - acct: writer@svc.example
                        base-url: %s
                        token-file: writer.token
                    """.formatted(instance.base()));
            try (EmbeddedServer server = ApplicationContext.run(
                    EmbeddedServer.class,
                    Map.ofEntries(
                            Map.entry("micronaut.server.port", -1),
                            Map.entry("ripple.kafka.bootstrap-servers", TestKafka.bootstrapServers()),
                            Map.entry("ripple.kafka.partitions", 3),
                            Map.entry("ripple.ingest.instance-id", "it-service-" + System.nanoTime()),
                            Map.entry("ripple.watch.file", watch.toString()),
                            Map.entry("ripple.watch.reload-interval", "200ms"),
                            Map.entry("ripple.mastodon.poll-interval", "100ms"),
                            Map.entry("ripple.mastodon.max-poll-interval", "300ms"),
                            Map.entry("ripple.mastodon.backfill", "36500d")))) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> topics.events(FollowObserved.class).size() == 1);

                JsonNode health =
                        MockMastodon.JSON.readTree(get(server, "/health").body());
                JsonNode source = health.path("details")
                        .path("sources")
                        .path("details")
                        .path("mastodon:127.0.0.1:writer@svc.example");
                assertThat(source.path("state").asString()).isEqualTo("OK");
                assertThat(source.path("mode").asString()).isEqualTo("notifications");
                assertThat(source.path("lastSuccessAt").asString()).isNotBlank();
                assertThat(source.path("cursorAgeSeconds").isNumber()).isTrue();
                String metrics = get(server, "/prometheus").body();
                assertThat(metrics)
                        .contains(
                                "ripple_ingest_events_total{account=\"writer@svc.example\",application=\"ingest-service\",source=\"mastodon\",type=\"follow\"} 1.0")
                        .contains(
                                "ripple_ingest_requests_total{account=\"writer@svc.example\",application=\"ingest-service\",endpoint=\"notifications\"")
                        .contains("ripple_ingest_lag_seconds{account=\"writer@svc.example\"");

                // Add an account without a restart; the first keeps its progress.
                Files.writeString(watch, """
                        mastodon:
                          - acct: writer@svc.example
                            base-url: %s
                            token-file: writer.token
                          - acct: other@svc.example
                            base-url: %1$s
                            token-file: other.token
                        """.formatted(instance.base()));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> topics.events(FollowObserved.class).size() == 2);
                await().during(Duration.ofMillis(500))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> topics.events(FollowObserved.class).size() == 2);

                // Remove it again: it disappears from health.
                Files.writeString(watch, """
                        mastodon:
                          - acct: writer@svc.example
                            base-url: %s
                            token-file: writer.token
                        """.formatted(instance.base()));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !get(server, "/health").body().contains("other@svc.example"));
                assertThat(get(server, "/health").body()).contains("writer@svc.example");
            }
        }
    }

    private static HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + server.getPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
