package dev.ripple.notify.subscription;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A webhook endpoint and the sharers whose alerts it wants (empty: every sharer).
 *
 * @param disabledReason why deliveries stopped (e.g. the endpoint answered 410 Gone), null while enabled
 */
record Subscription(
        UUID id, String url, List<String> sharers, boolean enabled, String disabledReason, Instant createdAt) {

    Subscription {
        sharers = List.copyOf(sharers);
    }
}
