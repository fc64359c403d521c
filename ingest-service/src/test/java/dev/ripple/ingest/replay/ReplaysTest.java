package dev.ripple.ingest.replay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ripple.ingest.testing.SeedStory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplaysTest {

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Replays> opened = new ArrayList<>();

    /** Blocks every paced replay until the test releases it. */
    private final Sleeper blockingSleeper = duration -> release.await();

    @AfterEach
    void closeReplays() {
        release.countDown();
        opened.forEach(Replays::close);
    }

    @Test
    void startedReplayRunsInTheBackgroundAndIsFoundByItsId() {
        Replays replays = replays(10, 4);

        ReplayReport started = replays.start(seedStory(), 0);

        assertThat(started.status()).isEqualTo(ReplayStatus.RUNNING);
        assertThat(started.input()).isEqualTo("seed");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> replays.find(started.id()).orElseThrow().status() == ReplayStatus.COMPLETED);
        assertThat(replays.find(started.id()).orElseThrow().published().total()).isEqualTo(SeedStory.EVENTS);
    }

    @Test
    void synchronousRunReturnsTheFinalReportAndIsListed() {
        Replays replays = replays(10, 4);

        ReplayReport report = replays.run(seedStory(), 0);

        assertThat(report.status()).isEqualTo(ReplayStatus.COMPLETED);
        assertThat(replays.list()).containsExactly(report);
    }

    @Test
    void unknownIdIsNotFound() {
        assertThat(replays(10, 4).find("no-such-replay")).isEmpty();
    }

    @Test
    void listIsOldestFirstAndKeepsTheLastHistoryReplays() {
        Replays replays = replays(3, 4);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(replays.run(seedStory(), 0).id());
        }

        assertThat(replays.list()).extracting(ReplayReport::id).containsExactlyElementsOf(ids.subList(2, 5));
        assertThat(replays.find(ids.getFirst())).isEmpty();
    }

    @Test
    void runningReplaysAreNeverEvicted() {
        Replays replays = replays(1, 4);

        ReplayReport running = replays.start(seedStory(), 1);
        ReplayReport finished = replays.run(seedStory(), 0);

        assertThat(replays.list()).extracting(ReplayReport::id).containsExactly(running.id(), finished.id());
    }

    @Test
    void replayBeyondTheRunningLimitIsRefusedUntilOneFinishes() {
        Replays replays = replays(10, 2);
        ReplayReport first = replays.start(seedStory(), 1);
        replays.start(seedStory(), 1);

        assertThatThrownBy(() -> replays.start(seedStory(), 0))
                .isInstanceOf(TooManyReplaysException.class)
                .hasMessage("2 replays are running already (the limit); retry when one has finished");

        release.countDown();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> replays.find(first.id()).orElseThrow().status() == ReplayStatus.COMPLETED);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(replays.start(seedStory(), 0)).isNotNull());
    }

    @Test
    void closingInterruptsRunningReplaysWhichReportWhy() {
        Replays replays = replays(10, 4);
        ReplayReport running = replays.start(seedStory(), 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> log.size() >= 2);

        replays.close();

        ReplayReport report = replays.find(running.id()).orElseThrow();
        assertThat(report.status()).isEqualTo(ReplayStatus.FAILED);
        assertThat(report.error()).startsWith("interrupted after line 3");
    }

    private Replays replays(int history, int maxRunning) {
        Replays replays =
                new Replays(new RecordingPublisher(log), blockingSleeper, Clock.systemUTC(), history, maxRunning);
        opened.add(replays);
        return replays;
    }

    private static ReplayInput seedStory() {
        return ReplayInput.of("seed", String.join("\n", SeedStory.lines()).getBytes(UTF_8));
    }
}
