package dev.ripple.cascade.correlation;

/**
 * What a follow decision was based on: the inputs of confidence calibration, stored with the decision so it can be
 * explained and re-scored.
 *
 * @param lagSeconds from the winning exposure to the follow
 * @param candidates how many shares could have exposed the follower
 * @param scoreShare the winner's share of all candidates' scores
 * @param exposures distinct accounts whose shares exposed the follower, capped at 2 (exposure saturates at two)
 * @param followBack the subject already followed the follower before the follow
 */
public record AttributionFeatures(
        double lagSeconds, int candidates, double scoreShare, int exposures, boolean followBack) {

    public static final AttributionFeatures NONE = new AttributionFeatures(0, 0, 0, 0, false);
}
