package dev.ripple.cascade.correlation;

import dev.ripple.events.ShareKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Decides the parent of a share among the subject's earlier shares, in tiers: explicit reference → mention
 * exposure → follow-graph exposure → new root. Never "the most recent earlier sharer" without evidence: on the
 * Weibo ground truth that guess is right for 0.6 % of reposts.
 */
public final class ParentInference {

    static final double EXPLICIT_CONFIDENCE = 0.99;
    static final double MENTION_BASE = 0.9;
    static final double GRAPH_BASE = 0.8;
    /** A later share nothing explains may still have been seen somewhere we cannot observe. */
    static final double UNEXPLAINED_ROOT_CONFIDENCE = 0.3;

    private final CorrelationSettings settings;

    public ParentInference(CorrelationSettings settings) {
        this.settings = settings;
    }

    /**
     * @param nodesByUri the subject's shares already placed (the share itself excluded)
     */
    public ParentDecision decide(Share share, Map<String, Node> nodesByUri, FollowGraph graph) {
        ParentDecision explicit = explicit(share, nodesByUri);
        if (explicit != null) {
            return explicit;
        }
        String post = postOf(share, nodesByUri);
        Collection<Node> earlier = nodesByUri.values().stream()
                .filter(node -> node.precedes(share))
                .filter(node -> samePost(post, postOf(node.share(), nodesByUri)))
                .toList();
        ParentDecision mention = mention(share, earlier);
        if (mention != null) {
            return mention;
        }
        ParentDecision followGraph = followGraph(share, earlier, graph);
        if (followGraph != null) {
            return followGraph;
        }
        double confidence = earlier.isEmpty() ? 1.0 : UNEXPLAINED_ROOT_CONFIDENCE;
        return new ParentDecision(null, ParentRule.ROOT, confidence, List.of());
    }

    private static ParentDecision explicit(Share share, Map<String, Node> nodesByUri) {
        if (share.viaUri() != null) {
            Node via = nodesByUri.get(share.viaUri());
            if (via != null && !descends(via, share.uri(), nodesByUri)) {
                return explicitDecision(share, via, ParentRule.EXPLICIT_VIA);
            }
        }
        if (share.objectUri() != null) {
            Node object = nodesByUri.get(share.objectUri());
            if (object != null && !descends(object, share.uri(), nodesByUri)) {
                ParentRule rule = share.kind() == ShareKind.QUOTE
                        ? ParentRule.EXPLICIT_QUOTE
                        : share.kind() == ShareKind.REPLY ? ParentRule.EXPLICIT_REPLY : ParentRule.EXPLICIT_OBJECT;
                return explicitDecision(share, object, rule);
            }
            if (object == null && (share.kind() == ShareKind.QUOTE || share.kind() == ShareKind.REPLY)) {
                // A quote or reply of the original post itself (not of a share): the post is the explicit parent.
                return new ParentDecision(null, ParentRule.ROOT, EXPLICIT_CONFIDENCE, List.of());
            }
        }
        return null;
    }

    /**
     * The original post a share is ultimately about: its {@code objectUri} followed through shares of shares; null
     * for a share about the account rather than one of its posts (a mention, whose {@code objectUri} is at most an
     * external link).
     */
    static String postOf(Share share, Map<String, Node> nodesByUri) {
        if (share.kind() == dev.ripple.events.ShareKind.MENTION) {
            return null;
        }
        String current = share.objectUri();
        for (int hops = 0; current != null && hops < 64; hops++) {
            Node node = nodesByUri.get(current);
            if (node == null) {
                return current;
            }
            if (node.share().kind() == dev.ripple.events.ShareKind.MENTION) {
                return null;
            }
            current = node.share().objectUri();
        }
        return current;
    }

    /**
     * Exposure to a share of one post does not explain resharing another post of the same account; a share about the
     * account itself (no post) is compatible with every post.
     */
    static boolean samePost(String a, String b) {
        return a == null || b == null || a.equals(b);
    }

