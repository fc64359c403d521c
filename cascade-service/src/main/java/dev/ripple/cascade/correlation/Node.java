package dev.ripple.cascade.correlation;

import java.time.Instant;
import java.util.List;

/**
 * A share placed in a cascade: its parent, the rule that chose it and the confidence of that choice.
 *
 * @param parentUri null for a cascade's root
 * @param depth 0 for a root
 * @param version the decision's version: 1 when first placed, +1 each time a late event changes the placement
 * @param candidates every share the deciding tier considered, with its score (the influence DAG)
 */
public record Node(
        Share share,
        String cascadeId,
        String parentUri,
        ParentRule rule,
        double confidence,
        int depth,
        int version,
        List<Candidate> candidates) {

    public Node {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    public Node(Share share, String cascadeId, String parentUri, ParentRule rule, double confidence, int depth) {
        this(share, cascadeId, parentUri, rule, confidence, depth, 1, List.of());
    }

    public String uri() {
        return share.uri();
    }

    public String actorRef() {
        return share.actorRef();
    }

    public Instant at() {
        return share.at();
    }

    /** The total order of shares in a subject: by time, then uri. A share's parent always precedes it. */
    public boolean precedes(Share other) {
        int byTime = at().compareTo(other.at());
        return byTime < 0 || (byTime == 0 && uri().compareTo(other.uri()) < 0);
    }

    Node with(String cascadeId, String parentUri, ParentRule rule, double confidence, int depth, List<Candidate> cs) {
        return new Node(share, cascadeId, parentUri, rule, confidence, depth, version + 1, cs);
    }

    Node inCascade(String cascadeId, int depth) {
        return new Node(share, cascadeId, parentUri, rule, confidence, depth, version, candidates);
    }

    /** Same placement (parent, rule, cascade, depth, confidence)? */
    boolean samePlacement(Node other) {
        return java.util.Objects.equals(parentUri, other.parentUri)
                && rule == other.rule
                && java.util.Objects.equals(cascadeId, other.cascadeId)
                && depth == other.depth
                && Math.abs(confidence - other.confidence) < 1e-12;
    }
}
