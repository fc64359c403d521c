package dev.ripple.cascade.query;

import java.time.Instant;

/**
 * Which cascades a list shows; every field is optional (null = no constraint).
 *
 * @param subject the account the cascade is about
 * @param sharer an account that shared anywhere in the cascade (root or below)
 * @param platform the platform of the cascade
 * @param from only cascades last active at or after this time
 * @param to only cascades last active before this time
 * @param minSize at least this many shares
 * @param minFollows at least this many attributed follows
 */
public record CascadeFilter(
        String subject, String sharer, String platform, Instant from, Instant to, Integer minSize, Integer minFollows) {

    public static final CascadeFilter NONE = new CascadeFilter(null, null, null, null, null, null, null);
}
