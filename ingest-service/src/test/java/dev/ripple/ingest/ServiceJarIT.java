package dev.ripple.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.ingest.testing.SeedStory;
import dev.ripple.ingest.testing.TestKafka;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar ({@code target/ingest-service.jar}) as it is deployed: configured by environment variables through
 * its application.yml (so a jar without YAML support would fail here), serving HTTP, and as the replay command.
 */
class ServiceJarIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path LOGS = Path.of("target", "service-jar-it");

    @Test
    void serviceStartsFromTheEnvironmentAnswersHealthAndReplaysTheStartUpFile() throws Exception {
        int port = freePort();
        Process service = launch(
                "service",
                Map.of(
                        "RIPPLE_HTTP_PORT", String.valueOf(port),
                        "RIPPLE_KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                        "RIPPLE_KAFKA_PARTITIONS", "3",
                        "RIPPLE_REPLAY_FILE", SeedStory.path().toString()));
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(ConnectException.class)
                    .until(() -> get(port, "/health").statusCode() == 200);
            JsonNode health = JSON.readTree(get(port, "/health").body());
            assertThat(health.path("status").asString()).isEqualTo("UP");

            JsonNode replay = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> JSON.readTree(get(port, "/api/v1/replays").body()),
                            replays -> replays.size() == 1
                                    && !replays.get(0).path("status").asString().equals("RUNNING"))
                    .get(0);
            assertThat(replay.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(replay.path("input").asString())
                    .isEqualTo(SeedStory.path().toString());
            assertThat(replay.path("published").path("share").asInt()).isEqualTo(5);
            assertThat(replay.path("published").path("follow").asInt()).isEqualTo(59);
            assertThat(replay.path("published").path("following").asInt()).isEqualTo(59);
        } finally {
            service.destroy();
            assertThat(service.waitFor(20, TimeUnit.SECONDS))
                    .as("the service stops on SIGTERM")
                    .isTrue();
        }
    }

    @Test
    void replayCommandPrintsOnlyTheReportOnStdoutAndExitsZero() throws Exception {
        Process command = launch(
                "command",
                Map.of("RIPPLE_KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(), "RIPPLE_KAFKA_PARTITIONS", "3"),
                "replay",
                SeedStory.path().toString(),
                "--speed",
                "0");

        assertThat(command.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(command.exitValue()).as(log("command.err")).isZero();
        List<String> stdout = Files.readAllLines(LOGS.resolve("command.out"));
        assertThat(stdout).anyMatch(line -> line.endsWith(": COMPLETED"));
        assertThat(stdout).contains("published:   123 (5 shares, 59 follows, 59 following snapshots)");
        assertThat(stdout)
                .as("logs go to stderr")
                .allMatch(line -> line.matches(
                        "(replay |line \\d+|lines read|published|rejected|duplicates" + "|failed|took|error).*"));
    }

    @Test
    void badSettingStopsTheServiceNamingIt() throws Exception {
        Process service = launch(
                "bad-setting",
                Map.of(
                        "RIPPLE_HTTP_PORT", String.valueOf(freePort()),
                        "RIPPLE_KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                        "RIPPLE_KAFKA_PARTITIONS", "0"));

        assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(service.exitValue()).isNotZero();
        assertThat(log("bad-setting.out") + log("bad-setting.err"))
                .contains("ripple.kafka.partitions (RIPPLE_KAFKA_PARTITIONS) must be at least 1, was 0");
    }

    private static Process launch(String name, Map<String, String> environment, String... args) throws IOException {
        Files.createDirectories(LOGS);
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-jar",
                System.getProperty("ripple.serviceJar")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(LOGS.resolve(name + ".out").toFile())
                .redirectError(LOGS.resolve(name + ".err").toFile());
        builder.environment().keySet().removeIf(variable -> variable.startsWith("RIPPLE_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static String log(String file) throws IOException {
        return Files.readString(LOGS.resolve(file), UTF_8);
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
