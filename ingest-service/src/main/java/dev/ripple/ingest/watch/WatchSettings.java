package dev.ripple.ingest.watch;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.time.Duration;

/**
 * Where the watch file is ({@code ripple.watch.*}).
 *
 * @param file {@code RIPPLE_WATCH_FILE}; empty means {@code watch.yml} in the working directory, which may be absent
 *     (nothing is watched); a file named explicitly must exist
 * @param reloadInterval {@code RIPPLE_WATCH_RELOAD_INTERVAL}: how often the file is checked for changes
 */
@Context
@ConfigurationProperties("ripple.watch")
public record WatchSettings(String file, Duration reloadInterval) {

    public static final String DEFAULT_FILE = "watch.yml";

    public WatchSettings {
        if (reloadInterval == null || reloadInterval.toMillis() < 100 || reloadInterval.toHours() > 24) {
            throw new IllegalArgumentException("ripple.watch.reload-interval (RIPPLE_WATCH_RELOAD_INTERVAL) must be "
                    + "between 100ms and 24h, was " + reloadInterval);
        }
    }

    public boolean explicit() {
        return file != null && !file.isBlank();
    }

    public String effectiveFile() {
        return explicit() ? file : DEFAULT_FILE;
    }
}
