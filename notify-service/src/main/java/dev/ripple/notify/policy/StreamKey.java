package dev.ripple.notify.policy;

import java.util.Objects;

/**
 * What one feed is about. A share feed: the follows of {@code subjectRef} credited to {@code sharerRef} within one
 * cascade. A subject feed ({@link #subject}): every follow of {@code subjectRef} brought by any share, with
 * {@code sharerRef} and {@code cascadeId} empty.
 */
public record StreamKey(String sharerRef, String subjectRef, String cascadeId) {

    public StreamKey {
        Objects.requireNonNull(sharerRef, "sharerRef");
        Objects.requireNonNull(subjectRef, "subjectRef");
        Objects.requireNonNull(cascadeId, "cascadeId");
    }

    public static StreamKey subject(String subjectRef) {
        return new StreamKey("", subjectRef, "");
    }

    public boolean isSubjectFeed() {
        return sharerRef.isEmpty();
    }
}
