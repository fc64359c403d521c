package dev.ripple.ingest.replay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ripple.events.RippleEvent;
import dev.ripple.ingest.replay.ReplayReport.Published;
import dev.ripple.ingest.replay.ReplayReport.Rejection;
import dev.ripple.ingest.testing.SeedStory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ScenarioReplayTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** Publish calls and sleeps, in the order they happened. */
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private final Sleeper recordingSleeper = duration -> log.add("sleep " + duration);

    @Test
    void seedStoryIsPublishedInFileOrderAndCounted() {
        RecordingPublisher publisher = new RecordingPublisher(log);

        ReplayReport report = replay(SeedStory.lines(), 0, publisher);

        assertThat(publisher.ids())
                .containsExactlyElementsOf(SeedStory.events(SeedStory.lines()).stream()
                        .map(RippleEvent::id)
                        .toList());
        assertThat(publisher.events()).isEqualTo(SeedStory.events(SeedStory.lines()));
        assertThat(publisher.sources()).containsOnly("/ripple/ingest/replay");
        assertThat(report)
                .isEqualTo(new ReplayReport(
                        "r-1",
                        ReplayStatus.COMPLETED,
                        "test input",
                        0,
                        123,
                        new Published(5, 59, 59),
                        0,
                        0,
                        0,
                        List.of(),
                        NOW,
                        NOW,
                        null));
    }

    @Test
    void badLinesAreReportedWithTheirLineNumbersAndEverythingAfterThemIsPublished() {
        List<String> lines = new ArrayList<>(SeedStory.lines());
        ObjectNode noFollowee = SeedStory.object(lines.get(3));
        noFollowee.remove("followee");
        lines.add(2, "{\"type\":\"share\", \"id\": ");
        lines.add(10, "");
        lines.add(11, "{\"type\":\"like\",\"id\":\"x-1\"}");
        lines.add(60, "   ");
        lines.add(lines.size() - 1, noFollowee.put("id", "seed-f-broken").toString());
        RecordingPublisher publisher = new RecordingPublisher(log);

        ReplayReport report = replay(lines, 0, publisher);

        assertThat(report.status()).isEqualTo(ReplayStatus.COMPLETED);
        assertThat(report.rejections())
                .hasSize(3)
                .extracting(Rejection::line)
                .containsExactly(3L, 12L, (long) lines.size() - 1);
        assertThat(report.rejections().get(0).reason()).startsWith("not valid JSON: ");
        assertThat(report.rejections().get(1).reason())
                .isEqualTo("unknown type 'like' (one of share, follow, following)");
        assertThat(report.rejections().get(2).reason()).isEqualTo("invalid follow: followee is missing");
        assertThat(report.rejected()).isEqualTo(3);
        assertThat(report.linesRead()).isEqualTo(lines.size());
        assertThat(report.published()).isEqualTo(new Published(5, 59, 59));
        assertThat(publisher.ids())
                .containsExactlyElementsOf(SeedStory.events(SeedStory.lines()).stream()
                        .map(RippleEvent::id)
                        .toList());
    }

    @Test
    void repeatedIdIsPublishedAgainAndCountedAsDuplicate() {
        List<String> lines = new ArrayList<>(SeedStory.lines());
        lines.add(lines.getFirst());
        lines.add(lines.get(3));
        RecordingPublisher publisher = new RecordingPublisher(log);

        ReplayReport report = replay(lines, 0, publisher);

        assertThat(report.duplicates()).isEqualTo(2);
        assertThat(report.published()).isEqualTo(new Published(6, 60, 59));
        assertThat(publisher.ids()).endsWith("seed-s-01a", "seed-f-001");
        assertThat(report.status()).isEqualTo(ReplayStatus.COMPLETED);
    }

    @Test
    void firstThousandRejectionsAreKeptAndAllAreCounted() {
        List<String> lines =
                new ArrayList<>(IntStream.range(0, 1005).mapToObj(i -> "oops").toList());
        lines.addAll(SeedStory.lines());

        ReplayReport report = replay(lines, 0, new RecordingPublisher(log));

        assertThat(report.rejected()).isEqualTo(1005);
        assertThat(report.rejections()).hasSize(1000);
        assertThat(report.rejections().getLast())
                .isEqualTo(new Rejection(1000, report.rejections().getFirst().reason()));
        assertThat(report.published().total()).isEqualTo(SeedStory.EVENTS);
    }

    @Test
    void byteOrderMarkBeforeTheFirstLineIsIgnored() {
        List<String> lines = new ArrayList<>(SeedStory.lines());
        lines.set(0, "\uFEFF" + lines.getFirst());

        ReplayReport report = replay(lines, 0, new RecordingPublisher(log));

        assertThat(report.rejected()).isZero();
        assertThat(report.published().total()).isEqualTo(SeedStory.EVENTS);
    }

    @Test
    void eventKafkaRefusesStopsTheReplayAndTheReportSaysWhy() {
        RecordingPublisher publisher = new RecordingPublisher(
                log,
                (index, event) -> index == 2
                        ? RecordingPublisher.failed(new TimeoutException("Expiring 1 record(s) after 30000 ms"))
                        : CompletableFuture.completedFuture(null));

        ReplayReport report = replay(SeedStory.lines(), 0, publisher);

        assertThat(report.status()).isEqualTo(ReplayStatus.FAILED);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.published()).isEqualTo(new Published(2, 0, 0));
        assertThat(report.linesRead()).isEqualTo(3);
        assertThat(report.error())
                .isEqualTo("Kafka did not accept 1 event(s): TimeoutException: Expiring 1 record(s) after 30000 ms; "
                        + "the replay stopped after line 3");
        assertThat(report.finishedAt()).isEqualTo(NOW);
        assertThat(publisher.ids()).hasSize(3);
    }

    @Test
    void failureArrivingWhileLaterEventsAreSentStopsTheReplayAtTheNextLine() {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        RecordingPublisher publisher = new RecordingPublisher(log, (index, event) -> {
            if (index == 10) {
                pending.get(5).completeExceptionally(new TimeoutException("broker gone"));
                pending.forEach(future -> future.complete(null));
            }
            CompletableFuture<Void> answer = new CompletableFuture<>();
            pending.add(answer);
            if (index >= 10) {
                answer.complete(null);
            }
            return answer;
        });

        ReplayReport report = replay(SeedStory.lines(), 0, publisher);

        assertThat(report.status()).isEqualTo(ReplayStatus.FAILED);
        assertThat(publisher.ids()).hasSize(11);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.published().total()).isEqualTo(10);
        assertThat(report.error()).contains("TimeoutException: broker gone").endsWith("stopped after line 11");
    }

    @Test
    void replayEndsOnlyWhenKafkaHasAnsweredForEveryEvent() throws Exception {
        RecordingPublisher publisher = new RecordingPublisher(log, (index, event) -> new CompletableFuture<>());
        ScenarioReplay replay = scenarioReplay(SeedStory.lines(), 0);
        Thread runner = Thread.ofPlatform().start(() -> {
            try {
                replay.run(publisher);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.ids().size() == SeedStory.EVENTS);
        assertThat(replay.report().status()).isEqualTo(ReplayStatus.RUNNING);
        assertThat(replay.report().linesRead()).isEqualTo(123);

        publisher.answers().forEach(answer -> answer.complete(null));
        runner.join(Duration.ofSeconds(10));

        assertThat(replay.report().status()).isEqualTo(ReplayStatus.COMPLETED);
        assertThat(replay.report().published().total()).isEqualTo(SeedStory.EVENTS);
    }

    @Test
    void unreadableInputFailsTheReplay() throws InterruptedException {
        ScenarioReplay replay = new ScenarioReplay(
                "r-1",
                new ReplayInput("/data/story.jsonl", () -> {
                    throw new IOException("disk gone");
                }),
                0,
                recordingSleeper,
                CLOCK);

        replay.run(new RecordingPublisher(log));

        assertThat(replay.report().status()).isEqualTo(ReplayStatus.FAILED);
        assertThat(replay.report().error())
                .isEqualTo("cannot read /data/story.jsonl after line 0: IOException: disk gone");
    }

    @Test
    void interruptedReplayFailsSayingSo() {
        ScenarioReplay replay = new ScenarioReplay(
                "r-1",
                ReplayInput.of(
                        "test input", String.join("\n", SeedStory.lines()).getBytes(UTF_8)),
                1,
                duration -> {
                    throw new InterruptedException();
                },
                CLOCK);

        assertThatThrownBy(() -> replay.run(new RecordingPublisher(log))).isInstanceOf(InterruptedException.class);

        assertThat(replay.report().status()).isEqualTo(ReplayStatus.FAILED);
        assertThat(replay.report().error()).isEqualTo("interrupted after line 3 (the service is stopping)");
    }

    @Test
    void speedZeroNeverWaits() {
        replay(SeedStory.lines(), 0, new RecordingPublisher(log));

        assertThat(log).noneMatch(entry -> entry.startsWith("sleep"));
    }

    @Test
    void speedOneWaitsEachEventTimeGapBeforePublishingTheEvent() {
        replay(SeedStory.lines(), 1, new RecordingPublisher(log));

        assertThat(log).containsExactlyElementsOf(expectedLog(SeedStory.events(SeedStory.lines()), 1));
        List<RippleEvent> events = SeedStory.events(SeedStory.lines());
        assertThat(totalSleep())
                .isEqualTo(Duration.between(
                        events.getFirst().time(), events.getLast().time()));
    }

    @Test
    void speedNDividesEachGapByN() {
        replay(SeedStory.lines(), 10, new RecordingPublisher(log));

        assertThat(log).containsExactlyElementsOf(expectedLog(SeedStory.events(SeedStory.lines()), 10));
        List<RippleEvent> events = SeedStory.events(SeedStory.lines());
        assertThat(totalSleep())
                .isEqualTo(Duration.between(
                                events.getFirst().time(), events.getLast().time())
                        .dividedBy(10));
    }

    /** Each event's publish, preceded by a sleep of its gap to the previous event divided by the speed. */
    private static List<String> expectedLog(List<RippleEvent> events, long speed) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                Duration gap =
                        Duration.between(events.get(i - 1).time(), events.get(i).time());
                if (gap.isPositive()) {
                    expected.add("sleep " + gap.dividedBy(speed));
                }
            }
            expected.add("publish " + events.get(i).id());
        }
        return expected;
    }

    private Duration totalSleep() {
        return log.stream()
                .filter(entry -> entry.startsWith("sleep "))
                .map(entry -> Duration.parse(entry.substring("sleep ".length())))
                .reduce(Duration.ZERO, Duration::plus);
    }

    private ReplayReport replay(List<String> lines, double speed, RecordingPublisher publisher) {
        ScenarioReplay replay = scenarioReplay(lines, speed);
        try {
            replay.run(publisher);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return replay.report();
    }

    private ScenarioReplay scenarioReplay(List<String> lines, double speed) {
        byte[] content = String.join("\n", lines).getBytes(UTF_8);
        return new ScenarioReplay("r-1", ReplayInput.of("test input", content), speed, recordingSleeper, CLOCK);
    }
}
