package dev.ripple.ingest.mastodon;

import java.time.Duration;

/** Mastodon settings for tests: the defaults, sped up, with what a test changes. */
final class TestSettings {

    Duration pollInterval = Duration.ofMillis(100);
    Duration maxPollInterval = Duration.ofMillis(300);
    Duration maxBackoff = Duration.ofMillis(500);
    Duration authRetry = Duration.ofMillis(500);
    Duration backfill = Duration.ofDays(36_500);
    int backfillMaxPages = 10;
    int pageLimit = 80;
    int maxPagesPerTurn = 5;
    double rateLimitShare = 1.0;
    int rateLimit = 1_000_000;
    Duration rateLimitPeriod = Duration.ofMinutes(5);
    int pagingRateLimit = 1_000_000;
    Duration pagingRateLimitPeriod = Duration.ofMinutes(15);
    int knownFollowers = 40;
    int followersMaxPages = 5;
    int recentStatuses = 20;
    Duration hiddenRecheck = Duration.ofHours(1);
    int exposureBudget = 100_000;
    int exposureMaxPages = 3;
    Duration exposureCacheTtl = Duration.ofHours(24);
    int exposureMaxPending = 500;
    Duration requestTimeout = Duration.ofSeconds(2);

    MastodonSettings build() {
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
