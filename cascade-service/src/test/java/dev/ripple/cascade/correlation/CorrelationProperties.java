package dev.ripple.cascade.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.cascade.eval.Dataset;
import dev.ripple.cascade.eval.Generator;
import dev.ripple.events.RippleEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties of the correlation core over generated worlds (heavy-tailed follower graphs, cascades with and without
 * {@code via}, planted and background follows, snapshots).
 */
class CorrelationProperties {

    private static final CorrelationSettings SETTINGS = CorrelationSettings.DEFAULTS;

    private static Dataset world(long seed) {
        Generator.Settings settings = Generator.Settings.defaults(seed).scaled(600, 4, 3);
        return new Generator(settings).generate();
    }

    private static InMemoryCorrelation replay(List<RippleEvent> events) {
        InMemoryCorrelation correlation = new InMemoryCorrelation(SETTINGS);
        correlation.applyAll(events);
        return correlation;
    }

    @Property(tries = 25)
    void everyShareHangsFromARootWithoutCycles(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        InMemoryCorrelation correlation = replay(world(seed).events());

        for (SubjectState state : correlation.subjects().values()) {
            for (Node node : state.nodes()) {
                Set<String> seen = new HashSet<>();
                Node current = node;
                while (current.parentUri() != null) {
                    assertThat(seen.add(current.uri()))
                            .as("cycle through %s", current.uri())
                            .isTrue();
                    Node parent = state.node(current.parentUri());
                    assertThat(parent)
                            .as("parent of %s is placed", current.uri())
                            .isNotNull();
                    assertThat(parent.cascadeId()).isEqualTo(current.cascadeId());
                    assertThat(parent.depth()).isEqualTo(current.depth() - 1);
                    current = parent;
                }
                assertThat(current.depth()).isZero();
                assertThat(current.cascadeId()).isEqualTo(Correlator.cascadeId(state.subjectRef(), current.uri()));
            }
        }
    }

    @Property(tries = 25)
    void aDecisionNeverCreditsTheSubjectOrTheFollower(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        InMemoryCorrelation correlation = replay(world(seed).events());

        for (SubjectState state : correlation.subjects().values()) {
            for (TrackedFollow follow : state.followsBetween(Instant.MIN, Instant.MAX)) {
                assertThat(follow.decision().creditedRefs())
                        .doesNotContain(state.subjectRef(), follow.follow().followerRef());
                assertThat(follow.decision().confidence()).isBetween(0.0, 1.0);
                if (follow.decision().exposure() != null) {
                    assertThat(follow.decision().exposure().at())
                            .isBefore(follow.follow().at());
                }
            }
        }
    }

    @Property(tries = 20)
    void arrivalOrderWithinTheLatenessWindowDoesNotChangeTheOutcome(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @LongRange(min = 1, max = 1_000_000) long shuffle) {
        List<RippleEvent> inOrder = world(seed).events();
        // Each event arrives up to L after its event time: any event may overtake any event up to L older.
        Random random = new Random(shuffle);
        long lateness = SETTINGS.lateness().toMillis();
        List<Object[]> arrivals = new ArrayList<>();
        for (RippleEvent event : inOrder) {
            arrivals.add(new Object[] {event.time().plusMillis((long) (random.nextDouble() * lateness)), event});
        }
        arrivals.sort((a, b) -> ((Instant) a[0]).compareTo((Instant) b[0]));
        List<RippleEvent> shuffled =
                arrivals.stream().map(a -> (RippleEvent) a[1]).toList();

        assertThat(outcome(replay(shuffled))).isEqualTo(outcome(replay(inOrder)));
    }

    @Property(tries = 15)
    void redeliveryChangesNothing(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        List<RippleEvent> events = world(seed).events();
        InMemoryCorrelation correlation = replay(events);
        Map<String, Object> before = outcome(correlation);

        for (RippleEvent event : events) {
            Changes changes = correlation.apply(event);
            assertThat(changes.placed()).isEmpty();
            assertThat(changes.moved()).isEmpty();
            assertThat(changes.decided()).isEmpty();
        }
        assertThat(outcome(correlation)).isEqualTo(before);
    }

    /** What a user would see: every share's parent, rule and cascade; every follow's tier, exposure and credits. */
    static Map<String, Object> outcome(InMemoryCorrelation correlation) {
        Map<String, Object> outcome = new HashMap<>();
        for (SubjectState state : correlation.subjects().values()) {
            for (Node node : state.nodes()) {
                outcome.put(
                        "share " + state.subjectRef() + " " + node.uri(),
                        List.of(String.valueOf(node.parentUri()), node.rule(), node.cascadeId(), node.depth()));
            }
            for (TrackedFollow follow : state.followsBetween(Instant.MIN, Instant.MAX)) {
                Attribution decision = follow.decision();
                outcome.put(
                        "follow " + follow.id(),
                        List.of(
                                decision.tier(),
                                String.valueOf(decision.exposureUri()),
                                decision.creditedRefs(),
                                String.valueOf(decision.cascadeId()),
                                Math.round(decision.confidence() * 1e9)));
            }
        }
        return outcome;
    }
}
