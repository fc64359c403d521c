package dev.ripple.ingest.jetstream.live;

import static dev.ripple.ingest.bluesky.Synthetic.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.ShareDeleted;
import dev.ripple.events.ShareObserved;
import dev.ripple.events.Topics;
import dev.ripple.ingest.bluesky.fake.FakeJetstream;
import dev.ripple.ingest.bluesky.fake.Kafka;
import dev.ripple.ingest.publish.KafkaCheckpoints;
import dev.ripple.ingest.testing.TopicRecords;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delete of a share seen by an earlier instance: the new instance starts with empty memory, rebuilds its record
 * index from {@code ripple.ingest.remembered.v1} and publishes the share as deleted, once. Real broker, a local
 * Jetstream WebSocket; each test uses its own record keys, so the shared broker's earlier records do not matter.
 */
class JetstreamDeletesAcrossRestartsIT {

    private static final long CREATED_US = 1762178641047000L;
    /** An hour later: far beyond the overlap, so the create is never served again to the new instance. */
    private static final long DELETED_US = CREATED_US + 3_600_000_000L;

    static JetstreamTestbed testbed;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        testbed = new JetstreamTestbed("jetstream-deletes-it");
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    @BeforeEach
    void forgetTheCursor() {
        testbed.forgetTheCursor();
    }

    @Test
    void aRepostDeletedAfterARestartIsPublishedAsDeletedOnceForItsSubject() throws Exception {
        String rkey = rkey();
        String uri = "at://" + BOB + "/app.bsky.feed.repost/" + rkey;

        try (FakeJetstream jetstream = new FakeJetstream(List.of(repostCreate(rkey)), 0, 0);
                TopicRecords shares = TopicRecords.markEndCommitted(Topics.SHARES);
                TopicRecords remembered = TopicRecords.markEndCommitted(KafkaCheckpoints.REMEMBERED_TOPIC);
                ApplicationContext first = service(jetstream)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> committedCursor() == CREATED_US);
            first.close();

            assertThat(Kafka.events(shares))
                    .singleElement()
                    .isInstanceOfSatisfying(
                            ShareObserved.class,
                            share -> assertThat(share.uri()).isEqualTo(uri));
            assertThat(values(remembered, uri)).singleElement().asString().contains(uri);
        }

        // A new instance, fresh memory; its Jetstream serves only the delete.
        try (FakeJetstream jetstream = new FakeJetstream(List.of(repostDelete(rkey, DELETED_US)), 0, 0);
                TopicRecords shares = TopicRecords.markEndCommitted(Topics.SHARES);
                TopicRecords remembered = TopicRecords.markEndCommitted(KafkaCheckpoints.REMEMBERED_TOPIC);
                ApplicationContext second = service(jetstream)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> committedCursor() == DELETED_US);
            second.close();

            List<ConsumerRecord<String, byte[]>> records = shares.since(Topics.SHARES);
            assertThat(records).hasSize(1);
            ConsumerRecord<String, byte[]> record = records.getFirst();
            assertThat(record.key()).isEqualTo("bluesky:" + ALICE);
            assertThat(CloudEvents.string(
                            record.headers().lastHeader(CloudEvents.TYPE).value()))
                    .isEqualTo("dev.ripple.share.deleted.v1");
            ShareDeleted deleted = EventJson.decode(record.value(), ShareDeleted.class);
            assertThat(deleted.uri()).isEqualTo(uri);
            assertThat(deleted.subject().ref()).isEqualTo("bluesky:" + ALICE);
            assertThat(deleted.deletedAt()).isEqualTo(java.time.Instant.EPOCH.plusNanos(DELETED_US * 1000));
            assertThat(values(remembered, uri)).as("the entry's tombstone").containsExactly((String) null);
        }

        // Restarted again: the delete is inside the overlap and served again, and is not published twice. (A later
        // frame moves the cursor, so its commit shows the delete was processed.)
        long later = DELETED_US + 1_000_000;
        try (FakeJetstream jetstream =
                        new FakeJetstream(List.of(repostDelete(rkey, DELETED_US), repostDelete(rkey(), later)), 0, 0);
                TopicRecords shares = TopicRecords.markEndCommitted(Topics.SHARES);
                ApplicationContext third = service(jetstream)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> committedCursor() == later);
            third.close();

            assertThat(jetstream.connections().getFirst()).contains("cursor=" + (DELETED_US - 2_000_000));
            assertThat(shares.since(Topics.SHARES)).isEmpty();
        }
    }

    @Test
    void aDeleteOfARecordNeverSeenPublishesAndRemembersNothing() throws Exception {
        String rkey = rkey();
        String uri = "at://" + BOB + "/app.bsky.feed.repost/" + rkey;

        try (FakeJetstream jetstream = new FakeJetstream(List.of(repostDelete(rkey, DELETED_US)), 0, 0);
                TopicRecords shares = TopicRecords.markEndCommitted(Topics.SHARES);
                TopicRecords remembered = TopicRecords.markEndCommitted(KafkaCheckpoints.REMEMBERED_TOPIC);
                ApplicationContext service = service(jetstream)) {
            JetstreamSource source = service.getBean(JetstreamSource.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> committedCursor() == DELETED_US);
            service.close();

            assertThat(source.stats().frames.sum()).isEqualTo(1);
            assertThat(shares.since(Topics.SHARES)).isEmpty();
            assertThat(values(remembered, uri)).isEmpty();
            assertThat(source.stats().deletes).isEmpty();
        }
    }

    private ApplicationContext service(FakeJetstream jetstream) throws Exception {
        return testbed.service(dir, jetstream, "app.bsky.feed.post, app.bsky.feed.repost");
    }

    /** A record key no other test used (TID alphabet). */
    private static String rkey() {
        String alphabet = "234567abcdefghijklmnopqrstuvwxyz";
        StringBuilder rkey = new StringBuilder("3m");
        for (int i = 0; i < 11; i++) {
            rkey.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return rkey.toString();
    }

    /** Bob reposts alice's post P (the fixture's frame, with another record key). */
    private static String repostCreate(String rkey) {
        return stream().get(1).replace("3m4q6ryjt5s2b", rkey);
    }

    private static String repostDelete(String rkey, long timeUs) {
        return """
                {"did":"%s","time_us":%d,"kind":"commit","commit":{"rev":"3m4qchylvlk2f","operation":"delete",\
                "collection":"app.bsky.feed.repost","rkey":"%s"}}""".formatted(BOB, timeUs, rkey);
    }

    /** The values written for a record's entry since the mark, in order (null: a tombstone). */
    private static List<String> values(TopicRecords records, String uri) {
        return records.since(KafkaCheckpoints.REMEMBERED_TOPIC).stream()
                .filter(record -> record.key().equals(JetstreamSource.SOURCE_KEY + "|" + uri))
                .map(record -> record.value() == null
                        ? null
                        : new String(record.value(), java.nio.charset.StandardCharsets.UTF_8))
                .toList();
    }

    private static long committedCursor() {
        return testbed.committedCursor();
    }
}
