package dev.ripple.cascade.correlation;

import dev.ripple.events.AttributionTier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attributes a follow of the subject to the share that most plausibly exposed the follower, within the follow
 * window: engaged (the follower shared in the cascade) → mentioned → graph-exposed; otherwise unattributed. Each
 * candidate is scored {@code base(tier) · K(lag)}; the best wins and every sharer on the path from the cascade root
 * to it is credited. An explicit origin recorded by the platform (a starter pack) is never credited to a sharer.
 */
public final class FollowAttribution {

    static final double EXPLICIT_CONFIDENCE = 0.99;
    static final double ENGAGED_BASE = 0.9;
    static final double MENTIONED_BASE = 0.8;
    static final double GRAPH_BASE = 0.6;

    private final CorrelationSettings settings;

    public FollowAttribution(CorrelationSettings settings) {
        this.settings = settings;
    }

    /**
     * @param nodesByUri every placed share of the subject
     * @param triggeredAt event time of the event that caused this decision (a late snapshot, say)
     */
    public Attribution decide(Follow follow, Map<String, Node> nodesByUri, FollowGraph graph, Instant triggeredAt) {
        return decide(follow, nodesByUri, nodesByUri.values(), graph, triggeredAt);
    }

    /**
     * @param window the subject's shares that may have exposed the follower (at least those within the follow
     *     window before the follow; others are ignored)
     */
    public Attribution decide(
            Follow follow,
            Map<String, Node> nodesByUri,
            Collection<Node> window,
            FollowGraph graph,
            Instant triggeredAt) {
        return decide(follow, nodesByUri, window, List.of(), graph, triggeredAt);
    }

    /**
     * @param engagements the follower's engagements with the subject's content (likes): one seen through a share
     *     makes that share an engaged (F1) candidate
     */
    public Attribution decide(
            Follow follow,
            Map<String, Node> nodesByUri,
            Collection<Node> window,
            Collection<Engagement> engagements,
            FollowGraph graph,
            Instant triggeredAt) {
        Instant decidedAt = latest(follow.at(), triggeredAt);
        if (follow.viaUri() != null) {
            Node via = nodesByUri.get(follow.viaUri());
            if (via == null) {
                return new Attribution(
                        AttributionTier.EXPLICIT,
                        EXPLICIT_CONFIDENCE,
                        null,
                        List.of(),
                        List.of(),
                        List.of(),
                        decidedAt);
            }
            List<Node> path = pathTo(via, nodesByUri);
            Candidate candidate = new Candidate(via.uri(), via.actorRef(), via.at(), "EXPLICIT", 1.0);
            return new Attribution(
                    AttributionTier.EXPLICIT,
                    EXPLICIT_CONFIDENCE,
                    via,
                    path,
                    credited(path, follow),
                    List.of(candidate),
                    decidedAt,
                    new AttributionFeatures(
                            Math.max(0, Duration.between(via.at(), follow.at()).toMillis()) / 1000.0,
                            1,
                            1,
                            1,
                            followBack(follow, graph)),
                    null);
        }

        Map<String, Scored> best = new HashMap<>();
        for (Node node : window) {
            if (!node.at().isBefore(follow.at())) {
                continue;
            }
            Duration lag = Duration.between(node.at(), follow.at());
            if (lag.compareTo(settings.followWindow()) > 0) {
                continue;
            }
            double recency = settings.kernel(lag);
            if (node.actorRef().equals(follow.followerRef())) {
                // The follower shared in the cascade: what they engaged with exposed them.
                Node seen = node.parentUri() == null ? null : nodesByUri.get(node.parentUri());
                if (seen != null && !seen.actorRef().equals(follow.followerRef())) {
                    offer(best, seen, AttributionTier.ENGAGED, ENGAGED_BASE * recency, follow.at());
                }
                continue;
            }
            if (node.actorRef().equals(follow.subjectRef())) {
                continue;
            }
            if (node.share().mentionRefs().contains(follow.followerRef())) {
                offer(best, node, AttributionTier.MENTIONED, MENTIONED_BASE * recency, follow.at());
            }
            Edge edge = graph.edge(follow.followerRef(), node.actorRef()).orElse(null);
            if (edge != null && edge.existedAt(node.at())) {
                offer(
                        best,
                        node,
                        AttributionTier.GRAPH_EXPOSED,
                        GRAPH_BASE * recency,
                        latest(follow.at(), edge.firstObservedAt()));
            }
        }
        for (Engagement engagement : engagements) {
            if (!engagement.at().isBefore(follow.at()) || engagement.exposureUri() == null) {
                continue;
            }
            Duration lag = Duration.between(engagement.at(), follow.at());
            Node seen = nodesByUri.get(engagement.exposureUri());
            if (lag.compareTo(settings.followWindow()) > 0
                    || seen == null
                    || seen.actorRef().equals(follow.followerRef())
                    || seen.actorRef().equals(follow.subjectRef())) {
                continue;
            }
            offer(best, seen, AttributionTier.ENGAGED, ENGAGED_BASE * settings.kernel(lag), follow.at());
        }
        if (best.isEmpty()) {
            return Attribution.unattributed(decidedAt);
        }

        List<Candidate> candidates = new ArrayList<>();
        Scored winner = null;
        Candidate winningCandidate = null;
        double total = 0;
        for (Scored scored : best.values()) {
            Candidate candidate = new Candidate(
                    scored.node.uri(), scored.node.actorRef(), scored.node.at(), scored.tier.name(), scored.score);
            candidates.add(candidate);
            total += scored.score;
            if (winningCandidate == null || Ranking.CANDIDATES.compare(candidate, winningCandidate) > 0) {
                winningCandidate = candidate;
                winner = scored;
            }
        }
        candidates.sort(Ranking.CANDIDATES.reversed());
        double scoreShare = total > 0 ? winner.score / total : 0;
        double confidence = base(winner.tier) * scoreShare;
        List<Node> path = pathTo(winner.node, nodesByUri);
        long exposers = best.values().stream()
                .map(scored -> scored.node.actorRef())
                .distinct()
                .count();
        AttributionFeatures features = new AttributionFeatures(
                Math.max(0, Duration.between(winner.node.at(), follow.at()).toMillis()) / 1000.0,
                candidates.size(),
                scoreShare,
                (int) Math.min(2, exposers),
                followBack(follow, graph));
        return new Attribution(
                winner.tier,
                confidence,
                winner.node,
                path,
                credited(path, follow),
                candidates,
                latest(decidedAt, winner.evidenceAt),
                features,
                null);
    }

