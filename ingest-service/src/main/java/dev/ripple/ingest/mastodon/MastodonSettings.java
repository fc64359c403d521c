package dev.ripple.ingest.mastodon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the Mastodon source polls ({@code ripple.mastodon.*}; validated, every problem named by its setting and
 * environment variable). Defaults and their reasons are in {@code docs/sources/mastodon.md}.
 *
 * @param pollInterval the shortest wait between two polls of an account (after a poll that found something)
 * @param maxPollInterval the longest wait: each quiet poll doubles the wait up to this
 * @param maxBackoff the longest wait after consecutive failures (network, 5xx, bad data)
 * @param authRetry the wait after a rejected or unreadable token, or an account not found
 * @param backfill how far back a newly watched account's notifications are read (0: from now on)
 * @param backfillMaxPages the most notification pages read for that backfill
 * @param pageLimit the {@code limit} asked for on every list (Mastodon's maximum is 80)
 * @param maxPagesPerTurn pages one account may read before the other due accounts get their turn
 * @param rateLimitShare the fraction of every rate limit this service may use (the rest is left to the account's
 *     own apps, which share per-user limits)
 * @param rateLimit requests per {@code rateLimitPeriod} per token or IP (Mastodon: 300 per 5 minutes)
 * @param pagingRateLimit paging requests ({@code min_id}, {@code max_id}, {@code since_id}) per
 *     {@code pagingRateLimitPeriod} (Mastodon: 300 per 15 minutes)
 * @param knownFollowers how many of the newest followers a token-less poll remembers to find where new ones end
 * @param followersMaxPages follower pages read per poll when looking for the last known follower
 * @param recentStatuses how many of the account's latest statuses a token-less poll checks for new boosts
 * @param hiddenRecheck how often a hidden or empty follower list is looked at again
 * @param exposureBudget following-list lookups per hour (all accounts together; 0 switches them off)
 * @param exposureMaxPages following pages read per looked-up account (80 accounts per page)
 * @param exposureCacheTtl how long a fetched following list counts as current (no new lookup of that account)
 * @param exposureMaxPending lookups waiting per watched account; beyond it the oldest are dropped
 * @param requestTimeout how long one HTTP request may take (connect and read)
 */
public record MastodonSettings(
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

    public static MastodonSettings defaults() {
        return new MastodonSettings(
                Duration.ofSeconds(30),
                Duration.ofMinutes(2),
                Duration.ofMinutes(5),
                Duration.ofMinutes(10),
                Duration.ofHours(24),
                10,
                80,
                5,
                0.5,
                300,
                Duration.ofMinutes(5),
                300,
                Duration.ofMinutes(15),
                40,
                5,
                20,
                Duration.ofHours(6),
                600,
                3,
                Duration.ofHours(24),
                500,
                Duration.ofSeconds(10));
    }

    public MastodonSettings {
        List<String> problems = new ArrayList<>();
        positive(problems, pollInterval, "poll-interval", "RIPPLE_MASTODON_POLL_INTERVAL");
        positive(problems, maxPollInterval, "max-poll-interval", "RIPPLE_MASTODON_MAX_POLL_INTERVAL");
        if (pollInterval != null && maxPollInterval != null && maxPollInterval.compareTo(pollInterval) < 0) {
            problems.add("ripple.mastodon.max-poll-interval (RIPPLE_MASTODON_MAX_POLL_INTERVAL) must not be shorter "
                    + "than ripple.mastodon.poll-interval, was " + maxPollInterval + " < " + pollInterval);
        }
        positive(problems, maxBackoff, "max-backoff", "RIPPLE_MASTODON_MAX_BACKOFF");
        positive(problems, authRetry, "auth-retry", "RIPPLE_MASTODON_AUTH_RETRY");
        if (backfill == null || backfill.isNegative()) {
            problems.add("ripple.mastodon.backfill (RIPPLE_MASTODON_BACKFILL) must be 0 or more, was " + backfill);
        }
        range(problems, backfillMaxPages, 1, 1000, "backfill-max-pages", "RIPPLE_MASTODON_BACKFILL_MAX_PAGES");
        range(problems, pageLimit, 1, 80, "page-limit", "RIPPLE_MASTODON_PAGE_LIMIT");
        range(problems, maxPagesPerTurn, 1, 100, "max-pages-per-turn", "RIPPLE_MASTODON_MAX_PAGES_PER_TURN");
        if (!(rateLimitShare > 0 && rateLimitShare <= 1)) {
            problems.add("ripple.mastodon.rate-limit-share (RIPPLE_MASTODON_RATE_LIMIT_SHARE) must be in (0, 1], was "
                    + rateLimitShare);
        }
        range(problems, rateLimit, 1, 1_000_000, "rate-limit", "RIPPLE_MASTODON_RATE_LIMIT");
        positive(problems, rateLimitPeriod, "rate-limit-period", "RIPPLE_MASTODON_RATE_LIMIT_PERIOD");
        range(problems, pagingRateLimit, 1, 1_000_000, "paging-rate-limit", "RIPPLE_MASTODON_PAGING_RATE_LIMIT");
        positive(
                problems,
                pagingRateLimitPeriod,
                "paging-rate-limit-period",
                "RIPPLE_MASTODON_PAGING_RATE_LIMIT_PERIOD");
        range(problems, knownFollowers, 1, 200, "known-followers", "RIPPLE_MASTODON_KNOWN_FOLLOWERS");
        range(problems, followersMaxPages, 1, 100, "followers-max-pages", "RIPPLE_MASTODON_FOLLOWERS_MAX_PAGES");
        range(problems, recentStatuses, 1, 40, "recent-statuses", "RIPPLE_MASTODON_RECENT_STATUSES");
        positive(problems, hiddenRecheck, "hidden-recheck", "RIPPLE_MASTODON_HIDDEN_RECHECK");
        range(problems, exposureBudget, 0, 1_000_000, "exposure-budget", "RIPPLE_MASTODON_EXPOSURE_BUDGET");
        range(problems, exposureMaxPages, 1, 100, "exposure-max-pages", "RIPPLE_MASTODON_EXPOSURE_MAX_PAGES");
        positive(problems, exposureCacheTtl, "exposure-cache-ttl", "RIPPLE_MASTODON_EXPOSURE_CACHE_TTL");
        range(problems, exposureMaxPending, 1, 100_000, "exposure-max-pending", "RIPPLE_MASTODON_EXPOSURE_MAX_PENDING");
        positive(problems, requestTimeout, "request-timeout", "RIPPLE_MASTODON_REQUEST_TIMEOUT");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid Mastodon settings: " + String.join("; ", problems));
        }
    }

    private static void positive(List<String> problems, Duration value, String name, String env) {
        if (value == null || value.isNegative() || value.isZero()) {
            problems.add("ripple.mastodon." + name + " (" + env + ") must be a positive duration, was " + value);
        }
    }

    private static void range(List<String> problems, int value, int min, int max, String name, String env) {
        if (value < min || value > max) {
            problems.add("ripple.mastodon." + name + " (" + env + ") must be between " + min + " and " + max + ", was "
                    + value);
        }
    }
}
