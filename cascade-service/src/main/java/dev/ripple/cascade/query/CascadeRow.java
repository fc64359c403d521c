package dev.ripple.cascade.query;

import java.time.Instant;
import java.util.UUID;

/** A cascade and its statistics, as the API reads them. */
public record CascadeRow(
        UUID id,
        String subjectRef,
        String platform,
        String rootUri,
        String rootActorRef,
        int size,
        int maxDepth,
        int maxBreadth,
        double structuralVirality,
        int attributedFollows,
        int directFollows,
        int downstreamFollows,
        Instant startedAt,
        Instant firstFollowAt,
        Instant lastActivityAt,
        Instant updatedAt) {

    /** The value of this row's sort column, for a keyset. */
    public Keyset keyset(CascadeSort sort) {
        Object key = switch (sort) {
            case RECENT -> lastActivityAt;
            case SIZE -> size;
            case FOLLOWS -> attributedFollows;
            case VIRALITY -> structuralVirality;
        };
        return new Keyset(key, id);
    }
}
