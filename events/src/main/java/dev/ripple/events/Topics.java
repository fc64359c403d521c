package dev.ripple.events;

/**
 * Kafka topics and what keys them. Shares and follows are co-partitioned (same key, same partition count), so the
 * consumer of partition N of both sees every share and follow about an account in order.
 */
public final class Topics {

    /** {@link ShareObserved} and {@link ShareDeleted} (told apart by {@code ce_type}), keyed by the subject's ref. */
    public static final String SHARES = "ripple.shares.v1";

    /** {@link FollowObserved}, keyed by the followee's ref. */
    public static final String FOLLOWS = "ripple.follows.v1";

    /** {@link FollowingObserved}, keyed by the listed account's ref. */
    public static final String FOLLOWING = "ripple.following.v1";

    /** {@link FollowAttributed}, keyed by the credited sharer's ref (the subject's ref when unattributed). */
    public static final String ATTRIBUTIONS = "ripple.attributions.v1";

    /**
     * {@link EngagementObserved} (likes, with the share they came through), keyed by the engaged post's author: the
     * same key and partition count as shares and follows, on a topic of its own so that consumers of shares never
     * mistake a like for a share.
     */
    public static final String ENGAGEMENTS = "ripple.engagements.v1";

    /** Dead letters of cascade-service's consumer of shares, follows and following snapshots. */
    public static final String CASCADE_DLQ = "ripple.cascade-service.dlq.v1";

    /** Dead letters of notify-service's consumer of attributions. */
    public static final String NOTIFY_DLQ = "ripple.notify-service.dlq.v1";

    private Topics() {}

    /** The topic an event is published to. */
    public static String of(RippleEvent event) {
        return switch (event) {
            case ShareObserved ignored -> SHARES;
            case ShareDeleted ignored -> SHARES;
            case FollowObserved ignored -> FOLLOWS;
            case FollowingObserved ignored -> FOLLOWING;
            case FollowAttributed ignored -> ATTRIBUTIONS;
            case EngagementObserved ignored -> ENGAGEMENTS;
        };
    }
}
