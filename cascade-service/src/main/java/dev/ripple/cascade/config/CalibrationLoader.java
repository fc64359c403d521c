package dev.ripple.cascade.config;

import dev.ripple.cascade.correlation.Calibration;
import dev.ripple.cascade.eval.CalibrationFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Loads the calibration ({@code ripple.cascade.calibration}: a {@code classpath:} or {@code file:} location of the
 * JSON written by {@code ripple-eval fit}). An empty setting means uncalibrated base weights; a location that cannot
 * be read stops start-up naming it.
 */
final class CalibrationLoader {

    private static final Logger log = LoggerFactory.getLogger(CalibrationLoader.class);

    private CalibrationLoader() {}

    static Calibration load(String location, ResourceLoader resources) {
        if (location == null || location.isBlank()) {
            log.warn("No calibration model (ripple.cascade.calibration): confidences are uncalibrated base weights");
            return Calibration.UNCALIBRATED;
        }
        Resource resource = resources.getResource(location);
        try (InputStream in = resource.getInputStream()) {
            Calibration calibration = CalibrationFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            log.info("Calibration model {} loaded from {}", calibration.version(), location);
            return calibration;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "ripple.cascade.calibration (RIPPLE_CASCADE_CALIBRATION): cannot read " + location + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
