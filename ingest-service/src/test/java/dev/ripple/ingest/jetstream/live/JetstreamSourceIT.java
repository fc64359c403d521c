package dev.ripple.ingest.jetstream.live;

import static dev.ripple.ingest.bluesky.Synthetic.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.events.RippleEvent;
import dev.ripple.ingest.bluesky.CascadeEdges;
import dev.ripple.ingest.bluesky.Synthetic;
import dev.ripple.ingest.bluesky.fake.FakeJetstream;
import dev.ripple.ingest.bluesky.fake.FakeXrpc;
import dev.ripple.ingest.bluesky.fake.Kafka;
import dev.ripple.ingest.publish.KafkaCheckpoints;
import dev.ripple.ingest.testing.TestKafka;
import dev.ripple.ingest.testing.TopicRecords;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Jetstream source in the service, against a local Jetstream WebSocket and a real broker. */
class JetstreamSourceIT {

    static Admin admin;
    static FakeXrpc appview;
    static final String INSTANCE = "jetstream-it-" + UUID.randomUUID();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        admin = Kafka.admin();
        // The watched account has no password: its AppView poller runs too, against this quiet AppView.
        appview = new FakeXrpc()
                .on("app.bsky.graph.getFollowers", r -> FakeXrpc.Response.ok("{\"followers\":[]}"))
                .on("app.bsky.feed.getAuthorFeed", r -> FakeXrpc.Response.ok("{\"feed\":[]}"));
    }

    @AfterAll
    static void stop() {
        appview.close();
        admin.close();
    }

    @BeforeEach
    void forgetTheCursor() {
        try (KafkaCheckpoints checkpoints = Kafka.checkpoints(admin)) {
            checkpoints.forget(JetstreamSource.SOURCE_KEY);
        }
    }

    private ApplicationContext service(FakeJetstream jetstream) throws Exception {
        Path watch = dir.resolve("watch.yml");
        Files.writeString(watch, """
                bluesky:
                  - did: %s
                    appview-url: %s
                jetstream:
                  url: %s
                  collections: [app.bsky.feed.post, app.bsky.feed.repost, app.bsky.feed.like, app.bsky.graph.follow]
                """.formatted(ALICE, appview.url(), jetstream.url()));
        return ApplicationContext.run(Map.ofEntries(
                Map.entry("ripple.kafka.bootstrap-servers", TestKafka.bootstrapServers()),
                Map.entry("ripple.kafka.partitions", 3),
                Map.entry("ripple.ingest.instance-id", INSTANCE),
                Map.entry("ripple.watch.file", watch.toString()),
                Map.entry("ripple.bluesky.poll-interval", "1h"),
                Map.entry("ripple.jetstream.commit-interval", "100ms"),
                Map.entry("ripple.jetstream.cursor-interval", "100ms"),
                Map.entry("ripple.jetstream.backoff-min", "50ms"),
                Map.entry("ripple.jetstream.backoff-max", "200ms"),
                Map.entry("ripple.jetstream.overlap", "2s")));
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
        try (KafkaCheckpoints checkpoints = Kafka.checkpoints(admin)) {
            return checkpoints
                    .cursor(JetstreamSource.SOURCE_KEY)
                    .map(text -> dev.ripple.ingest.jetstream.JetstreamCursor.decode(text)
                            .timeUs())
                    .orElse(-1L);
        }
    }
}
