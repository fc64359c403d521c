package dev.ripple.cascade.correlation;

/**
 * A follow with its current decision.
 *
 * @param version the decision's version (1 for the first decision; +1 whenever it changes)
 * @param platform where the follow happened (kept for publishing)
 */
public record TrackedFollow(Follow follow, String platform, int version, Attribution decision, String followerHandle) {

    public TrackedFollow(Follow follow, String platform, int version, Attribution decision) {
        this(follow, platform, version, decision, null);
    }

    TrackedFollow next(Attribution decision) {
        return new TrackedFollow(follow, platform, version + 1, decision, followerHandle);
    }

    public String id() {
        return follow.eventId();
    }
}
