package dev.ripple.cascade.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.events.AttributionTier;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowedAccount;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareObserved;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The pure core, given the whole seed story, reaches the outcome of {@code seed-story.expected.json}. */
class SeedStoryCorrelationTest {

    private final CorrelationSettings settings = CorrelationSettings.DEFAULTS;

    @Test
    void seedStoryParentsAndCreditsMatchTheExpectedOutcome() {
        Map<String, Map<String, Edge>> edges = new HashMap<>();
        for (RippleEvent event : SeedStory.events()) {
            if (event instanceof FollowingObserved snapshot) {
                for (FollowedAccount followed : snapshot.follows()) {
                    edges.computeIfAbsent(snapshot.account().ref(), k -> new HashMap<>())
                            .put(followed.ref(), new Edge(followed.since(), snapshot.observedAt()));
                }
            }
        }
        FollowGraph graph = (follower, followed) ->
                Optional.ofNullable(edges.getOrDefault(follower, Map.of()).get(followed));

        Map<String, Node> nodes = new LinkedHashMap<>();
        ParentInference parents = new ParentInference(settings);
        for (RippleEvent event : SeedStory.events()) {
            if (event instanceof ShareObserved share && share.subject().ref().equals(SeedStory.AUTHOR)) {
                Share s = InMemoryCorrelation.toShare(share);
                ParentDecision decision = parents.decide(s, nodes, graph);
                Node parent = decision.parentUri() == null ? null : nodes.get(decision.parentUri());
                nodes.put(
                        s.uri(),
                        new Node(
                                s,
                                parent == null ? s.uri() : parent.cascadeId(),
                                decision.parentUri(),
                                decision.rule(),
                                decision.confidence(),
                                parent == null ? 0 : parent.depth() + 1));
            }
        }

        assertThat(nodes.values().stream()
                        .filter(node -> node.parentUri() != null)
                        .collect(Collectors.toMap(Node::uri, Node::parentUri)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "https://example.social/@julien/3001/reblog", "https://example.social/@sarah/2001",
                        "https://example.social/@julien/3002", "https://example.social/@sarah/2001",
                        "https://example.social/@chris/4001/reblog", "https://example.social/@julien/3002"));
        assertThat(nodes.get("https://example.social/@sarah/2001").rule()).isEqualTo(ParentRule.ROOT);
        assertThat(nodes.get("https://example.social/@julien/3001/reblog").rule())
                .isEqualTo(ParentRule.MENTION);
        assertThat(nodes.get("https://example.social/@chris/4001/reblog").rule())
                .isEqualTo(ParentRule.EXPLICIT_OBJECT);

        FollowAttribution attribution = new FollowAttribution(settings);
        Map<String, Integer> credited = new HashMap<>();
        int unattributed = 0;
        int total = 0;
        for (RippleEvent event : SeedStory.events()) {
            if (event instanceof FollowObserved follow) {
                total++;
                Attribution decision = attribution.decide(
                        new Follow(follow.id(), follow.follower().ref(), SeedStory.AUTHOR, follow.occurredAt(), null),
                        nodes,
                        graph,
                        follow.occurredAt());
                if (decision.creditedRefs().isEmpty()) {
                    unattributed++;
                    assertThat(decision.tier()).isEqualTo(AttributionTier.UNATTRIBUTED);
                } else {
                    assertThat(decision.tier()).isEqualTo(AttributionTier.GRAPH_EXPOSED);
                    assertThat(decision.creditedRefs().getFirst()).isEqualTo(SeedStory.SARAH);
                    assertThat(decision.decidedAt()).isAfter(follow.occurredAt());
                }
                decision.creditedRefs().forEach(ref -> credited.merge(ref, 1, Integer::sum));
            }
        }

        assertThat(total).isEqualTo(59);
        assertThat(unattributed).isEqualTo(3);
        assertThat(credited)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(SeedStory.SARAH, 56, SeedStory.JULIEN, 56, SeedStory.CHRIS, 40));
    }
}
