package dev.ripple.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayClientTest {

    @TempDir
    Path dir;

    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final ReplayClient client = new ReplayClient(
            new Http(),
            new PrintStream(printed, true, StandardCharsets.UTF_8),
            Clock.systemUTC(),
            Duration.ofMillis(10),
            Duration.ofMillis(10));
    Path scenario;
    FakeServer ingest;

    @BeforeEach
    void writeScenario() throws Exception {
        scenario = dir.resolve("story.jsonl");
        Files.writeString(scenario, "{\"type\":\"share\"}\n{\"type\":\"follow\"}\nnot json\n");
    }

    @AfterEach
    void stop() {
        if (ingest != null) {
            ingest.close();
        }
    }

    @Test
    void completedReplayPrintsRejectedLinesAndTotals() throws Exception {
        ingest = new FakeServer()
                .on("POST", "/api/v1/replays", accepted())
                .on(
                        "GET",
                        "/api/v1/replays/r1",
                        FakeServer.Answer.json(200, report("RUNNING", 1, "{\"share\":1}", 0, "[]", null)),
                        FakeServer.Answer.json(
                                200,
                                report(
                                        "COMPLETED",
                                        3,
                                        "{\"share\":1,\"follow\":1,\"following\":0}",
                                        1,
                                        "[{\"line\":3,\"reason\":\"not JSON\"}]",
                                        null)));

        int exit = client.replay(ingest.uri(), scenario, 0, Duration.ZERO);

        assertThat(exit).isZero();
        FakeServer.Request posted = ingest.requests().get(0);
        assertThat(posted.query()).isEqualTo("speed=0");
        assertThat(posted.contentType()).isEqualTo("application/x-ndjson");
        assertThat(posted.body()).isEqualTo(Files.readString(scenario));
        assertThat(printed())
                .contains("Replaying " + scenario + " at full speed")
                .contains("  line 3: not JSON\n")
                .contains("Replay of story.jsonl completed: 3 lines read, 2 published (share 1, follow 1,"
                        + " following 0), 1 rejected, 0 duplicates");
    }

    @Test
    void speedIsPassedThrough() throws Exception {
        ingest = new FakeServer()
                .on("POST", "/api/v1/replays", accepted())
                .on(
                        "GET",
                        "/api/v1/replays/r1",
                        FakeServer.Answer.json(200, report("COMPLETED", 3, "3", 0, "[]", null)));

        client.replay(ingest.uri(), scenario, 3600, Duration.ZERO);

        assertThat(ingest.requests().get(0).query()).isEqualTo("speed=3600");
        assertThat(printed()).contains("at 3600× real time").contains("3 published, 0 rejected");
    }

    @Test
    void failedReplayExitsNonZeroWithTheReason() throws Exception {
        ingest = new FakeServer()
                .on("POST", "/api/v1/replays", accepted())
                .on(
                        "GET",
                        "/api/v1/replays/r1",
                        FakeServer.Answer.json(
                                200, report("FAILED", 2, "{\"share\":1}", 0, "[]", "Kafka unreachable: timed out")));

        int exit = client.replay(ingest.uri(), scenario, 0, Duration.ZERO);

        assertThat(exit).isEqualTo(1);
        assertThat(printed()).contains("Replay of story.jsonl FAILED: Kafka unreachable: timed out");
    }

    @Test
    void refusedReplayShowsTheProblem() throws Exception {
        ingest = new FakeServer()
                .on(
                        "POST",
                        "/api/v1/replays",
                        FakeServer.Answer.problem(
                                400,
                                "{\"title\":\"Invalid speed\",\"detail\":\"speed must be a number >= 0\",\"status\":400}"));

        assertThatThrownBy(() -> client.replay(ingest.uri(), scenario, 0, Duration.ZERO))
                .isInstanceOf(CommandFailure.class)
                .hasMessageContaining("answered 400: Invalid speed; speed must be a number >= 0");
    }

    @Test
    void missingFileIsReportedBeforeCallingIngest() throws Exception {
        ingest = new FakeServer();

        assertThatThrownBy(() -> client.replay(ingest.uri(), dir.resolve("nope.jsonl"), 0, Duration.ZERO))
                .hasMessageContaining("nope.jsonl: no such file");
        assertThat(ingest.requests()).isEmpty();
    }

    private static FakeServer.Answer accepted() {
        return new FakeServer.Answer(
                202,
                "application/json",
                report("RUNNING", 0, "{}", 0, "[]", null),
                Map.of("Location", "/api/v1/replays/r1"));
    }

    static String report(
            String status, int linesRead, String published, int rejected, String rejections, String error) {
        return "{\"id\":\"r1\",\"status\":\"" + status + "\",\"speed\":0,\"linesRead\":" + linesRead + ",\"published\":"
                + published + ",\"rejected\":" + rejected + ",\"duplicates\":0,\"rejections\":" + rejections
                + ",\"error\":" + (error == null ? "null" : "\"" + error + "\"") + "}";
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
