package dev.ripple.ingest.watch;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A watched Mastodon account.
 *
 * @param acct the account, e.g. {@code author@example.social}
 * @param baseUrl the instance to ask, e.g. {@code https://example.social}
 * @param token where its access token is ({@code token-env} or {@code token-file}); {@link SecretRef#NONE} to watch
 *     without a token (public follower lists and reblogs only)
 * @param pollInterval {@code poll-interval}: this account's shortest wait between polls, or null for the service's
 *     {@code RIPPLE_MASTODON_POLL_INTERVAL}
 * @param backfill {@code backfill}: how far back to read when the account is first watched, or null for the service's
 *     {@code RIPPLE_MASTODON_BACKFILL}
 */
public record MastodonWatch(String acct, URI baseUrl, SecretRef token, Duration pollInterval, Duration backfill) {

    public MastodonWatch {
        Objects.requireNonNull(acct, "acct");
        Objects.requireNonNull(baseUrl, "baseUrl");
        token = token == null ? SecretRef.NONE : token;
    }

    public MastodonWatch(String acct, URI baseUrl, SecretRef token) {
        this(acct, baseUrl, token, null, null);
    }

    /** Stable identity of this watch (for cursors and health): the account at the instance asked. */
    public String key() {
        return "mastodon:" + baseUrl.getHost() + ":" + acct;
    }
}
