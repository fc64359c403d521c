package dev.ripple.ingest.watch;

import java.net.URI;
import java.util.Objects;

/**
 * A watched Mastodon account.
 *
 * @param acct the account, e.g. {@code author@example.social}
 * @param baseUrl the instance to ask, e.g. {@code https://example.social}
 * @param token where its access token is ({@code token-env} or {@code token-file}); {@link SecretRef#NONE} to watch
 *     without a token (public follower lists and reblogs only)
 */
public record MastodonWatch(String acct, URI baseUrl, SecretRef token) {

    public MastodonWatch {
        Objects.requireNonNull(acct, "acct");
        Objects.requireNonNull(baseUrl, "baseUrl");
        token = token == null ? SecretRef.NONE : token;
    }

    /** Stable identity of this watch (for cursors and health): the account at the instance asked. */
    public String key() {
        return "mastodon:" + baseUrl.getHost() + ":" + acct;
    }
}
