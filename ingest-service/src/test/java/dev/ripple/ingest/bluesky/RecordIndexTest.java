package dev.ripple.ingest.bluesky;

import static dev.ripple.ingest.bluesky.Synthetic.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.events.Account;
import dev.ripple.events.EngagementKind;
import dev.ripple.events.EngagementObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareDeleted;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the record index hands out to be committed, and how it is rebuilt from what was committed. */
class RecordIndexTest {

    private static final Instant CREATED = Instant.parse("2025-11-03T14:04:01.047Z");
    private static final Instant DELETED = Instant.parse("2025-11-03T15:10:00.535Z");

    private static String repost(int n) {
        return "at://" + BOB + "/app.bsky.feed.repost/3m4q6ryjt5s" + n;
    }

    private static List<RippleEvent> shareOf(String uri, String... subjects) {
        return java.util.Arrays.stream(subjects)
                .<RippleEvent>map(subject -> new ShareObserved(
                        uri + (subjects.length > 1 ? "#" + subject : ""),
                        "bluesky",
                        ShareKind.RESHARE,
                        uri,
                        Account.of("bluesky:" + BOB, "@bob.test"),
                        new Account("bluesky:" + subject, "@" + subject, 18234L),
                        P,
                        List.of(),
                        null,
                        CREATED))
                .toList();
    }

    /** Commits an index's changes into a store the way a compacted topic keeps them: latest value per key. */
    private static Map<String, String> commit(RecordIndex index, Map<String, String> store) {
        for (RecordIndex.Change change : index.changes()) {
            if (change.entry() == null) {
                store.remove(change.uri());
            } else {
                store.put(change.uri(), change.entry());
            }
        }
        return store;
    }

    @Test
    void aShareRememberedBeforeARestartIsDeletedAfterItForEverySubject() {
        RecordIndex before = new RecordIndex(10);
        before.remember(repost(1), shareOf(repost(1), ALICE, CAROL));
        Map<String, String> committed = commit(before, new HashMap<>());

        RecordIndex after = new RecordIndex(10);
        RecordIndex.Restored restored = after.restore(committed);

        assertThat(restored).isEqualTo(new RecordIndex.Restored(1, 0, 0));
        RecordIndex.Entry entry = after.deleted(repost(1)).orElseThrow();
        assertThat(entry.kind()).isEqualTo("RESHARE");
        assertThat(entry.subjectDid()).isEqualTo(ALICE);
        assertThat(entry.eventIds()).containsExactly(repost(1) + "#" + ALICE, repost(1) + "#" + CAROL);
        assertThat(entry.deletions(DELETED))
                .containsExactly(
                        new ShareDeleted(
                                repost(1) + "#" + ALICE + "#deleted",
                                "bluesky",
                                repost(1),
                                new Account("bluesky:" + ALICE, "@" + ALICE, 18234L),
                                DELETED),
                        new ShareDeleted(
                                repost(1) + "#" + CAROL + "#deleted",
                                "bluesky",
                                repost(1),
                                new Account("bluesky:" + CAROL, "@" + CAROL, 18234L),
                                DELETED));
        assertThat(after.changes())
                .as("the delete's tombstone")
                .containsExactly(new RecordIndex.Change(repost(1), null));
    }

    @Test
    void aDeleteOfAnUnknownRecordQueuesNothing() {
        RecordIndex index = new RecordIndex(10);

        assertThat(index.deleted(repost(1))).isEmpty();
        assertThat(index.changes()).isEmpty();
    }

    @Test
    void likesAreRecognisedInMemoryButNotKeptAcrossRestarts() {
        RecordIndex index = new RecordIndex(10);
        String like = "at://" + DAVE + "/app.bsky.feed.like/3m4qacbu5cs2b";
        index.remember(
                like,
                List.of(new EngagementObserved(
                        like,
                        "bluesky",
                        EngagementKind.LIKE,
                        like,
                        Account.of("bluesky:" + DAVE, "@dave.test"),
                        Account.of("bluesky:" + ALICE, "@alice.test"),
                        P,
                        null,
                        CREATED)));

        assertThat(index.changes()).isEmpty();
        assertThat(index.deleted(like)).map(RecordIndex.Entry::kind).contains("LIKE");
        assertThat(index.changes()).isEmpty();
    }

    @Test
    void anEntryForgottenForRoomIsTombstonedSoTheTopicNeverHoldsMoreThanTheCapacity() {
        RecordIndex index = new RecordIndex(2);
        Map<String, String> committed = new HashMap<>();
        for (int n = 1; n <= 5; n++) {
            index.remember(repost(n), shareOf(repost(n), ALICE));
            commit(index, committed);
        }

        assertThat(committed).containsOnlyKeys(repost(4), repost(5));
        assertThat(index.deleted(repost(3)))
                .as("forgotten: its delete is not recognised")
                .isEmpty();
    }

    @Test
    void aRestoreKeepsTheMostRecentlyRememberedAndTombstonesTheRest() {
        RecordIndex before = new RecordIndex(5);
        Map<String, String> committed = new HashMap<>();
        for (int n = 1; n <= 5; n++) {
            before.remember(repost(n), shareOf(repost(n), ALICE));
        }
        commit(before, committed);

        // A smaller capacity after the restart: the least recently remembered go, whatever order the store gives.
        RecordIndex after = new RecordIndex(3);
        RecordIndex.Restored restored = after.restore(committed);

        assertThat(restored).isEqualTo(new RecordIndex.Restored(3, 2, 0));
        commit(after, committed);
        assertThat(committed).containsOnlyKeys(repost(3), repost(4), repost(5));
        after.remember(repost(6), shareOf(repost(6), ALICE));
        commit(after, committed);
        assertThat(committed)
                .as("the order of remembering survived the restore")
                .containsOnlyKeys(repost(4), repost(5), repost(6));
    }

    @Test
    void anUnreadableCommittedEntryIsForgottenNotFatal() {
        RecordIndex before = new RecordIndex(5);
        before.remember(repost(1), shareOf(repost(1), ALICE));
        Map<String, String> committed = commit(before, new HashMap<>());
        committed.put(repost(2), "{\"order\":7,\"kind\":\"RESHARE\",\"shares\":[{\"id\":\"x\"}]}");
        committed.put(repost(3), "not json");

        RecordIndex after = new RecordIndex(5);

        assertThat(after.restore(committed)).isEqualTo(new RecordIndex.Restored(1, 0, 2));
        assertThat(after.changes())
                .containsExactlyInAnyOrder(
                        new RecordIndex.Change(repost(2), null), new RecordIndex.Change(repost(3), null));
        assertThat(after.deleted(repost(1))).isPresent();
    }

    @Test
    void aKeptEntryIsSmall() {
        RecordIndex index = new RecordIndex(5);
        index.remember(repost(1), shareOf(repost(1), ALICE));

        // The documented size of the topic (docs/sources/bluesky.md) assumes about 1 KB per entry.
        assertThat(index.changes().getFirst().entry()).hasSizeLessThan(1024);
    }
}
