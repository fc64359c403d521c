package dev.ripple.cascade.correlation;

import dev.ripple.events.AttributionTier;
import java.time.Instant;
import java.util.List;

/**
 * Why a follow happened, as far as the evidence tells.
 *
 * @param exposure the share that most plausibly exposed the follower; null when unattributed or explicit without a
 *     share (a starter pack)
 * @param path the shares from the exposure's cascade root to the exposure
 * @param creditedRefs the sharers credited: the accounts on the path, root first, minus the subject and the follower
 * @param candidates every exposure considered, with its score
 * @param decidedAt event time at which the evidence for this decision was complete
 */
public record Attribution(
        AttributionTier tier,
        double confidence,
        Node exposure,
        List<Node> path,
        List<String> creditedRefs,
        List<Candidate> candidates,
        Instant decidedAt) {

    public Attribution {
        path = List.copyOf(path);
        creditedRefs = List.copyOf(creditedRefs);
        candidates = List.copyOf(candidates);
    }

    public String cascadeId() {
        return exposure == null ? null : exposure.cascadeId();
    }

    public String exposureUri() {
        return exposure == null ? null : exposure.uri();
    }

    /** Whether the two decisions say the same thing (same tier, exposure, credit and confidence). */
    public boolean sameOutcomeAs(Attribution other) {
        return other != null
                && tier == other.tier
                && java.util.Objects.equals(exposureUri(), other.exposureUri())
                && creditedRefs.equals(other.creditedRefs)
                && Math.abs(confidence - other.confidence) < 1e-9;
    }
}
