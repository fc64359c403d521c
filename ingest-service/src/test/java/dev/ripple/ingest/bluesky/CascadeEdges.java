package dev.ripple.ingest.bluesky;

import static dev.ripple.ingest.bluesky.Synthetic.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.events.EngagementKind;
import dev.ripple.events.EngagementObserved;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import java.util.List;

/**
 * The oracle: the events from which the expected edges of {@code scenario.json} come out, whatever path (notifications,
 * AppView, Jetstream) observed them. Explicit edges are carried by the events themselves ({@code via}); the inferred
 * one (carol → dave, follow) needs dave's like via carol and a snapshot showing dave follows carol, checked where the
 * path produces snapshots.
 */
public final class CascadeEdges {

    private CascadeEdges() {}

    /** alice → bob (repost, no via), bob → carol (repost via RB), carol → dave (like via RC), starter pack → frank. */
    public static void assertExplicitEdges(List<? extends RippleEvent> events) {
        assertThat(events)
                .filteredOn(e -> e instanceof ShareObserved s && s.kind() == ShareKind.RESHARE)
                .map(e -> (ShareObserved) e)
                .extracting(
                        s -> s.id(), s -> s.actor().ref(), s -> s.subject().ref(), s -> s.objectUri(), s -> s.viaUri())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(RB, "bluesky:" + BOB, "bluesky:" + ALICE, P, null),
                        org.assertj.core.groups.Tuple.tuple(RC, "bluesky:" + CAROL, "bluesky:" + ALICE, P, RB));
        assertThat(events)
                .filteredOn(e -> e instanceof EngagementObserved)
                .map(e -> (EngagementObserved) e)
                .singleElement()
                .satisfies(like -> {
                    assertThat(like.id()).isEqualTo(LD);
                    assertThat(like.kind()).isEqualTo(EngagementKind.LIKE);
                    assertThat(like.actor().ref()).isEqualTo("bluesky:" + DAVE);
                    assertThat(like.subject().ref()).isEqualTo("bluesky:" + ALICE);
                    assertThat(like.objectUri()).isEqualTo(P);
                    assertThat(like.viaUri()).isEqualTo(RC);
                });
        assertThat(events)
                .filteredOn(e -> e instanceof FollowObserved)
                .map(e -> (FollowObserved) e)
                .extracting(
                        f -> f.id(), f -> f.follower().ref(), f -> f.followee().ref(), f -> f.viaUri())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(FD, "bluesky:" + DAVE, "bluesky:" + ALICE, null),
                        org.assertj.core.groups.Tuple.tuple(FF, "bluesky:" + FRANK, "bluesky:" + ALICE, SP));
    }

    /** erin's quote, greg's mention and greg's reply, each a share about alice. */
    public static void assertOtherShares(List<? extends RippleEvent> events) {
        assertThat(events)
                .filteredOn(e -> e instanceof ShareObserved s && s.kind() != ShareKind.RESHARE)
                .map(e -> (ShareObserved) e)
                .extracting(s -> s.id(), s -> s.kind(), s -> s.actor().ref(), s -> s.objectUri())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(EQ + "#" + ALICE, ShareKind.QUOTE, "bluesky:" + ERIN, P),
                        org.assertj.core.groups.Tuple.tuple(
                                GM + "#" + ALICE, ShareKind.MENTION, "bluesky:" + GREG, null),
                        org.assertj.core.groups.Tuple.tuple(GR + "#" + ALICE, ShareKind.REPLY, "bluesky:" + GREG, P));
    }
}
