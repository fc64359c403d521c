package dev.ripple.ingest.watch;

import java.net.URI;
import java.util.Objects;

/**
 * A watched Bluesky account, by handle or DID (at least one).
 *
 * @param appPassword where its app password is ({@code app-password-env} or {@code app-password-file});
 *     {@link SecretRef#NONE} to watch through the public AppView without logging in
 * @param pdsUrl the PDS to log in to (default {@code https://bsky.social})
 * @param appviewUrl the AppView to read from (default {@code https://public.api.bsky.app})
 */
public record BlueskyWatch(String handle, String did, SecretRef appPassword, URI pdsUrl, URI appviewUrl) {

    public static final URI DEFAULT_PDS = URI.create("https://bsky.social");
    public static final URI DEFAULT_APPVIEW = URI.create("https://public.api.bsky.app");

    public BlueskyWatch {
        if (handle == null && did == null) {
            throw new IllegalArgumentException("a Bluesky watch needs a handle or a did");
        }
        appPassword = appPassword == null ? SecretRef.NONE : appPassword;
        pdsUrl = pdsUrl == null ? DEFAULT_PDS : pdsUrl;
        appviewUrl = appviewUrl == null ? DEFAULT_APPVIEW : appviewUrl;
    }

    /** Stable identity of this watch (for cursors and health): the DID when known, else the handle. */
    public String key() {
        return "bluesky:" + Objects.requireNonNullElse(did, handle);
    }
}
