package dev.ripple.notify.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the policy remembers about one feed between changes.
 *
 * @param totalFollows follows currently counted in the feed
 * @param firstSent whether the feed's first credited follow has been handled (alerted, or gathered)
 * @param lastMilestone the highest milestone already reported (0 when none)
 * @param path handles from the cascade's root to the exposing sharer of the latest credit
 * @param pending changes since the subscriber's last alert
 * @param window the open digest window, or null
 * @param firstFollowAt event time of the earliest counted follow, null when none
 * @param lastFollowAt event time of the latest counted follow, null when none
 * @param summaryPending whether something changed since the last summary
 * @param lastAlertAt event time of the subscriber's last alert about this feed, null before the first
 */
public record FeedState(
        StreamKey key,
        Person sharer,
        Person subject,
        int totalFollows,
        boolean firstSent,
        int lastMilestone,
        List<String> path,
        Pending pending,
        Window window,
        Instant firstFollowAt,
        Instant lastFollowAt,
        boolean summaryPending,
        Instant lastAlertAt) {

    public FeedState {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sharer, "sharer");
        Objects.requireNonNull(subject, "subject");
        if (totalFollows < 0) {
            throw new IllegalArgumentException("totalFollows must not be negative");
        }
        path = path == null ? List.of() : List.copyOf(path);
        pending = pending == null ? Pending.NONE : pending;
    }

    /** A feed that has seen nothing yet. */
    public static FeedState empty(StreamKey key, Person sharer, Person subject) {
        return new FeedState(key, sharer, subject, 0, false, 0, List.of(), Pending.NONE, null, null, null, false, null);
    }

    /** The same feed, naming its sharer and subject by their latest handles. */
    public FeedState withPeople(Person sharer, Person subject) {
        return new FeedState(
                key,
                sharer,
                subject,
                totalFollows,
                firstSent,
                lastMilestone,
                path,
                pending,
                window,
                firstFollowAt,
                lastFollowAt,
                summaryPending,
                lastAlertAt);
    }

    FeedState withTotals(int total, boolean first, List<String> path) {
        return new FeedState(
                key,
                sharer,
                subject,
                total,
                first,
                lastMilestone,
                path,
                pending,
                window,
                firstFollowAt,
                lastFollowAt,
                summaryPending,
                lastAlertAt);
    }

    FeedState withPending(Pending pending) {
        return new FeedState(
                key,
                sharer,
                subject,
                totalFollows,
                firstSent,
                lastMilestone,
                path,
                pending,
                window,
                firstFollowAt,
                lastFollowAt,
                summaryPending,
                lastAlertAt);
    }

    FeedState withWindow(Window window) {
        return new FeedState(
                key,
                sharer,
                subject,
                totalFollows,
                firstSent,
                lastMilestone,
                path,
                pending,
                window,
                firstFollowAt,
                lastFollowAt,
                summaryPending,
                lastAlertAt);
    }

    FeedState withMilestone(int milestone) {
        return new FeedState(
                key,
                sharer,
                subject,
                totalFollows,
                firstSent,
                milestone,
                path,
                pending,
                window,
                firstFollowAt,
                lastFollowAt,
                summaryPending,
                lastAlertAt);
    }

    FeedState alerted(Instant at) {
        return new FeedState(
                key,
                sharer,
                subject,
                totalFollows,
                firstSent,
                lastMilestone,
                path,
                pending,
                window,
                firstFollowAt,
                lastFollowAt,
                summaryPending,
                lastAlertAt == null || at.isAfter(lastAlertAt) ? at : lastAlertAt);
    }

    FeedState withActivity(Instant first, Instant last, boolean summary) {
        return new FeedState(
                key,
                sharer,
                subject,
                totalFollows,
                firstSent,
                lastMilestone,
                path,
                pending,
                window,
                first,
                last,
                summary,
                lastAlertAt);
    }
}
