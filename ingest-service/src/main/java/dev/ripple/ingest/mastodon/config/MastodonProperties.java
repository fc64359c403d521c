package dev.ripple.ingest.mastodon.config;

import dev.ripple.ingest.mastodon.MastodonSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.time.Duration;

/**
 * {@code ripple.mastodon.*}, each with an environment variable (application.yml; the table is in
 * {@code docs/sources/mastodon.md}). A {@link Context} bean: a bad value stops start-up with a message naming the
 * setting and its variable.
 */
@Context
@ConfigurationProperties("ripple.mastodon")
public record MastodonProperties(
        Duration pollInterval,
        Duration maxPollInterval,
        Duration maxBackoff,
        Duration authRetry,
        Duration backfill,
        int backfillMaxPages,
        int pageLimit,
        int maxPagesPerTurn,
        double rateLimitShare,
        int rateLimit,
        Duration rateLimitPeriod,
        int pagingRateLimit,
        Duration pagingRateLimitPeriod,
        int knownFollowers,
        int followersMaxPages,
        int recentStatuses,
        Duration hiddenRecheck,
        int exposureBudget,
        int exposureMaxPages,
        Duration exposureCacheTtl,
        int exposureMaxPending,
        Duration requestTimeout) {

    public MastodonProperties {
        // Validates at start-up: the settings' constructor names every bad value and its variable.
        new MastodonSettings(
                pollInterval,
                maxPollInterval,
                maxBackoff,
                authRetry,
                backfill,
                backfillMaxPages,
                pageLimit,
                maxPagesPerTurn,
                rateLimitShare,
                rateLimit,
                rateLimitPeriod,
                pagingRateLimit,
                pagingRateLimitPeriod,
                knownFollowers,
                followersMaxPages,
                recentStatuses,
                hiddenRecheck,
                exposureBudget,
                exposureMaxPages,
                exposureCacheTtl,
                exposureMaxPending,
                requestTimeout);
    }

    public MastodonSettings settings() {
        return new MastodonSettings(
                pollInterval,
                maxPollInterval,
                maxBackoff,
                authRetry,
                backfill,
                backfillMaxPages,
                pageLimit,
                maxPagesPerTurn,
                rateLimitShare,
                rateLimit,
                rateLimitPeriod,
                pagingRateLimit,
                pagingRateLimitPeriod,
                knownFollowers,
                followersMaxPages,
                recentStatuses,
                hiddenRecheck,
                exposureBudget,
                exposureMaxPages,
                exposureCacheTtl,
                exposureMaxPending,
                requestTimeout);
    }
}
