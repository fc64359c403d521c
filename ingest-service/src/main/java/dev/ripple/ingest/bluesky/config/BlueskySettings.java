package dev.ripple.ingest.bluesky.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.net.URI;
import java.time.Duration;

/**
 * How the Bluesky sources poll ({@code ripple.bluesky.*}; which accounts is in the watch file).
 *
 * @param pollInterval {@code RIPPLE_BLUESKY_POLL_INTERVAL}: time between two polls of one watched account
 * @param pollers {@code RIPPLE_BLUESKY_POLLERS}: accounts polled at once
 * @param overlap {@code RIPPLE_BLUESKY_OVERLAP}: notifications are read back this far before the newest seen (the
 *     AppView may deliver them late); what was already published is recognised and skipped
 * @param initialLookback {@code RIPPLE_BLUESKY_INITIAL_LOOKBACK}: how far back the first poll of an account reads
 * @param maxPages {@code RIPPLE_BLUESKY_MAX_PAGES}: pages read per list and poll at most
 * @param recentPosts {@code RIPPLE_BLUESKY_RECENT_POSTS}: an account's newest posts whose reposts and quotes the
 *     public AppView path follows
 * @param exposureWindow {@code RIPPLE_BLUESKY_EXPOSURE_WINDOW}: sharers within this window before a follow are its
 *     exposure candidates
 * @param maxCandidates {@code RIPPLE_BLUESKY_MAX_CANDIDATES}: exposure candidates checked per follower (30 per call)
 * @param httpTimeout {@code RIPPLE_BLUESKY_HTTP_TIMEOUT}: connect and read timeout of every call
 * @param plcUrl {@code RIPPLE_BLUESKY_PLC_URL}: the PLC directory resolving {@code did:plc} DIDs to their PDS
 * @param loginInterval {@code RIPPLE_BLUESKY_LOGIN_INTERVAL}: least time between two logins of one account
 * @param maxLoginsPerDay {@code RIPPLE_BLUESKY_MAX_LOGINS_PER_DAY}
 * @param rateLimitReserve {@code RIPPLE_BLUESKY_RATE_LIMIT_RESERVE}: calls left unspent in a host's window
 * @param rateLimitMaxWait {@code RIPPLE_BLUESKY_RATE_LIMIT_MAX_WAIT}: longest wait for a window to reset
 * @param directoryCapacity {@code RIPPLE_BLUESKY_DIRECTORY_CAPACITY}: accounts whose handle is remembered
 */
@Context
@ConfigurationProperties("ripple.bluesky")
public record BlueskySettings(
        Duration pollInterval,
        int pollers,
        Duration overlap,
        Duration initialLookback,
        int maxPages,
        int recentPosts,
        Duration exposureWindow,
        int maxCandidates,
        Duration httpTimeout,
        URI plcUrl,
        Duration loginInterval,
        int maxLoginsPerDay,
        int rateLimitReserve,
        Duration rateLimitMaxWait,
        int directoryCapacity) {

    public BlueskySettings {
        require(positive(pollInterval), "poll-interval", "POLL_INTERVAL", "> 0");
        require(pollers >= 1 && pollers <= 64, "pollers", "POLLERS", "1..64");
        require(overlap != null && !overlap.isNegative(), "overlap", "OVERLAP", ">= 0");
        require(
                initialLookback != null && !initialLookback.isNegative(),
                "initial-lookback",
                "INITIAL_LOOKBACK",
                ">= 0");
        require(maxPages >= 1 && maxPages <= 1000, "max-pages", "MAX_PAGES", "1..1000");
        require(recentPosts >= 0 && recentPosts <= 100, "recent-posts", "RECENT_POSTS", "0..100");
        require(positive(exposureWindow), "exposure-window", "EXPOSURE_WINDOW", "> 0");
        require(maxCandidates >= 0 && maxCandidates <= 300, "max-candidates", "MAX_CANDIDATES", "0..300");
        require(positive(httpTimeout), "http-timeout", "HTTP_TIMEOUT", "> 0");
        require(
                plcUrl != null
                        && plcUrl.getScheme() != null
                        && plcUrl.getScheme().startsWith("http"),
                "plc-url",
                "PLC_URL",
                "an http(s) URL");
        require(positive(loginInterval), "login-interval", "LOGIN_INTERVAL", "> 0");
        require(maxLoginsPerDay >= 1 && maxLoginsPerDay <= 100, "max-logins-per-day", "MAX_LOGINS_PER_DAY", "1..100");
        require(rateLimitReserve >= 0, "rate-limit-reserve", "RATE_LIMIT_RESERVE", ">= 0");
        require(
                rateLimitMaxWait != null && !rateLimitMaxWait.isNegative(),
                "rate-limit-max-wait",
                "RATE_LIMIT_MAX_WAIT",
                ">= 0");
        require(directoryCapacity >= 100, "directory-capacity", "DIRECTORY_CAPACITY", ">= 100");
    }

    private static boolean positive(Duration duration) {
        return duration != null && duration.isPositive();
    }

    private static void require(boolean ok, String key, String env, String range) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "ripple.bluesky." + key + " (RIPPLE_BLUESKY_" + env + ") must be " + range);
        }
    }
}
