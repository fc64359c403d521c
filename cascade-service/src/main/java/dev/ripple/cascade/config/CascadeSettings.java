package dev.ripple.cascade.config;

import dev.ripple.cascade.correlation.CorrelationSettings;
import dev.ripple.cascade.correlation.GraphPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The cascade engine's settings ({@code ripple.cascade.*}; environment variables in the service README).
 */
@Validated
@ConfigurationProperties("ripple.cascade")
public record CascadeSettings(
        @NotNull Duration mentionWindow,
        @NotNull Duration followWindow,
        @NotNull Duration kernelTau,

        @DecimalMin(value = "0", inclusive = false) @DecimalMax("10")
        double kernelAlpha,

        @NotNull GraphPolicy graphPolicy,
        @DecimalMin("0") @DecimalMax("1") double popularityWeight,
        @NotNull Duration lateness,
        @Min(1_000) long cacheEntries,
        @Min(1) @Max(64) int consumerThreads,
        String calibration,
        @Valid @NotNull Outbox outbox) {

    /**
     * @param pollInterval how often the relay looks for decisions to publish
     * @param batchSize how many outbox rows (each one engine batch's messages) it publishes per transaction
     */
    public record Outbox(
            @NotNull Duration pollInterval,
            @Min(1) @Max(10_000) int batchSize) {

        @AssertTrue(message = "must be between 1 ms and 1 min")
        boolean isPollIntervalSane() {
            return pollInterval == null || (pollInterval.toMillis() >= 1 && pollInterval.toSeconds() <= 60);
        }
    }

    @AssertTrue(message = "windows must be positive and kernel-tau at least 1 ms")
    boolean isWindowsPositive() {
        return mentionWindow == null
                || followWindow == null
                || kernelTau == null
                || (mentionWindow.isPositive() && followWindow.isPositive() && kernelTau.toMillis() >= 1)
                        && (lateness == null || !lateness.isNegative());
    }

    public CorrelationSettings correlation() {
        return new CorrelationSettings(
                mentionWindow, followWindow, kernelTau, kernelAlpha, graphPolicy, popularityWeight, lateness);
    }
}
