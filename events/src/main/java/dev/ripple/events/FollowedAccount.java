package dev.ripple.events;

import java.time.Instant;

/**
 * One entry of a following snapshot.
 *
 * @param since when the follow was created, when the platform tells (e.g. a Bluesky follow record's TID); a follow
 *     created after a share is not exposure to that share
 */
public record FollowedAccount(String ref, String handle, Instant since) {}