    /** The subject already followed the follower before this follow: a follow-back, shown separately. */
    private static boolean followBack(Follow follow, FollowGraph graph) {
        return graph.edge(follow.subjectRef(), follow.followerRef())
                .filter(edge -> edge.existedAt(follow.at()))
                .isPresent();
    }

    private record Scored(Node node, AttributionTier tier, double score, Instant evidenceAt) {}

    /** Keeps the strongest reading of each share (a share can both mention and be followed). */
    private static void offer(Map<String, Scored> best, Node node, AttributionTier tier, double score, Instant at) {
        Scored current = best.get(node.uri());
        if (current == null || score > current.score) {
            best.put(node.uri(), new Scored(node, tier, score, at));
        }
    }

    private static double base(AttributionTier tier) {
        return switch (tier) {
            case ENGAGED -> ENGAGED_BASE;
            case MENTIONED -> MENTIONED_BASE;
            case GRAPH_EXPOSED -> GRAPH_BASE;
            default -> 0;
        };
    }

    /** The shares from the cascade's root down to {@code node}; safe against malformed (cyclic) parent links. */
    static List<Node> pathTo(Node node, Map<String, Node> nodesByUri) {
        List<Node> reversed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Node current = node;
        while (current != null && seen.add(current.uri())) {
            reversed.add(current);
            current = current.parentUri() == null ? null : nodesByUri.get(current.parentUri());
        }
        List<Node> path = new ArrayList<>(reversed.size());
        for (int i = reversed.size() - 1; i >= 0; i--) {
            path.add(reversed.get(i));
        }
        return path;
    }

    private static List<String> credited(Collection<Node> path, Follow follow) {
        Set<String> credited = new LinkedHashSet<>();
        for (Node node : path) {
            String actor = node.actorRef();
            if (!actor.equals(follow.subjectRef()) && !actor.equals(follow.followerRef())) {
                credited.add(actor);
            }
        }
        return List.copyOf(credited);
    }

    private static Instant latest(Instant a, Instant b) {
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }
}
