package dev.ripple.cascade.correlation;

import java.util.Map;

/**
 * A logistic (Platt) model: {@code P = 1 / (1 + e^-(Σ w_i·x_i))} over named features, {@code bias} included.
 *
 * @param weights by feature name; a feature missing from the model weighs 0
 */
public record LogisticModel(Map<String, Double> weights) {

    public LogisticModel {
        weights = Map.copyOf(weights);
    }

    public double predict(Map<String, Double> features) {
        double z = 0;
        for (Map.Entry<String, Double> feature : features.entrySet()) {
            z += weights.getOrDefault(feature.getKey(), 0.0) * feature.getValue();
        }
        return 1 / (1 + Math.exp(-z));
    }
}
