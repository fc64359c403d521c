package dev.ripple.ingest.jetstream.live;

import static dev.ripple.ingest.bluesky.Synthetic.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.events.RippleEvent;
import dev.ripple.ingest.bluesky.CascadeEdges;
import dev.ripple.ingest.bluesky.Synthetic;
import dev.ripple.ingest.bluesky.fake.FakeJetstream;
import dev.ripple.ingest.bluesky.fake.Kafka;
import dev.ripple.ingest.testing.TopicRecords;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Jetstream source in the service, against a local Jetstream WebSocket and a real broker. */
class JetstreamSourceIT {

    static JetstreamTestbed testbed;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        testbed = new JetstreamTestbed("jetstream-it");
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    @BeforeEach
    void forgetTheCursor() {
        testbed.forgetTheCursor();
    }

    private ApplicationContext service(FakeJetstream jetstream) throws Exception {
        return testbed.service(
                dir, jetstream, "app.bsky.feed.post, app.bsky.feed.repost, app.bsky.feed.like, app.bsky.graph.follow");
    }

    private static final long LAST = 1762183200123000L;

    @Test
    void aDisconnectIsResumedFromTheCursorWithNothingLostOrRepeatedAndMalformedFramesSkipped() throws Exception {
        List<String> frames = new ArrayList<>(Synthetic.stream());
        frames.add(2, "{\"did\":\"" + ALICE + "\",\"time_us\":1762179000000000,\"kind\":\"account\",\"account\":[");
        frames.add(6, "{\"kind\":\"account\",\"did\":\"" + ALICE + "\"}");
        try (FakeJetstream jetstream = new FakeJetstream(frames, 2, 5);
                TopicRecords records = TopicRecords.markEnd(Kafka.TOPICS);
                ApplicationContext service = service(jetstream)) {
            JetstreamSource source = service.getBean(JetstreamSource.class);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> source.stats().lastTimeUs.get() == LAST
                            && source.describe().get("lastCommit") != null
                            && source.stats().commits.sum() > 0
                            && committedCursor() == LAST);

            List<RippleEvent> events = Kafka.events(records);
            CascadeEdges.assertExplicitEdges(events);
            CascadeEdges.assertOtherShares(events);
            // Eight shares, likes and follows, and bob's un-repost, published as the share deleted.
            assertThat(events).hasSize(9);
            assertThat(events.getLast()).isInstanceOf(dev.ripple.events.ShareDeleted.class);
            assertThat(events).extracting(RippleEvent::id).doesNotHaveDuplicates();
            assertThat(source.stats().malformed).containsOnlyKeys("not-json", "no-time");
            assertThat(jetstream.connections()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(jetstream.connections().getFirst())
                    .contains("wantedCollections=app.bsky.feed.repost")
                    .doesNotContain("cursor=");
            assertThat(jetstream.connections().get(1))
                    .as("resumed 2 s before the last frame it processed")
                    .contains("cursor=" + (1762180261435000L - 2_000_000));
            assertThat(source.stats().deletes).containsKey("RESHARE");
        }
    }

    @Test
    void aRestartResumesFromTheCommittedCursorAndTheOverlapIsNotPublishedAgain() throws Exception {
        List<String> frames = Synthetic.stream();
        List<RippleEvent> events = new ArrayList<>();
        try (FakeJetstream first = new FakeJetstream(frames.subList(0, 6), 0, 0);
                TopicRecords records = TopicRecords.markEnd(Kafka.TOPICS);
                ApplicationContext service = service(first)) {
            JetstreamSource source = service.getBean(JetstreamSource.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> committedCursor() == 1762180800540000L);
            service.close();
            events.addAll(Kafka.events(records));
        }
        assertThat(events).hasSize(5);
        try (FakeJetstream second = new FakeJetstream(frames, 0, 0);
                TopicRecords records = TopicRecords.markEnd(Kafka.TOPICS);
                ApplicationContext service = service(second)) {
            JetstreamSource source = service.getBean(JetstreamSource.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> committedCursor() == LAST);

            assertThat(second.connections().getFirst()).contains("cursor=" + (1762180800540000L - 2_000_000));
            assertThat(source.stats().duplicates.sum())
                    .as("the overlap's quote, recognised")
                    .isEqualTo(1);
            events.addAll(Kafka.events(records));
        }
        CascadeEdges.assertExplicitEdges(events);
        CascadeEdges.assertOtherShares(events);
        // Bob's repost was seen by the first instance, its delete by the second: recognised through the record
        // index it restored.
        assertThat(events).hasSize(9);
        assertThat(events.getLast()).isInstanceOf(dev.ripple.events.ShareDeleted.class);
    }

    private static long committedCursor() {
        return testbed.committedCursor();
    }
}
