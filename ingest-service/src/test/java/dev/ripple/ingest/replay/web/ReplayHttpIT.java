package dev.ripple.ingest.replay.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.events.Topics;
import dev.ripple.ingest.testing.SeedStory;
import dev.ripple.ingest.testing.TestKafka;
import dev.ripple.ingest.testing.TopicRecords;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The replay API over real HTTP, publishing to a real broker. */
class ReplayHttpIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String NDJSON = "application/x-ndjson";
    private static final String PROBLEM_JSON = "application/problem+json";

    private static EmbeddedServer server;

    @BeforeAll
    static void startService() {
        server = ApplicationContext.run(
                EmbeddedServer.class,
                Map.of(
                        "micronaut.server.port",
                        -1,
                        "ripple.kafka.bootstrap-servers",
                        TestKafka.bootstrapServers(),
                        "ripple.kafka.partitions",
                        3,
                        "ripple.replay.max-body-size",
                        "256KB"));
    }

    @AfterAll
    static void stopService() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    @Test
    void postedScenarioIsAcceptedThenReplayedInTheBackground() throws Exception {
        try (TopicRecords records = TopicRecords.markEnd(Topics.SHARES, Topics.FOLLOWS, Topics.FOLLOWING)) {

            HttpResponse<String> response = post("/api/v1/replays?speed=0", NDJSON, seedStory());

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode accepted = JSON.readTree(response.body());
            String id = accepted.path("id").asString();
            assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/replays/" + id);
            assertThat(accepted.path("status").asString()).isIn("RUNNING", "COMPLETED");
            assertThat(accepted.path("speed").asDouble()).isZero();
            assertThat(Instant.parse(accepted.path("startedAt").asString())).isBeforeOrEqualTo(Instant.now());

            JsonNode report = awaitFinished(id);

            assertThat(report.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(report.path("linesRead").asLong()).isEqualTo(123);
            assertThat(report.path("published"))
                    .isEqualTo(JSON.readTree("{\"share\":5,\"follow\":59,\"following\":59}"));
            assertThat(report.path("rejected").asLong()).isZero();
            assertThat(report.path("duplicates").asLong()).isZero();
            assertThat(report.path("failed").asLong()).isZero();
            assertThat(report.path("rejections").isArray()).isTrue();
            assertThat(report.path("rejections")).isEmpty();
            assertThat(report.has("error")).isTrue();
            assertThat(report.path("error").isNull()).isTrue();
            assertThat(Instant.parse(report.path("finishedAt").asString()))
                    .isAfterOrEqualTo(Instant.parse(report.path("startedAt").asString()));
            assertThat(records.since(Topics.SHARES)).hasSize(5);
            assertThat(records.since(Topics.FOLLOWS)).hasSize(59);
            assertThat(records.since(Topics.FOLLOWING)).hasSize(59);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain; charset=utf-8", "application/json", NDJSON})
    void scenarioIsAcceptedAsNdjsonPlainTextOrJson(String contentType) throws Exception {
        HttpResponse<String> response = post("/api/v1/replays", contentType, seedStory());

        assertThat(response.statusCode()).isEqualTo(202);
        String id = JSON.readTree(response.body()).path("id").asString();
        assertThat(awaitFinished(id).path("published").path("follow").asLong()).isEqualTo(59);
    }

    @Test
    void badLinesAreReportedByNumberAndReason() throws Exception {
        List<String> lines = SeedStory.lines();
        String body = lines.get(0) + "\n{\"type\":\"like\"}\n\n" + lines.get(3) + "\n";

        HttpResponse<String> response = post("/api/v1/replays", NDJSON, body);
        JsonNode report =
                awaitFinished(JSON.readTree(response.body()).path("id").asString());

        assertThat(report.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(report.path("rejected").asLong()).isEqualTo(1);
        assertThat(report.path("rejections"))
                .isEqualTo(JSON.readTree(
                        "[{\"line\":2,\"reason\":\"unknown type 'like' (one of share, follow, following)\"}]"));
        assertThat(report.path("published").path("share").asLong()).isEqualTo(1);
        assertThat(report.path("published").path("follow").asLong()).isEqualTo(1);
    }

    @Test
    void listShowsEveryReplayOldestFirst() throws Exception {
        String first = JSON.readTree(
                        post("/api/v1/replays", NDJSON, seedStory()).body())
                .path("id")
                .asString();
        String second = JSON.readTree(
                        post("/api/v1/replays", NDJSON, seedStory()).body())
                .path("id")
                .asString();

        HttpResponse<String> response = get("/api/v1/replays");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> ids = StreamSupport.stream(JSON.readTree(response.body()).spliterator(), false)
                .map(report -> report.path("id").asString())
                .toList();
        assertThat(ids).containsSubsequence(first, second);
        awaitFinished(second);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "", "NaN", "1e400"})
    void badSpeedIsAProblem(String speed) throws Exception {
        HttpResponse<String> response = post("/api/v1/replays?speed=" + speed, NDJSON, seedStory());

        JsonNode problem = assertProblem(response, 400, "invalid-speed", "Invalid speed");

        assertThat(problem.path("detail").asString())
                .isEqualTo("speed must be a number >= 0 (N times real time; 0 = as fast as possible), got '" + speed
                        + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " \n\n \r\n"})
    void emptyBodyIsAProblem(String body) throws Exception {
        assertProblem(post("/api/v1/replays", NDJSON, body), 400, "empty-body", "Empty request body");
    }

    @Test
    void unknownReplayIsAProblem() throws Exception {
        JsonNode problem = assertProblem(get("/api/v1/replays/no-such-id"), 404, "replay-not-found", "Unknown replay");

        assertThat(problem.path("detail").asString()).startsWith("No replay with id 'no-such-id'");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/replays/no-such-id");
    }

    @Test
    void bodyWithoutContentTypeIsTakenAsJsonLines() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri("/api/v1/replays"))
                        .POST(BodyPublishers.ofString(seedStory(), UTF_8))
                        .build(),
                BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        awaitFinished(JSON.readTree(response.body()).path("id").asString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/csv", "application/x-www-form-urlencoded"})
    void unsupportedMediaTypeIsAProblemNamingTheAcceptedOnes(String contentType) throws Exception {
        JsonNode problem = assertProblem(
                post("/api/v1/replays", contentType, seedStory()),
                415,
                "unsupported-media-type",
                "Unsupported media type");

        assertThat(problem.path("detail").asString())
                .contains(contentType)
                .contains("application/x-ndjson")
                .contains("text/plain");
    }

    @Test
    void bodyAboveTheLimitIsAProblem() throws Exception {
        String tooLarge = (seedStory() + "\n").repeat(6);
        assertThat(tooLarge.getBytes(UTF_8).length).isGreaterThan(256 * 1024);

        assertProblem(post("/api/v1/replays", NDJSON, tooLarge), 413, "body-too-large", "Request body too large");
    }

    @Test
    void unknownPathIsAProblemEvenForABrowser() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri("/api/v1/nothing-here"))
                        .header("Accept", "text/html")
                        .GET()
                        .build(),
                BodyHandlers.ofString());

        assertProblem(response, 404, "not-found", "Not Found");
    }

    @Test
    void wrongMethodIsAProblem() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri("/api/v1/replays")).DELETE().build(), BodyHandlers.ofString());

        assertProblem(response, 405, "method-not-allowed", "Method Not Allowed");
    }

    @Test
    void healthIsUpWithKafka() throws Exception {
        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("details").path("kafka").path("status").asString())
                .isEqualTo("UP");
        assertThat(health.path("details")
                        .path("kafka")
                        .path("details")
                        .path("nodes")
                        .asInt())
                .isEqualTo(1);
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status, String slug, String title) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://ripple.dev/problems/" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        if (title != null) {
            assertThat(problem.path("title").asString()).isEqualTo(title);
        }
        assertThat(problem.path("detail").asString()).isNotBlank();
        return problem;
    }

    private static JsonNode awaitFinished(String id) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            HttpResponse<String> response = get("/api/v1/replays/" + id);
                            assertThat(response.statusCode()).isEqualTo(200);
                            return JSON.readTree(response.body());
                        },
                        report -> !report.path("status").asString().equals("RUNNING"));
    }

    private static HttpResponse<String> post(String path, String contentType, String body)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", contentType)
                        .POST(BodyPublishers.ofString(body, UTF_8))
                        .build(),
                BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + server.getPort() + path);
    }

    private static String seedStory() {
        return String.join("\n", SeedStory.lines());
    }
}
