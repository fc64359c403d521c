package dev.ripple.cascade.config;

import dev.ripple.cascade.correlation.Calibration;
import dev.ripple.cascade.correlation.LogisticModel;
import dev.ripple.events.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import tools.jackson.core.JacksonException;

/**
 * Loads the calibration models ({@code ripple.cascade.calibration}, a {@code classpath:} or {@code file:} location of
 * the JSON written by {@code ripple-eval fit}): {@code {"version": …, "follows": {feature: weight}, "parents": …}}.
 * An empty setting means uncalibrated base weights; a location that cannot be read stops start-up naming it.
 */
final class CalibrationLoader {

    private static final Logger log = LoggerFactory.getLogger(CalibrationLoader.class);

    /** The JSON shape of a calibration file. */
    record CalibrationFile(String version, Map<String, Double> follows, Map<String, Double> parents) {}

    private CalibrationLoader() {}

    static Calibration load(String location, ResourceLoader resources) {
        if (location == null || location.isBlank()) {
            log.warn("No calibration model (ripple.cascade.calibration): confidences are uncalibrated base weights");
            return Calibration.UNCALIBRATED;
        }
        Resource resource = resources.getResource(location);
        try (InputStream in = resource.getInputStream()) {
            CalibrationFile file = EventJson.mapper().readValue(in, CalibrationFile.class);
            if (file.version() == null || file.follows() == null || file.parents() == null) {
                throw new IllegalStateException(
                        "ripple.cascade.calibration: " + location + " must have version, follows and parents");
            }
            log.info("Calibration model {} loaded from {}", file.version(), location);
            return new Calibration(
                    file.version(), new LogisticModel(file.follows()), new LogisticModel(file.parents()));
        } catch (IOException | JacksonException e) {
            throw new IllegalStateException(
                    "ripple.cascade.calibration (RIPPLE_CASCADE_CALIBRATION): cannot read " + location + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
