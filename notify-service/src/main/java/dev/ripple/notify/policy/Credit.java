package dev.ripple.notify.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A follow newly counted in a feed.
 *
 * @param confidence probability that the exposure caused the follow
 * @param path handles from the cascade's root to the exposing sharer
 * @param nameable whether the follower may be named (their follow is public)
 * @param exposer the account whose share exposed the follower (for subject digests), or null
 */
public record Credit(
        String followId,
        Person follower,
        Instant followedAt,
        double confidence,
        List<String> path,
        boolean nameable,
        Person exposer)
        implements StreamChange {

    public Credit {
        Objects.requireNonNull(followId, "followId");
        Objects.requireNonNull(follower, "follower");
        Objects.requireNonNull(followedAt, "followedAt");
        path = path == null ? List.of() : List.copyOf(path);
    }

    public Credit(String followId, Person follower, Instant followedAt, double confidence, List<String> path) {
        this(followId, follower, followedAt, confidence, path, true, null);
    }
}
