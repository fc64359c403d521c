package dev.ripple.ingest.bluesky;

import java.util.Set;

/**
 * The DIDs of the watched Bluesky accounts: what decides whether a record concerns Ripple. Immutable; a watch-file
 * change replaces it.
 */
public record Watched(Set<String> dids) {

    public static final Watched NONE = new Watched(Set.of());

    public Watched {
        dids = Set.copyOf(dids);
    }

    public boolean contains(String did) {
        return did != null && dids.contains(did);
    }

    public boolean isEmpty() {
        return dids.isEmpty();
    }
}
