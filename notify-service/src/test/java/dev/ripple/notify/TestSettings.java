package dev.ripple.notify;

import dev.ripple.notify.config.NotifyProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Settings for unit tests, built without Spring: the defaults unless a test says otherwise. */
public final class TestSettings {

    private TestSettings() {}

    public static NotifyProperties defaults() {
        return withCascadeUrl(URI.create("https://ripple.example/"));
    }

    public static NotifyProperties withCascadeUrl(URI cascadeUrl) {
        return new NotifyProperties(
                Duration.ofSeconds(60),
                null,
                0.7,
                Duration.ofHours(1),
                Duration.ofHours(24),
                false,
                List.of(),
                List.of(),
                List.of(Duration.ofSeconds(5)),
                null,
                null,
                cascadeUrl,
                Duration.ofDays(14),
                Duration.ofHours(24));
    }
}
