package dev.ripple.cascade.correlation;

import java.util.List;

/**
 * Where a share goes in its subject's cascades.
 *
 * @param parentUri the parent share, or null when the share starts a new cascade ({@link ParentRule#ROOT})
 * @param candidates every share considered by the deciding tier, with its score
 */
public record ParentDecision(String parentUri, ParentRule rule, double confidence, List<Candidate> candidates) {

    public ParentDecision {
        candidates = List.copyOf(candidates);
    }
}
