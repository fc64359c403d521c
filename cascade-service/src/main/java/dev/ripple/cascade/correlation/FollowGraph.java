package dev.ripple.cascade.correlation;

import java.util.Optional;

/** Who follows whom, as far as following snapshots told. */
@FunctionalInterface
public interface FollowGraph {

    /** The edge {@code followerRef → followedRef}, if a snapshot listed it. */
    Optional<Edge> edge(String followerRef, String followedRef);

    FollowGraph EMPTY = (follower, followed) -> Optional.empty();
}
