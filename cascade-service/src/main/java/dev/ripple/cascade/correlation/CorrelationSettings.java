package dev.ripple.cascade.correlation;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the correlation core.
 *
 * @param mentionWindow how long a mention exposes the named account (default 48 h)
 * @param followWindow how far back a follow looks for the exposure that caused it (default 24 h)
 * @param kernelTau recency kernel scale τ in {@code K(Δ) = (1 + Δ/τ)^-α} (default 60 s)
 * @param kernelAlpha recency kernel exponent α (default 1.5)
 * @param graphPolicy how the follow-graph tier picks a parent (default most recent)
 * @param popularityWeight γ of the popularity/recency policy
 * @param lateness L: how far behind the subject's watermark (event time) an event may arrive and still re-run the
 *     decisions it affects; later data only adds nodes (default 5 min)
 */
public record CorrelationSettings(
        Duration mentionWindow,
        Duration followWindow,
        Duration kernelTau,
        double kernelAlpha,
        GraphPolicy graphPolicy,
        double popularityWeight,
        Duration lateness) {

    /** The version of the decision rules and weights, stored with every decision. */
    public static final String MODEL_VERSION = "rules-v1";

    public static final CorrelationSettings DEFAULTS = new CorrelationSettings(
            Duration.ofHours(48),
            Duration.ofHours(24),
            Duration.ofSeconds(60),
            1.5,
            GraphPolicy.MOST_RECENT,
            0.5,
            Duration.ofMinutes(5));

    public CorrelationSettings(
            Duration mentionWindow,
            Duration followWindow,
            Duration kernelTau,
            double kernelAlpha,
            GraphPolicy graphPolicy,
            double popularityWeight) {
        this(mentionWindow, followWindow, kernelTau, kernelAlpha, graphPolicy, popularityWeight, Duration.ofMinutes(5));
    }

    public CorrelationSettings {
        Objects.requireNonNull(mentionWindow, "mentionWindow");
        Objects.requireNonNull(followWindow, "followWindow");
        Objects.requireNonNull(kernelTau, "kernelTau");
        Objects.requireNonNull(graphPolicy, "graphPolicy");
        Objects.requireNonNull(lateness, "lateness");
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("lateness must not be negative");
        }
        if (mentionWindow.isNegative() || followWindow.isNegative() || kernelTau.isNegative() || kernelTau.isZero()) {
            throw new IllegalArgumentException("windows must not be negative and tau must be positive");
        }
        if (!(kernelAlpha > 0)) {
            throw new IllegalArgumentException("kernelAlpha must be positive");
        }
        if (popularityWeight < 0 || popularityWeight > 1) {
            throw new IllegalArgumentException("popularityWeight must be between 0 and 1");
        }
    }

    /** The recency kernel {@code K(Δ) = (1 + Δ/τ)^-α}: 1 at Δ = 0, most of its mass in the first hour. */
    public double kernel(Duration lag) {
        double seconds = Math.max(0, lag.toMillis()) / 1000.0;
        return Math.pow(1 + seconds / (kernelTau.toMillis() / 1000.0), -kernelAlpha);
    }
}
