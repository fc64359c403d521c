package dev.ripple.cascade.correlation;

import dev.ripple.events.ShareKind;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A share as the correlation core sees it: one node of the subject account's cascades.
 *
 * @param actorFollowers the actor's follower count when known (for popularity-weighted policies), else null
 */
public record Share(
        String eventId,
        String subjectRef,
        String uri,
        ShareKind kind,
        String actorRef,
        Long actorFollowers,
        String objectUri,
        Set<String> mentionRefs,
        String viaUri,
        Instant at) {

    public Share {
        Objects.requireNonNull(subjectRef, "subjectRef");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(actorRef, "actorRef");
        Objects.requireNonNull(at, "at");
        mentionRefs = mentionRefs == null ? Set.of() : Set.copyOf(mentionRefs);
    }
}
