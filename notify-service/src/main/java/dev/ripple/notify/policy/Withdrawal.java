package dev.ripple.notify.policy;

import java.time.Instant;
import java.util.Objects;

/** A follow counted in a feed earlier that a re-decision no longer counts there: the next alert says so. */
public record Withdrawal(String followId, Person follower, Instant followedAt) implements StreamChange {

    public Withdrawal {
        Objects.requireNonNull(followId, "followId");
        Objects.requireNonNull(follower, "follower");
        Objects.requireNonNull(followedAt, "followedAt");
    }
}
