package dev.ripple.cascade.correlation;

import dev.ripple.events.Account;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowedAccount;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareObserved;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The correlation core with all state in memory: the same {@link Correlator} the service runs, fed event by event.
 * Used by the evaluation ({@code ripple-eval}), the property tests and the core benchmark. The service does the
 * same with state cached from PostgreSQL and following-snapshot evidence routed to each subject's owner by Kafka.
 */
public final class InMemoryCorrelation {

    private final Correlator correlator;
    private final Map<String, SubjectState> subjects = new LinkedHashMap<>();
    private final Map<String, Map<String, Edge>> edges = new HashMap<>();
    /** Which subjects an account has shared or followed in: where its snapshots are evidence. */
    private final Map<String, Set<String>> involvement = new HashMap<>();

    private final FollowGraph graph = (follower, followed) ->
            Optional.ofNullable(edges.getOrDefault(follower, Map.of()).get(followed));

    public InMemoryCorrelation(Correlator correlator) {
        this.correlator = correlator;
    }

    public InMemoryCorrelation(CorrelationSettings settings) {
        this(new Correlator(settings, Calibration.UNCALIBRATED));
    }

    /** Applies one event; returns what changed. */
    public Changes apply(RippleEvent event) {
        Changes changes = new Changes();
        switch (event) {
            case ShareObserved share -> {
                String subject = share.subject().ref();
                involvement
                        .computeIfAbsent(share.actor().ref(), k -> new LinkedHashSet<>())
                        .add(subject);
                correlator.share(state(subject), toShare(share), graph, changes);
            }
            case FollowObserved follow -> {
                String subject = follow.followee().ref();
                involvement
                        .computeIfAbsent(follow.follower().ref(), k -> new LinkedHashSet<>())
                        .add(subject);
                correlator.follow(state(subject), toFollow(follow), follow.platform(), graph, changes);
            }
            case dev.ripple.events.EngagementObserved like -> {
                String subject = like.subject().ref();
                involvement
                        .computeIfAbsent(like.actor().ref(), k -> new LinkedHashSet<>())
                        .add(subject);
                correlator.engagement(state(subject), toEngagement(like), graph, changes);
            }
            case FollowingObserved snapshot -> {
                String account = snapshot.account().ref();
                Map<String, Edge> known = edges.computeIfAbsent(account, k -> new HashMap<>());
                for (FollowedAccount followed : snapshot.follows()) {
                    known.merge(
                            followed.ref(),
                            new Edge(followed.since(), snapshot.observedAt()),
                            (old, fresh) -> new Edge(
                                    old.since() != null ? old.since() : fresh.since(),
                                    old.firstObservedAt().isBefore(fresh.firstObservedAt())
                                            ? old.firstObservedAt()
                                            : fresh.firstObservedAt()));
                }
                for (String subject : involvement.getOrDefault(account, Set.of())) {
                    correlator.evidence(state(subject), account, snapshot.observedAt(), graph, changes);
                }
            }
            default -> {}
        }
        return changes;
    }

    public void applyAll(Collection<? extends RippleEvent> events) {
        events.forEach(this::apply);
    }

    public SubjectState state(String subjectRef) {
        return subjects.computeIfAbsent(subjectRef, SubjectState::new);
    }

    public Map<String, SubjectState> subjects() {
        return subjects;
    }

    public FollowGraph graph() {
        return graph;
    }

    public static Share toShare(ShareObserved share) {
        return new Share(
                share.id(),
                share.subject().ref(),
                share.uri(),
                share.kind(),
                share.actor().ref(),
                share.actor().followers(),
                share.objectUri(),
                share.mentions().stream().map(Account::ref).collect(Collectors.toSet()),
                share.viaUri(),
                share.occurredAt());
    }

    public static Engagement toEngagement(dev.ripple.events.EngagementObserved like) {
        return new Engagement(like.id(), like.actor().ref(), like.objectUri(), like.viaUri(), like.occurredAt());
    }

    public static Follow toFollow(FollowObserved follow) {
        return new Follow(
                follow.id(), follow.follower().ref(), follow.followee().ref(), follow.occurredAt(), follow.viaUri());
    }
}
