package dev.ripple.ingest.jetstream;

import static dev.ripple.ingest.bluesky.Synthetic.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareDeleted;
import dev.ripple.events.ShareObserved;
import dev.ripple.ingest.bluesky.AccountDirectory;
import dev.ripple.ingest.bluesky.CascadeEdges;
import dev.ripple.ingest.bluesky.RecordIndex;
import dev.ripple.ingest.bluesky.RecordMapper;
import dev.ripple.ingest.bluesky.Synthetic;
import dev.ripple.ingest.bluesky.Watched;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JetstreamProcessorTest {

    private final AccountDirectory accounts = new AccountDirectory(1000);
    private final JetstreamStats stats = new JetstreamStats();
    private final RecordIndex index = new RecordIndex(1000);

    private JetstreamProcessor processor() {
        return processor(2_000_000);
    }

    private JetstreamProcessor processor(long overlapUs) {
        JetstreamProcessor processor =
                new JetstreamProcessor(new RecordMapper(accounts), accounts, index, stats, overlapUs);
        processor.watch(new Watched(Set.of(ALICE)), List.of("app.bsky.feed.*", "app.bsky.graph.follow"));
        return processor;
    }

    private static List<RippleEvent> run(JetstreamProcessor processor, List<String> frames) {
        List<RippleEvent> events = new ArrayList<>();
        frames.forEach(frame -> events.addAll(processor.process(frame).events()));
        return events;
    }

    @Test
    void theSyntheticStreamYieldsTheCascadeWithItsViaChains() {
        List<RippleEvent> events = run(processor(), Synthetic.stream());

        CascadeEdges.assertExplicitEdges(events);
        CascadeEdges.assertOtherShares(events);
        // Eight shares, likes and follows, and the stream's un-repost of one of those shares.
        assertThat(events).hasSize(9);
        assertThat(events.getLast()).isInstanceOf(ShareDeleted.class);
        assertThat(stats.frames.sum()).isEqualTo(12);
        assertThat(stats.malformedTotal()).isZero();
    }

    @Test
    void aDeleteIsResolvedThroughTheCreateItRemovesAndPublishesTheShareAsDeleted() {
        JetstreamProcessor processor = processor();
        List<RippleEvent> before = run(processor, Synthetic.stream().subList(0, 10));
        assertThat(index.size()).isEqualTo(8);
        String repost = "at://did:plc:ejvhld3zwojou3bu47ojax4c/app.bsky.feed.repost/3m4q6ryjt5s2b";
        ShareObserved deletedShare = before.stream()
                .filter(ShareObserved.class::isInstance)
                .map(ShareObserved.class::cast)
                .filter(share -> share.uri().equals(repost))
                .findFirst()
                .orElseThrow();

        List<RippleEvent> afterDelete = run(
                processor,
                List.of(Synthetic.text("jetstream-v1/repost-delete.json").replaceAll("\\s+", "")));

        assertThat(afterDelete)
                .containsExactly(new ShareDeleted(
                        deletedShare.id() + "#deleted",
                        "bluesky",
                        repost,
                        deletedShare.subject(),
                        Instant.parse("2025-11-03T15:10:00.535Z")));
        assertThat(stats.deletes).containsOnlyKeys("RESHARE");
        assertThat(stats.deletes.get("RESHARE").sum()).isEqualTo(1);
        assertThat(index.size()).isEqualTo(7);

        run(processor, List.of(Synthetic.text("jetstream-v1/repost-delete.json").replaceAll("\\s+", "")));
        assertThat(stats.deletes.get("RESHARE").sum())
                .as("a second delete of the same record maps to nothing")
                .isEqualTo(1);
    }

    @Test
    void malformedFramesAreCountedWithTheirReasonAndNeverStopTheStream() {
        List<String> frames = new ArrayList<>(Synthetic.stream());
        frames.add(3, "{\"did\":\"" + ALICE + "\",\"time_us\":1762180000000000,\"kind\":\"commit\",\"commit\":{tr");
        frames.add(5, "this is not a frame");
        frames.add(
                7,
                "{\"did\":\"" + DAVE + "\",\"time_us\":1762180261435001,\"kind\":\"commit\",\"commit\":"
                        + "{\"operation\":\"create\",\"collection\":\"app.bsky.feed.like\",\"rkey\":\"3m4qacbu5cs2c\","
                        + "\"record\":{\"subject\":\"" + ALICE + "\",\"createdAt\":\"2025-11-03T14:31:01Z\"}}}");
        frames.add(9, "{\"time_us\":1762180261435002,\"kind\":\"commit\",\"note\":\"" + ALICE + "\"}");

        List<RippleEvent> events = run(processor(), frames);

        CascadeEdges.assertExplicitEdges(events);
        CascadeEdges.assertOtherShares(events);
        assertThat(stats.malformed).containsOnlyKeys("not-json", "no-time", "record", "envelope");
        assertThat(stats.malformedTotal()).isEqualTo(4);
        assertThat(stats.lastProblems()).anySatisfy(p -> assertThat(p).contains("subject is not a strongRef"));
    }

    @Test
    void afterARestoreTheOverlapIsRecognisedAndNothingIsPublishedTwice() {
        long overlapUs = 120_000_000;
        List<String> frames = Synthetic.stream();
        JetstreamProcessor first = processor(overlapUs);
        List<RippleEvent> before = run(first, frames.subList(0, 5));
        JetstreamCursor committed = JetstreamCursor.decode(first.cursor().encode());

        JetstreamProcessor restarted = processor(overlapUs);
        restarted.restore(committed);
        // The server replays from the cursor minus the overlap: the last frames before the cursor come again.
        List<RippleEvent> after = run(
                restarted,
                frames.stream()
                        .filter(frame -> Frames.timeUs(frame) >= committed.timeUs() - overlapUs)
                        .toList());

        List<RippleEvent> all = new ArrayList<>(before);
        all.addAll(after);
        CascadeEdges.assertExplicitEdges(all);
        CascadeEdges.assertOtherShares(all);
        assertThat(all).hasSize(9);
        assertThat(all).doesNotHaveDuplicates();
        assertThat(stats.duplicates.sum()).isEqualTo(2);
        assertThat(committed.timeUs()).isEqualTo(1762180320845000L);
    }

    @Test
    void theCheapLooksReadTheFieldsTheyNeed() {
        String frame = Synthetic.stream().get(1);
        assertThat(Frames.timeUs(frame)).isEqualTo(1762178641047000L);
        assertThat(Frames.namesAny(frame, Set.of(ALICE))).isTrue();
        assertThat(Frames.namesAny(frame, Set.of(GREG))).isFalse();
        assertThat(Frames.field(frame, "collection")).isEqualTo("app.bsky.feed.repost");
        assertThat(Frames.isDelete(Synthetic.stream().get(10))).isTrue();
        assertThat(Frames.isIdentity(Synthetic.stream().get(9))).isTrue();
        assertThat(Frames.timeUs("{\"kind\":\"heartbeat\"}")).isEqualTo(-1);
    }
}
