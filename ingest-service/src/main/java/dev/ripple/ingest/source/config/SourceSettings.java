package dev.ripple.ingest.source.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;

/**
 * Settings shared by every live source ({@code ripple.sources.*}).
 *
 * @param pollThreads {@code RIPPLE_SOURCES_POLL_THREADS}: threads that run the pollers of all watched accounts (they
 *     take turns, so a few threads serve many accounts; more help only when instances answer slowly)
 */
@Context
@ConfigurationProperties("ripple.sources")
public record SourceSettings(int pollThreads) {

    public SourceSettings {
        if (pollThreads < 1 || pollThreads > 64) {
            throw new IllegalArgumentException("ripple.sources.poll-threads (RIPPLE_SOURCES_POLL_THREADS) must be "
                    + "between 1 and 64, was " + pollThreads);
        }
    }
}
