package dev.ripple.cascade.correlation;

import static dev.ripple.cascade.correlation.Fixtures.child;
import static dev.ripple.cascade.correlation.Fixtures.nodes;
import static dev.ripple.cascade.correlation.Fixtures.root;
import static dev.ripple.cascade.correlation.Fixtures.share;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.events.ShareKind;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParentInferenceTest {

    private final ParentInference inference = new ParentInference(CorrelationSettings.DEFAULTS);

    private final Node sarah = root(share("s/1", "sarah", ShareKind.MENTION, 0, null, null, Set.of("julien")));
    private final Node bob = child(share("b/1", "bob", ShareKind.RESHARE, 60), sarah, ParentRule.FOLLOW_GRAPH);

    @Test
    void firstShareOfASubjectIsARootWithFullConfidence() {
        ParentDecision decision =
                inference.decide(share("x/1", "x", ShareKind.MENTION, 0), Map.of(), FollowGraph.EMPTY);

        assertThat(decision.rule()).isEqualTo(ParentRule.ROOT);
        assertThat(decision.parentUri()).isNull();
        assertThat(decision.confidence()).isEqualTo(1.0);
    }

    @Test
    void viaUriWinsOverEveryOtherEvidence() {
        Share reshare = share("c/1", "julien", ShareKind.RESHARE, 120, "s/1", "b/1", Set.of());

        ParentDecision decision =
                inference.decide(reshare, nodes(sarah, bob), new Fixtures.Graph().follows("julien", "sarah"));

        assertThat(decision.parentUri()).isEqualTo("b/1");
        assertThat(decision.rule()).isEqualTo(ParentRule.EXPLICIT_VIA);
        assertThat(decision.confidence()).isGreaterThan(0.95);
    }

    @Test
    void objectUriOfAnEarlierShareIsExplicitAndQuotesAndRepliesSayWhich() {
        assertThat(inference
                        .decide(
                                share("c/1", "chris", ShareKind.RESHARE, 90, "b/1", null, Set.of()),
                                nodes(sarah, bob),
                                FollowGraph.EMPTY)
                        .rule())
                .isEqualTo(ParentRule.EXPLICIT_OBJECT);
        assertThat(inference
                        .decide(
                                share("q/1", "chris", ShareKind.QUOTE, 90, "b/1", null, Set.of()),
                                nodes(sarah, bob),
                                FollowGraph.EMPTY)
                        .rule())
                .isEqualTo(ParentRule.EXPLICIT_QUOTE);
        assertThat(inference
                        .decide(
                                share("r/1", "chris", ShareKind.REPLY, 90, "b/1", null, Set.of()),
                                nodes(sarah, bob),
                                FollowGraph.EMPTY)
                        .rule())
                .isEqualTo(ParentRule.EXPLICIT_REPLY);
    }

    @Test
    void anUnknownViaFallsThroughToTheNextTier() {
        Share reshare = share("j/1", "julien", ShareKind.RESHARE, 120, "author/post", "unseen/9", Set.of());

        ParentDecision decision = inference.decide(reshare, nodes(sarah, bob), FollowGraph.EMPTY);

        assertThat(decision.rule()).isEqualTo(ParentRule.MENTION);
        assertThat(decision.parentUri()).isEqualTo("s/1");
    }

    @Test
    void mentionExposureHoldsWithinItsWindowOnly() {
        Share soon =
                share("j/1", "julien", ShareKind.RESHARE, Duration.ofHours(47).toSeconds());
        Share late =
                share("j/2", "julien", ShareKind.RESHARE, Duration.ofHours(49).toSeconds());

        assertThat(inference.decide(soon, nodes(sarah), FollowGraph.EMPTY).rule())
                .isEqualTo(ParentRule.MENTION);
        assertThat(inference.decide(late, nodes(sarah), FollowGraph.EMPTY).rule())
                .isEqualTo(ParentRule.ROOT);
    }

    @Test
    void followGraphPicksTheMostRecentFollowedSharerByDefault() {
        Node carol = child(share("c/1", "carol", ShareKind.RESHARE, 300), sarah, ParentRule.FOLLOW_GRAPH);
        Share dave = share("d/1", "dave", ShareKind.RESHARE, 600);
        Fixtures.Graph graph = new Fixtures.Graph().follows("dave", "bob").follows("dave", "carol");

        ParentDecision decision = inference.decide(dave, nodes(sarah, bob, carol), graph);

        assertThat(decision.rule()).isEqualTo(ParentRule.FOLLOW_GRAPH);
        assertThat(decision.parentUri()).isEqualTo("c/1");
        assertThat(decision.candidates()).extracting(Candidate::uri).containsExactlyInAnyOrder("b/1", "c/1");
        assertThat(decision.confidence()).isLessThan(0.8).isGreaterThan(0.4);
    }

    @Test
    void firstPolicyPicksTheEarliestFollowedSharer() {
        ParentInference first = new ParentInference(new CorrelationSettings(
                Duration.ofHours(48), Duration.ofHours(24), Duration.ofSeconds(60), 1.5, GraphPolicy.FIRST, 0.5));
        Node carol = child(share("c/1", "carol", ShareKind.RESHARE, 300), sarah, ParentRule.FOLLOW_GRAPH);
        Fixtures.Graph graph = new Fixtures.Graph().follows("dave", "bob").follows("dave", "carol");

        assertThat(first.decide(share("d/1", "dave", ShareKind.RESHARE, 600), nodes(sarah, bob, carol), graph)
                        .parentUri())
                .isEqualTo("b/1");
    }

    @Test
    void aFollowCreatedAfterTheShareIsNotExposure() {
        Fixtures.Graph graph = new Fixtures.Graph().follows("dave", "bob", Fixtures.at(500), Fixtures.at(500));

        ParentDecision decision =
                inference.decide(share("d/1", "dave", ShareKind.RESHARE, 600), nodes(sarah, bob), graph);

        assertThat(decision.rule()).isEqualTo(ParentRule.ROOT);
        assertThat(decision.confidence()).isEqualTo(ParentInference.UNEXPLAINED_ROOT_CONFIDENCE);
    }

    @Test
    void neverGuessesTheMostRecentEarlierSharerWithoutEvidence() {
        ParentDecision decision =
                inference.decide(share("d/1", "dave", ShareKind.RESHARE, 600), nodes(sarah, bob), FollowGraph.EMPTY);

        assertThat(decision.rule()).isEqualTo(ParentRule.ROOT);
        assertThat(decision.parentUri()).isNull();
    }

    @Test
    void aSelfReshareHangsUnderTheOwnShareAndNeverUnderItself() {
        Share again = share("s/2", "sarah", ShareKind.RESHARE, 90, "s/1", null, Set.of());
        Share itself = share("s/1", "sarah", ShareKind.RESHARE, 90, "s/1", "s/1", Set.of());

        assertThat(inference.decide(again, nodes(sarah), FollowGraph.EMPTY).parentUri())
                .isEqualTo("s/1");
        assertThat(inference.decide(itself, nodes(sarah), FollowGraph.EMPTY).parentUri())
                .isNull();
    }

    @Test
    void ownEarlierSharesAreNotMentionOrGraphCandidates() {
        Node julien = root(share("j/1", "julien", ShareKind.MENTION, 0, null, null, Set.of("julien")));
        Fixtures.Graph graph = new Fixtures.Graph().follows("julien", "julien");

        assertThat(inference
                        .decide(share("j/2", "julien", ShareKind.RESHARE, 60), nodes(julien), graph)
                        .rule())
                .isEqualTo(ParentRule.ROOT);
    }
}
