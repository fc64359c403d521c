package dev.ripple.ingest.mastodon;

import java.time.Instant;

/**
 * A Mastodon Notification (v1). For {@code reblog} the status is the watched account's original (never the boost);
 * for {@code quote} it is the quoting status; {@code follow} has none.
 */
record MastodonNotification(
        String id, String type, Instant createdAt, MastodonAccount account, MastodonStatus status) {}
