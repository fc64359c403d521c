package dev.ripple.notify.policy;

import java.util.Objects;

/**
 * What one alert stream is about: the follows of {@code subjectRef} credited to {@code sharerRef} within one cascade.
 * Each stream has its own first alert, digest windows and running total.
 */
public record StreamKey(String sharerRef, String subjectRef, String cascadeId) {

    public StreamKey {
        Objects.requireNonNull(sharerRef, "sharerRef");
        Objects.requireNonNull(subjectRef, "subjectRef");
        Objects.requireNonNull(cascadeId, "cascadeId");
    }
}
