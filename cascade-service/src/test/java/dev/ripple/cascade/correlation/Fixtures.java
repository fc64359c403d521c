package dev.ripple.cascade.correlation;

import dev.ripple.events.ShareKind;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Small builders for core tests. */
final class Fixtures {

    static final String SUBJECT = "mastodon:x.social:author";
    static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    private Fixtures() {}

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static Share share(String uri, String actor, ShareKind kind, long seconds) {
        return new Share("e-" + uri, SUBJECT, uri, kind, actor, null, null, Set.of(), null, at(seconds));
    }

    static Share share(
            String uri,
            String actor,
            ShareKind kind,
            long seconds,
            String objectUri,
            String viaUri,
            Set<String> mentions) {
        return new Share("e-" + uri, SUBJECT, uri, kind, actor, null, objectUri, mentions, viaUri, at(seconds));
    }

    static Node root(Share share) {
        return new Node(share, "c1", null, ParentRule.ROOT, 1.0, 0);
    }

    static Node child(Share share, Node parent, ParentRule rule) {
        return new Node(share, parent.cascadeId(), parent.uri(), rule, 0.9, parent.depth() + 1);
    }

    static Map<String, Node> nodes(Node... nodes) {
        Map<String, Node> map = new LinkedHashMap<>();
        for (Node node : nodes) {
            map.put(node.uri(), node);
        }
        return map;
    }

    /** A mutable follow graph for tests. */
    static final class Graph implements FollowGraph {

        private final Map<String, Map<String, Edge>> edges = new HashMap<>();

        Graph follows(String follower, String followed) {
            return follows(follower, followed, null, T0.minusSeconds(86_400));
        }

        Graph follows(String follower, String followed, Instant since, Instant observedAt) {
            edges.computeIfAbsent(follower, k -> new HashMap<>()).put(followed, new Edge(since, observedAt));
            return this;
        }

        @Override
        public Optional<Edge> edge(String follower, String followed) {
            return Optional.ofNullable(edges.getOrDefault(follower, Map.of()).get(followed));
        }
    }
}
