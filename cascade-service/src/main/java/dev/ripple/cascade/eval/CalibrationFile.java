package dev.ripple.cascade.eval;

import dev.ripple.cascade.correlation.Calibration;
import dev.ripple.cascade.correlation.Isotonic;
import dev.ripple.cascade.correlation.LogisticModel;
import dev.ripple.events.EventJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calibration file written by {@code ripple-eval fit} and read by the service:
 * {@code {"version", "follows": {feature: weight}, "parents": {…}, "followShape": {"x": […], "y": […]},
 * "parentShape": {…}}} (the shapes are optional).
 */
public final class CalibrationFile {

    private CalibrationFile() {}

    @SuppressWarnings("unchecked")
    public static Calibration parse(String json) {
        Map<String, Object> file = EventJson.mapper().readValue(json, Map.class);
        Object version = file.get("version");
        Object follows = file.get("follows");
        Object parents = file.get("parents");
        if (!(version instanceof String) || !(follows instanceof Map) || !(parents instanceof Map)) {
            throw new IllegalArgumentException("a calibration file needs version, follows and parents");
        }
        return new Calibration(
                (String) version,
                new LogisticModel(numbers((Map<String, Object>) follows)),
                new LogisticModel(numbers((Map<String, Object>) parents)),
                shape(file.get("followShape")),
                shape(file.get("parentShape")));
    }

    private static Map<String, Double> numbers(Map<String, Object> raw) {
        Map<String, Double> weights = new LinkedHashMap<>();
        raw.forEach((k, v) -> weights.put(k, ((Number) v).doubleValue()));
        return weights;
    }

    @SuppressWarnings("unchecked")
    private static Isotonic shape(Object raw) {
        if (!(raw instanceof Map<?, ?> map)) {
            return null;
        }
        List<Number> x = (List<Number>) map.get("x");
        List<Number> y = (List<Number>) map.get("y");
        return new Isotonic(
                x.stream().mapToDouble(Number::doubleValue).toArray(),
                y.stream().mapToDouble(Number::doubleValue).toArray());
    }
}
