package dev.ripple.notify.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One alert to one subscriber: what the webhook payload says, before it is serialized.
 *
 * @param eventTime the payload's {@code timestamp}: the follow's time for a first alert, the window's end for a
 *     digest or milestone, the moment the cascade became quiet for a summary
 * @param newFollows follows counted since the subscriber's previous alert about this feed
 * @param totalFollows follows counted in the feed, after this alert's changes
 * @param corrected minus the number of earlier follows withdrawn since the previous alert (0 when none)
 * @param windowStart start of the digest window (digests and milestones), else null
 * @param windowEnd end of the digest window (digests and milestones), else null
 * @param path handles from the cascade's root to the exposing sharer of the latest credit
 * @param confidence lowest confidence among the follows this alert adds, null when it adds none
 * @param sampleFollowers up to {@value Pending#SAMPLE_SIZE} handles of new followers whose follows are public
 * @param milestone the milestone passed (milestone alerts), else null
 * @param burstFollows follows of the cascade credited to its burst only (summaries), else null
 * @param firstFollowAt the feed's earliest follow (summaries), else null
 * @param lastFollowAt the feed's latest follow (summaries), else null
 * @param contributors who exposed the new followers (subject digests), else empty
 * @param text one honest sentence for a person
 */
public record Alert(
        AlertType type,
        StreamKey key,
        Person sharer,
        Person subject,
        Instant eventTime,
        int newFollows,
        int totalFollows,
        int corrected,
        Instant windowStart,
        Instant windowEnd,
        List<String> path,
        Double confidence,
        List<String> sampleFollowers,
        Integer milestone,
        Integer burstFollows,
        Instant firstFollowAt,
        Instant lastFollowAt,
        List<Contributor> contributors,
        String text) {

    public Alert {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sharer, "sharer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(text, "text");
        path = List.copyOf(path);
        sampleFollowers = List.copyOf(sampleFollowers);
        contributors = contributors == null ? List.of() : List.copyOf(contributors);
    }
}