    /**
     * Whether {@code node} is {@code uri} or lies below it: an explicit reference to such a node would close a loop
     * (clients' clocks skew, so an explicit parent may carry a later time than its child).
     */
    static boolean descends(Node node, String uri, Map<String, Node> nodesByUri) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Node current = node; current != null && seen.add(current.uri()); ) {
            if (current.uri().equals(uri)) {
                return true;
            }
            current = current.parentUri() == null ? null : nodesByUri.get(current.parentUri());
        }
        return false;
    }

    private static ParentDecision explicitDecision(Share share, Node parent, ParentRule rule) {
        Candidate candidate = new Candidate(parent.uri(), parent.actorRef(), parent.at(), rule.name(), 1.0);
        return new ParentDecision(
                parent.uri(), rule, EXPLICIT_CONFIDENCE, List.of(candidate), lagSeconds(parent.at(), share.at()), 1);
    }

    static double lagSeconds(java.time.Instant from, java.time.Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis()) / 1000.0;
    }

    private ParentDecision mention(Share share, Collection<Node> earlier) {
        List<Candidate> candidates = new ArrayList<>();
        for (Node node : earlier) {
            if (node.actorRef().equals(share.actorRef())
                    || !node.share().mentionRefs().contains(share.actorRef())) {
                continue;
            }
            Duration lag = Duration.between(node.at(), share.at());
            if (lag.compareTo(settings.mentionWindow()) > 0) {
                continue;
            }
            candidates.add(new Candidate(
                    node.uri(), node.actorRef(), node.at(), ParentRule.MENTION.name(), settings.kernel(lag)));
        }
        return pick(share, candidates, ParentRule.MENTION, MENTION_BASE);
    }

    private ParentDecision followGraph(Share share, Collection<Node> earlier, FollowGraph graph) {
        List<Node> followed = new ArrayList<>();
        for (Node node : earlier) {
            if (node.actorRef().equals(share.actorRef())) {
                continue;
            }
            graph.edge(share.actorRef(), node.actorRef())
                    .filter(edge -> edge.existedAt(node.at()))
                    .ifPresent(edge -> followed.add(node));
        }
        if (followed.isEmpty()) {
            return null;
        }
        List<Candidate> candidates = switch (settings.graphPolicy()) {
            case MOST_RECENT -> score(followed, node -> settings.kernel(Duration.between(node.at(), share.at())));
            case FIRST -> {
                Node first = followed.stream()
                        .min(Comparator.comparing(Node::at).thenComparing(Node::uri))
                        .orElseThrow();
                yield score(followed, node -> node == first ? 1.0 : 0.0);
            }
            case MOST_FOLLOWED -> score(followed, node -> popularity(node));
            case POPULARITY_RECENCY -> popularityRecency(share, followed);
        };
        return pick(share, candidates, ParentRule.FOLLOW_GRAPH, GRAPH_BASE);
    }

    private List<Candidate> popularityRecency(Share share, List<Node> followed) {
        double popularityTotal = followed.stream().mapToDouble(this::popularity).sum();
        double recencyTotal = followed.stream()
                .mapToDouble(node -> settings.kernel(Duration.between(node.at(), share.at())))
                .sum();
        double gamma = settings.popularityWeight();
        return score(followed, node -> {
            double popularity = popularityTotal > 0 ? popularity(node) / popularityTotal : 0;
            double recency =
                    recencyTotal > 0 ? settings.kernel(Duration.between(node.at(), share.at())) / recencyTotal : 0;
            return gamma * popularity + (1 - gamma) * recency;
        });
    }

    private double popularity(Node node) {
        Long followers = node.share().actorFollowers();
        return followers == null ? 0 : followers;
    }

    private static List<Candidate> score(List<Node> nodes, java.util.function.ToDoubleFunction<Node> weight) {
        return nodes.stream()
                .map(node -> new Candidate(
                        node.uri(),
                        node.actorRef(),
                        node.at(),
                        ParentRule.FOLLOW_GRAPH.name(),
                        weight.applyAsDouble(node)))
                .toList();
    }

    /** The best candidate (highest score, then most recent, then uri) and a confidence from its share of the scores. */
    private static ParentDecision pick(Share share, List<Candidate> candidates, ParentRule rule, double base) {
        if (candidates.isEmpty()) {
            return null;
        }
        Candidate best = candidates.stream().max(Ranking.CANDIDATES).orElseThrow();
        double total = candidates.stream().mapToDouble(Candidate::score).sum();
        double share0 = total > 0 ? best.score() / total : 1.0 / candidates.size();
        List<Candidate> ranked =
                candidates.stream().sorted(Ranking.CANDIDATES.reversed()).toList();
        return new ParentDecision(best.uri(), rule, base * share0, ranked, lagSeconds(best.at(), share.at()), share0);
    }
}
