package dev.ripple.cascade.store;

import dev.ripple.cascade.correlation.Follow;
import dev.ripple.events.AttributionTier;
import java.time.Instant;
import java.util.List;

/**
 * A stored follow with its current decision ({@code decisionVersion} 0 = not decided yet).
 */
public record FollowRow(
        String eventId,
        String platform,
        String followerRef,
        String followeeRef,
        Instant at,
        String viaUri,
        int decisionVersion,
        AttributionTier tier,
        double confidence,
        String cascadeId,
        String exposureUri,
        List<String> creditedRefs,
        Instant decidedAt) {

    public FollowRow {
        creditedRefs = creditedRefs == null ? List.of() : List.copyOf(creditedRefs);
    }

    public Follow follow() {
        return new Follow(eventId, followerRef, followeeRef, at, viaUri);
    }
}
