package dev.ripple.notify.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A follow newly credited to the stream's sharer.
 *
 * @param confidence probability that the exposure caused the follow
 * @param path handles from the cascade's root to the exposing sharer
 */
public record Credit(String followId, Person follower, Instant followedAt, double confidence, List<String> path)
        implements StreamChange {

    public Credit {
        Objects.requireNonNull(followId, "followId");
        Objects.requireNonNull(follower, "follower");
        Objects.requireNonNull(followedAt, "followedAt");
        path = path == null ? List.of() : List.copyOf(path);
    }
}
