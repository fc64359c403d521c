package dev.ripple.cascade.correlation;

import java.time.Instant;
import java.util.Objects;

/**
 * A follow of the subject account, to be explained.
 *
 * @param viaUri what the platform recorded as the follow's origin (a starter pack, or a share), else null
 */
public record Follow(String eventId, String followerRef, String subjectRef, Instant at, String viaUri) {

    public Follow {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(followerRef, "followerRef");
        Objects.requireNonNull(subjectRef, "subjectRef");
        Objects.requireNonNull(at, "at");
    }
}
