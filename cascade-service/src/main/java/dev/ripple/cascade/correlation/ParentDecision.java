package dev.ripple.cascade.correlation;

import java.util.List;

/**
 * Where a share goes in its subject's cascades.
 *
 * @param parentUri the parent share, or null when the share starts a new cascade ({@link ParentRule#ROOT})
 * @param confidence the rule's heuristic confidence, before calibration
 * @param candidates every share considered by the deciding tier, with its score
 * @param lagSeconds time from the chosen parent to the share (0 for a root)
 * @param scoreShare the chosen candidate's share of all candidates' scores (1 when there was one candidate)
 */
public record ParentDecision(
        String parentUri,
        ParentRule rule,
        double confidence,
        List<Candidate> candidates,
        double lagSeconds,
        double scoreShare) {

    public ParentDecision {
        candidates = List.copyOf(candidates);
    }

    public ParentDecision(String parentUri, ParentRule rule, double confidence, List<Candidate> candidates) {
        this(parentUri, rule, confidence, candidates, 0, candidates.isEmpty() ? 0 : 1);
    }
}
