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
 * @param features what the decision was based on (the calibration's inputs)
 * @param cascadeId the cascade credited: the exposure's, or for a burst the cascade the burst followed
 */
public record Attribution(
        AttributionTier tier,
        double confidence,
        Node exposure,
        List<Node> path,
        List<String> creditedRefs,
        List<Candidate> candidates,
        Instant decidedAt,
        AttributionFeatures features,
        String cascadeId) {

    public Attribution {
        path = List.copyOf(path);
        creditedRefs = List.copyOf(creditedRefs);
        candidates = List.copyOf(candidates);
        features = features == null ? AttributionFeatures.NONE : features;
        if (cascadeId == null && exposure != null) {
            cascadeId = exposure.cascadeId();
        }
    }

    public Attribution(
            AttributionTier tier,
            double confidence,
            Node exposure,
            List<Node> path,
            List<String> creditedRefs,
            List<Candidate> candidates,
            Instant decidedAt) {
        this(tier, confidence, exposure, path, creditedRefs, candidates, decidedAt, AttributionFeatures.NONE, null);
    }

    static Attribution unattributed(Instant decidedAt) {
        return new Attribution(AttributionTier.UNATTRIBUTED, 0, null, List.of(), List.of(), List.of(), decidedAt);
    }

    Attribution withConfidence(double calibrated) {
        return new Attribution(
                tier, calibrated, exposure, path, creditedRefs, candidates, decidedAt, features, cascadeId);
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
