package dev.ripple.cascade.correlation;

import static dev.ripple.cascade.correlation.Fixtures.SUBJECT;
import static dev.ripple.cascade.correlation.Fixtures.at;
import static dev.ripple.cascade.correlation.Fixtures.child;
import static dev.ripple.cascade.correlation.Fixtures.nodes;
import static dev.ripple.cascade.correlation.Fixtures.root;
import static dev.ripple.cascade.correlation.Fixtures.share;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.events.AttributionTier;
import dev.ripple.events.ShareKind;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FollowAttributionTest {

    private final FollowAttribution attribution = new FollowAttribution(CorrelationSettings.DEFAULTS);

    private final Node sarah = root(share("s/1", "sarah", ShareKind.MENTION, 0, null, null, Set.of("julien")));
    private final Node julien = child(share("j/1", "julien", ShareKind.RESHARE, 600), sarah, ParentRule.MENTION);
    private final Node chris =
            child(share("c/1", "chris", ShareKind.RESHARE, 1200), julien, ParentRule.EXPLICIT_OBJECT);
    private final Map<String, Node> cascade = nodes(sarah, julien, chris);

    private static Follow follow(String follower, long seconds) {
        return new Follow("f-" + follower, follower, SUBJECT, at(seconds), null);
    }

    @Test
    void aFollowerOfTheExposerCreditsEverySharerOnThePathRootFirst() {
        Attribution decision = attribution.decide(
                follow("fan", 1230), cascade, new Fixtures.Graph().follows("fan", "chris"), at(1232));

        assertThat(decision.tier()).isEqualTo(AttributionTier.GRAPH_EXPOSED);
        assertThat(decision.exposureUri()).isEqualTo("c/1");
        assertThat(decision.path()).extracting(Node::uri).containsExactly("s/1", "j/1", "c/1");
        assertThat(decision.creditedRefs()).containsExactly("sarah", "julien", "chris");
        assertThat(decision.confidence()).isEqualTo(FollowAttribution.GRAPH_BASE);
        assertThat(decision.decidedAt()).isEqualTo(at(1232));
    }

    @Test
    void noExposureMeansUnattributedNotAGuess() {
        Attribution decision = attribution.decide(follow("stranger", 1230), cascade, FollowGraph.EMPTY, at(1230));

        assertThat(decision.tier()).isEqualTo(AttributionTier.UNATTRIBUTED);
        assertThat(decision.creditedRefs()).isEmpty();
        assertThat(decision.confidence()).isZero();
    }

    @Test
    void exposureOlderThanTheFollowWindowDoesNotCount() {
        long dayAndMinute = Duration.ofHours(24).plusMinutes(1).toSeconds();
        Fixtures.Graph graph = new Fixtures.Graph().follows("fan", "chris");

        assertThat(attribution
                        .decide(follow("fan", 1200 + dayAndMinute), cascade, graph, at(0))
                        .tier())
                .isEqualTo(AttributionTier.UNATTRIBUTED);
        assertThat(attribution
                        .decide(follow("fan", 1200 + 3600), cascade, graph, at(0))
                        .tier())
                .isEqualTo(AttributionTier.GRAPH_EXPOSED);
    }

    @Test
    void aShareAfterTheFollowCannotHaveCausedIt() {
        Attribution decision = attribution.decide(
                follow("fan", 1100), cascade, new Fixtures.Graph().follows("fan", "chris"), at(1100));

        assertThat(decision.tier()).isEqualTo(AttributionTier.UNATTRIBUTED);
    }

    @Test
    void aFollowMadeAfterTheShareIsNotExposureToIt() {
        Fixtures.Graph graph = new Fixtures.Graph().follows("fan", "chris", at(1300), at(1300));

        assertThat(attribution
                        .decide(follow("fan", 1400), cascade, graph, at(1400))
                        .tier())
                .isEqualTo(AttributionTier.UNATTRIBUTED);
    }

    @Test
    void beingNamedInAShareIsMentionedExposure() {
        Attribution decision = attribution.decide(follow("julien", 60), nodes(sarah), FollowGraph.EMPTY, at(60));

        assertThat(decision.tier()).isEqualTo(AttributionTier.MENTIONED);
        assertThat(decision.creditedRefs()).containsExactly("sarah");
    }

    @Test
    void aFollowerWhoResharedIsEngagedAndCreditsWhatTheyReshared() {
        Node fanShare = child(share("fan/1", "fan", ShareKind.RESHARE, 1250), chris, ParentRule.FOLLOW_GRAPH);

        Attribution decision = attribution.decide(
                follow("fan", 1300), nodes(sarah, julien, chris, fanShare), FollowGraph.EMPTY, at(1300));

        assertThat(decision.tier()).isEqualTo(AttributionTier.ENGAGED);
        assertThat(decision.exposureUri()).isEqualTo("c/1");
        assertThat(decision.creditedRefs())
                .containsExactly("sarah", "julien", "chris")
                .doesNotContain("fan");
    }

    @Test
    void aLikeThroughAShareMakesThatShareTheEngagedExposure() {
        Engagement like = new Engagement("l-1", "fan", "author/post", "c/1", at(1240));
        Engagement blind = new Engagement("l-2", "other", "author/post", null, at(1240));

        Attribution engaged = attribution.decide(
                follow("fan", 1300), cascade, cascade.values(), java.util.List.of(like), FollowGraph.EMPTY, at(1300));
        Attribution unknown = attribution.decide(
                follow("other", 1300),
                cascade,
                cascade.values(),
                java.util.List.of(blind),
                FollowGraph.EMPTY,
                at(1300));

        assertThat(engaged.tier()).isEqualTo(AttributionTier.ENGAGED);
        assertThat(engaged.exposureUri()).isEqualTo("c/1");
        assertThat(engaged.creditedRefs()).containsExactly("sarah", "julien", "chris");
        assertThat(unknown.tier()).isEqualTo(AttributionTier.UNATTRIBUTED);
    }

    @Test
    void theSubjectIsNeverCredited() {
        Node authorShare = root(share("a/1", SUBJECT, ShareKind.MENTION, 0, null, null, Set.of("fan")));
        Node boost = child(share("b/1", "bob", ShareKind.RESHARE, 100), authorShare, ParentRule.EXPLICIT_OBJECT);

        Attribution viaAuthor = attribution.decide(follow("fan", 50), nodes(authorShare), FollowGraph.EMPTY, at(50));
        Attribution viaBoost = attribution.decide(
                follow("fan2", 150), nodes(authorShare, boost), new Fixtures.Graph().follows("fan2", "bob"), at(150));

        assertThat(viaAuthor.creditedRefs()).doesNotContain(SUBJECT);
        assertThat(viaBoost.creditedRefs()).containsExactly("bob");
    }

    @Test
    void aStarterPackFollowIsExplicitAndCreditsNoSharer() {
        Follow packFollow = new Follow("f-1", "fan", SUBJECT, at(1300), "at://did:plc:x/app.bsky.graph.starterpack/3k");

        Attribution decision =
                attribution.decide(packFollow, cascade, new Fixtures.Graph().follows("fan", "chris"), at(1300));

        assertThat(decision.tier()).isEqualTo(AttributionTier.EXPLICIT);
        assertThat(decision.creditedRefs()).isEmpty();
        assertThat(decision.exposure()).isNull();
    }

    @Test
    void theMoreRecentExposureWinsAndConfidenceReflectsTheAlternatives() {
        Fixtures.Graph graph = new Fixtures.Graph().follows("fan", "julien").follows("fan", "chris");

        Attribution decision = attribution.decide(follow("fan", 1260), cascade, graph, at(1260));

        assertThat(decision.exposureUri()).isEqualTo("c/1");
        assertThat(decision.candidates()).extracting(Candidate::uri).containsExactly("c/1", "j/1");
        assertThat(decision.confidence())
                .isLessThan(FollowAttribution.GRAPH_BASE)
                .isGreaterThan(0.5);
    }

    @Test
    void pathWalkSurvivesACyclicParentChain() {
        Node a = new Node(share("a", "x", ShareKind.RESHARE, 0), "c", "b", ParentRule.EXPLICIT_VIA, 1, 1);
        Node b = new Node(share("b", "y", ShareKind.RESHARE, 1), "c", "a", ParentRule.EXPLICIT_VIA, 1, 1);

        assertThat(FollowAttribution.pathTo(a, nodes(a, b)))
                .extracting(Node::uri)
                .containsExactly("b", "a");
    }
}
