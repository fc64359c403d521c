package dev.ripple.ingest.mastodon;

import java.time.Instant;
import java.util.List;

/**
 * The fields of a Mastodon Status entity that Ripple uses.
 *
 * @param uri the ActivityPub id: the post's globally unique identity
 * @param reblog non-null when this status is a boost wrapper: the boosted original
 * @param quote the quote this status makes, or null
 * @param cardUrl the URL of the post's link preview (what a post about a link points at), or null
 */
record MastodonStatus(
        String id,
        String uri,
        Instant createdAt,
        MastodonAccount account,
        List<Mention> mentions,
        MastodonStatus reblog,
        Quote quote,
        String cardUrl,
        long reblogsCount) {

    MastodonStatus {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    /** An account named in a status ({@code mentions[]}). */
    record Mention(String id, String username, String acct) {}

    /**
     * A quote: {@code quotedStatus} when the server embedded it, else only {@code quotedStatusId} (a ShallowQuote).
     *
     * @param state {@code accepted}, {@code pending}, … (unknown values are treated as {@code unauthorized})
     */
    record Quote(String state, MastodonStatus quotedStatus, String quotedStatusId) {
        boolean accepted() {
            return state == null || "accepted".equals(state);
        }
    }
}
