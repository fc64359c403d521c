package dev.ripple.cascade.eval;

import dev.ripple.cascade.correlation.Attribution;
import dev.ripple.cascade.correlation.Calibration;
import dev.ripple.cascade.correlation.Correlator;
import dev.ripple.cascade.correlation.InMemoryCorrelation;
import dev.ripple.cascade.correlation.LogisticFit;
import dev.ripple.cascade.correlation.Node;
import dev.ripple.cascade.correlation.ParentRule;
import dev.ripple.cascade.correlation.SubjectState;
import dev.ripple.cascade.correlation.TrackedFollow;
import dev.ripple.cascade.correlation.TreeShape;
import dev.ripple.events.AttributionTier;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.RippleEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays a data set through the real correlation code ({@link InMemoryCorrelation} over the {@link Correlator}) and
 * scores it against the truth with the metrics of cascades.md §4.
 */
public final class Evaluation {

    private Evaluation() {}

    /** Everything measured on one data set. */
    public record Report(
            String dataset,
            int shares,
            int sharesWithTruth,
            double parentAccuracy,
            Map<ParentRule, double[]> perRule,
            double edgePrecision,
            double edgeRecall,
            double viralityError,
            int cascadesCompared,
            double trueViralityMedian,
            double trueViralityMax,
            int follows,
            int followsWithCause,
            double followPrecision,
            double followRecall,
            double cascadePrecision,
            double cascadeRecall,
            double[] atThreshold,
            Map<AttributionTier, Integer> followTiers,
            double placeboRate,
            Calibrated calibration,
            List<LogisticFit.Example> followExamples,
            List<LogisticFit.Example> parentExamples) {}

    /** Calibration of the attributed follows' confidence against correctness. */
    public record Calibrated(double ece, double brier, int n, List<double[]> reliability) {}

