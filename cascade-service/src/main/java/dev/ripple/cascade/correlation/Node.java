package dev.ripple.cascade.correlation;

import java.time.Instant;

/**
 * A share placed in a cascade: its parent, the rule that chose it and the confidence of that choice.
 *
 * @param parentUri null for a cascade's root
 * @param depth 0 for a root
 */
public record Node(Share share, String cascadeId, String parentUri, ParentRule rule, double confidence, int depth) {

    public String uri() {
        return share.uri();
    }

    public String actorRef() {
        return share.actorRef();
    }

    public Instant at() {
        return share.at();
    }
}
