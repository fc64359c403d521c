package dev.ripple.cascade.correlation;

import dev.ripple.events.AttributionTier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a decision's features into a calibrated probability that the decision is right: Platt scaling (logistic
 * models) fitted on labelled data by {@code ripple-eval fit}. Without a fitted model the rules' base weights are
 * used, and {@link #version()} says so.
 *
 * <p>Explicit platform evidence (a {@code via} the platform recorded) and burst credit (an excess fraction) are
 * probabilities by construction and are not re-scaled.
 */
public final class Calibration {

    public static final Calibration UNCALIBRATED = new Calibration(CorrelationSettings.MODEL_VERSION, null, null);

    private final String version;
    private final LogisticModel follows;
    private final LogisticModel parents;
    private final Isotonic followShape;
    private final Isotonic parentShape;

    public Calibration(String version, LogisticModel follows, LogisticModel parents) {
        this(version, follows, parents, null, null);
    }

    /**
     * @param followShape an isotonic correction applied to the follow model's output (null: none)
     * @param parentShape the same for the parent model
     */
    public Calibration(
            String version, LogisticModel follows, LogisticModel parents, Isotonic followShape, Isotonic parentShape) {
        this.version = version;
        this.follows = follows;
        this.parents = parents;
        this.followShape = followShape;
        this.parentShape = parentShape;
    }

    /** The model version stored with every decision. */
    public String version() {
        return version;
    }

    public double follow(Attribution attribution) {
        AttributionTier tier = attribution.tier();
        if (follows == null
                || tier == AttributionTier.UNATTRIBUTED
                || tier == AttributionTier.EXPLICIT
                || tier == AttributionTier.BURST) {
            return attribution.confidence();
        }
        double p = follows.predict(followFeatures(attribution));
        return followShape == null ? p : followShape.apply(p);
    }

    public double parent(ParentDecision decision, boolean firstShareOfSubject) {
        if (parents == null
                || decision.rule().isExplicit()
                || (decision.rule() == ParentRule.ROOT && firstShareOfSubject)) {
            return decision.confidence();
        }
        double p = parents.predict(parentFeatures(decision));
        return parentShape == null ? p : parentShape.apply(p);
    }

    /** The features of a follow decision, by name: the inputs of the follow model. */
    public static Map<String, Double> followFeatures(Attribution attribution) {
        AttributionFeatures f = attribution.features();
        Map<String, Double> x = new LinkedHashMap<>();
        x.put("bias", 1.0);
        x.put("engaged", attribution.tier() == AttributionTier.ENGAGED ? 1.0 : 0.0);
        x.put("mentioned", attribution.tier() == AttributionTier.MENTIONED ? 1.0 : 0.0);
        double logLag = Math.log1p(f.lagSeconds());
        x.put("logLag", logLag);
        x.put("logLagSquared", logLag * logLag / 10);
        x.put("scoreShare", f.scoreShare());
        x.put("logCandidates", Math.log(Math.max(1, f.candidates())));
        x.put("twoExposures", f.exposures() >= 2 ? 1.0 : 0.0);
        x.put("followBack", f.followBack() ? 1.0 : 0.0);
        return x;
    }

    /** The features of a parent decision, by name: the inputs of the parent model. */
    public static Map<String, Double> parentFeatures(ParentDecision decision) {
        Map<String, Double> x = new LinkedHashMap<>();
        x.put("bias", 1.0);
        x.put("mention", decision.rule() == ParentRule.MENTION ? 1.0 : 0.0);
        x.put("root", decision.rule() == ParentRule.ROOT ? 1.0 : 0.0);
        x.put("logLag", Math.log1p(decision.lagSeconds()));
        x.put("scoreShare", decision.scoreShare());
        x.put("logCandidates", Math.log(Math.max(1, decision.candidates().size())));
        return x;
    }
}