    public static Report run(Dataset dataset, Correlator correlator, boolean placebo) {
        InMemoryCorrelation correlation = new InMemoryCorrelation(correlator);
        correlation.applyAll(dataset.events());
        Truth truth = dataset.truth();

        // Parents.
        int shares = 0;
        int withTruth = 0;
        int correct = 0;
        Map<ParentRule, int[]> rules = new EnumMap<>(ParentRule.class);
        int predictedEdges = 0;
        int correctEdges = 0;
        int trueEdges = 0;
        List<LogisticFit.Example> parentExamples = new ArrayList<>();
        Map<String, List<TreeShape.Link>> trueTrees = new HashMap<>();
        Map<String, List<TreeShape.Link>> predictedTrees = new HashMap<>();
        for (SubjectState state : correlation.subjects().values()) {
            for (Node node : state.nodes()) {
                shares++;
                String key = Truth.key(state.subjectRef(), node.uri());
                int[] rule = rules.computeIfAbsent(node.rule(), r -> new int[3]);
                rule[0]++;
                if (node.parentUri() != null) {
                    predictedEdges++;
                }
                if (!truth.parents().containsKey(key)) {
                    continue;
                }
                withTruth++;
                rule[1]++;
                String trueParent = truth.parents().get(key);
                boolean right = java.util.Objects.equals(trueParent, node.parentUri());
                if (right) {
                    correct++;
                    rule[2]++;
                }
                if (trueParent != null) {
                    trueEdges++;
                    if (right) {
                        correctEdges++;
                    }
                }
                if (!node.rule().isExplicit()) {
                    parentExamples.add(new LogisticFit.Example(parentFeatures(node), right));
                }
                String cascade = truth.cascades().get(key);
                if (cascade != null) {
                    trueTrees
                            .computeIfAbsent(cascade, k -> new ArrayList<>())
                            .add(new TreeShape.Link(node.uri(), trueParent == null ? "#root" : trueParent));
                    predictedTrees
                            .computeIfAbsent(cascade, k -> new ArrayList<>())
                            .add(new TreeShape.Link(node.uri(), node.parentUri() == null ? "#root" : node.parentUri()));
                }
            }
        }
        double viralityError = 0;
        int compared = 0;
        List<Double> trueVirality = new ArrayList<>();
        for (var entry : trueTrees.entrySet()) {
            List<TreeShape.Link> trueLinks = withRoot(entry.getValue());
            List<TreeShape.Link> predicted = withRoot(inTree(predictedTrees.get(entry.getKey())));
            double truth0 = TreeShape.of(trueLinks).structuralVirality();
            trueVirality.add(truth0);
            viralityError += Math.abs(truth0 - TreeShape.of(predicted).structuralVirality());
            compared++;
        }
        trueVirality.sort(Double::compare);

        // Follows.
        Map<AttributionTier, Integer> tiers = new EnumMap<>(AttributionTier.class);
        int follows = 0;
        int withCause = 0;
        int attributed = 0;
        int attributedRight = 0;
        int causedAndRight = 0;
        int cascadeRight = 0;
        List<double[]> operating = new ArrayList<>();
        List<LogisticFit.Example> followExamples = new ArrayList<>();
        List<double[]> scored = new ArrayList<>();
        for (SubjectState state : correlation.subjects().values()) {
            for (TrackedFollow follow : state.followsBetween(java.time.Instant.MIN, java.time.Instant.MAX)) {
                if (!truth.follows().containsKey(follow.id())) {
                    continue;
                }
                follows++;
                Attribution decision = follow.decision();
                tiers.merge(decision.tier(), 1, Integer::sum);
                String cause = truth.follows().get(follow.id());
                if (cause != null) {
                    withCause++;
                }
                if (individual(decision.tier())) {
                    attributed++;
                    boolean right = cause != null && cause.equals(decision.exposureUri());
                    if (right) {
                        attributedRight++;
                        causedAndRight++;
                    }
                    followExamples.add(new LogisticFit.Example(Calibration.followFeatures(decision), right));
                    scored.add(new double[] {decision.confidence(), right ? 1 : 0});
                    String trueCascade =
                            cause == null ? null : truth.cascades().get(Truth.key(state.subjectRef(), cause));
                    String predictedCascade = decision.exposureUri() == null
                            ? null
                            : truth.cascades().get(Truth.key(state.subjectRef(), decision.exposureUri()));
                    boolean cascadeOk = trueCascade != null && trueCascade.equals(predictedCascade);
                    if (cascadeOk) {
                        cascadeRight++;
                    }
                    operating.add(new double[] {decision.confidence(), right ? 1 : 0, cascadeOk ? 1 : 0});
                }
            }
        }
        double placeboRate = placebo ? placebo(dataset, correlator) : Double.NaN;
        return new Report(
                dataset.name(),
                shares,
                withTruth,
                ratio(correct, withTruth),
                perRule(rules, shares),
                ratio(correctEdges, predictedEdges),
                ratio(correctEdges, trueEdges),
                compared == 0 ? 0 : viralityError / compared,
                compared,
                trueVirality.isEmpty() ? Double.NaN : trueVirality.get(trueVirality.size() / 2),
                trueVirality.isEmpty() ? Double.NaN : trueVirality.getLast(),
                follows,
                withCause,
                ratio(attributedRight, attributed),
                ratio(causedAndRight, withCause),
                ratio(cascadeRight, attributed),
                ratio(cascadeRight, withCause),
                atThreshold(operating, withCause, 0.7),
                tiers,
                placeboRate,
                calibration(scored),
                followExamples,
                parentExamples);
    }

    /** Precision and recall (exact exposure; then cascade level) of the decisions with confidence ≥ threshold. */
    static double[] atThreshold(List<double[]> decisions, int withCause, double threshold) {
        int kept = 0;
        int right = 0;
        int cascadeRight = 0;
        for (double[] d : decisions) {
            if (d[0] >= threshold) {
                kept++;
                right += (int) d[1];
                cascadeRight += (int) d[2];
            }
        }
        return new double[] {
            threshold,
            ratio(right, kept),
            ratio(right, withCause),
            ratio(cascadeRight, kept),
            ratio(cascadeRight, withCause)
        };
    }

    static boolean individual(AttributionTier tier) {
        return tier == AttributionTier.ENGAGED
                || tier == AttributionTier.MENTIONED
                || tier == AttributionTier.GRAPH_EXPOSED
                || tier == AttributionTier.EXPLICIT;
    }

