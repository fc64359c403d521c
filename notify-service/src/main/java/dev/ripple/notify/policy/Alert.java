package dev.ripple.notify.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One alert to the stream's sharer: what the webhook payload says, before it is serialized.
 *
 * @param eventTime the payload's {@code timestamp}: the follow's time for a first alert, the window's end for a
 *     digest
 * @param newFollows credits since the previous alert
 * @param totalFollows follows currently credited in the stream, after this alert's changes
 * @param corrected minus the number of earlier credits withdrawn since the previous alert (0 when none)
 * @param windowStart start of the digest window, null for a first alert
 * @param windowEnd end of the digest window, null for a first alert
 * @param path handles from the cascade's root to the exposing sharer of the latest credit
 * @param confidence lowest confidence among the credits in this alert, null when it carries no credit
 * @param sampleFollowers up to {@value DigestWindow#SAMPLE_SIZE} handles of the new followers
 * @param text one honest sentence for a person
 */
public record Alert(
        StreamKey key,
        Person sharer,
        Person subject,
        AlertReason reason,
        Instant eventTime,
        int newFollows,
        int totalFollows,
        int corrected,
        Instant windowStart,
        Instant windowEnd,
        List<String> path,
        Double confidence,
        List<String> sampleFollowers,
        String text) {

    public Alert {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sharer, "sharer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(text, "text");
        path = List.copyOf(path);
        sampleFollowers = List.copyOf(sampleFollowers);
    }
}