    private static Map<String, Double> parentFeatures(Node node) {
        // The decision's features are not kept on the node: recompute the ones the model uses from what is.
        Map<String, Double> x = new LinkedHashMap<>();
        x.put("bias", 1.0);
        x.put("mention", node.rule() == ParentRule.MENTION ? 1.0 : 0.0);
        x.put("root", node.rule() == ParentRule.ROOT ? 1.0 : 0.0);
        double lag = 0;
        double share = node.candidates().isEmpty() ? 0 : 1;
        if (!node.candidates().isEmpty()) {
            double total =
                    node.candidates().stream().mapToDouble(c -> c.score()).sum();
            var best = node.candidates().getFirst();
            share = total > 0 ? best.score() / total : 1.0 / node.candidates().size();
            lag = Math.max(0, Duration.between(best.at(), node.at()).toMillis()) / 1000.0;
        }
        x.put("logLag", Math.log1p(lag));
        x.put("scoreShare", share);
        x.put("logCandidates", Math.log(Math.max(1, node.candidates().size())));
        return x;
    }

    /** Follows moved back seven days: anything attributed then is attributed falsely. */
    static double placebo(Dataset dataset, Correlator correlator) {
        List<RippleEvent> shifted = new ArrayList<>();
        for (RippleEvent event : dataset.events()) {
            if (event instanceof FollowObserved follow) {
                shifted.add(new FollowObserved(
                        follow.id(),
                        follow.platform(),
                        follow.follower(),
                        follow.followee(),
                        follow.occurredAt().minus(Duration.ofDays(7)),
                        follow.viaUri()));
            } else {
                shifted.add(event);
            }
        }
        shifted.sort(java.util.Comparator.comparing(RippleEvent::time).thenComparing(RippleEvent::id));
        InMemoryCorrelation correlation = new InMemoryCorrelation(correlator);
        correlation.applyAll(shifted);
        int follows = 0;
        int attributed = 0;
        for (SubjectState state : correlation.subjects().values()) {
            for (TrackedFollow follow : state.followsBetween(java.time.Instant.MIN, java.time.Instant.MAX)) {
                follows++;
                if (individual(follow.decision().tier()) && follow.decision().tier() != AttributionTier.EXPLICIT) {
                    attributed++;
                }
            }
        }
        return ratio(attributed, follows);
    }

    /** ECE over 10 equal-width bins, Brier score, and the reliability table (bin: mean confidence, accuracy, n). */
    static Calibrated calibration(List<double[]> scored) {
        int bins = 10;
        double[] confidence = new double[bins];
        double[] accuracy = new double[bins];
        int[] count = new int[bins];
        double brier = 0;
        for (double[] s : scored) {
            int bin = Math.min(bins - 1, (int) (s[0] * bins));
            confidence[bin] += s[0];
            accuracy[bin] += s[1];
            count[bin]++;
            brier += (s[0] - s[1]) * (s[0] - s[1]);
        }
        double ece = 0;
        List<double[]> table = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (count[b] == 0) {
                continue;
            }
            double meanConfidence = confidence[b] / count[b];
            double meanAccuracy = accuracy[b] / count[b];
            ece += (double) count[b] / scored.size() * Math.abs(meanConfidence - meanAccuracy);
            table.add(new double[] {b / 10.0, (b + 1) / 10.0, meanConfidence, meanAccuracy, count[b]});
        }
        return new Calibrated(
                scored.isEmpty() ? 0 : ece, scored.isEmpty() ? 0 : brier / scored.size(), scored.size(), table);
    }

    private static Map<ParentRule, double[]> perRule(Map<ParentRule, int[]> rules, int shares) {
        Map<ParentRule, double[]> out = new TreeMap<>();
        // coverage (share of all shares decided by the rule), accuracy where truth is known, shares, with truth
        rules.forEach((rule, counts) -> out.put(
                rule, new double[] {ratio(counts[0], shares), ratio(counts[2], counts[1]), counts[0], counts[1]}));
        return out;
    }

    private static List<TreeShape.Link> withRoot(List<TreeShape.Link> links) {
        List<TreeShape.Link> all = new ArrayList<>(links);
        all.add(new TreeShape.Link("#root", null));
        return all;
    }

    /** Predicted links restricted to the true cascade: a parent outside it counts as the original post. */
    private static List<TreeShape.Link> inTree(List<TreeShape.Link> links) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        links.forEach(link -> ids.add(link.id()));
        List<TreeShape.Link> out = new ArrayList<>();
        for (TreeShape.Link link : links) {
            out.add(ids.contains(link.parentId()) ? link : new TreeShape.Link(link.id(), "#root"));
        }
        return out;
    }

    static double ratio(int part, int whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }
}
