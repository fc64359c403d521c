package dev.ripple.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A follower started following a followee. Keyed by {@code followee.ref}, like the shares about that account.
 *
 * @param viaUri set only when the platform records why (e.g. a Bluesky starter pack); such a follow is never
 *     credited to a sharer
 */
public record FollowObserved(
        String id, String platform, Account follower, Account followee, Instant occurredAt, String viaUri)
        implements RippleEvent {

    @Override
    public String key() {
        return followee == null ? null : followee.ref();
    }

    @Override
    public Instant time() {
        return occurredAt;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Validation.requireText(problems, "id", id);
        Validation.requireText(problems, "platform", platform);
        Validation.requireAccount(problems, "follower", follower);
        Validation.requireAccount(problems, "followee", followee);
        if (follower != null
                && followee != null
                && follower.ref() != null
                && follower.ref().equals(followee.ref())) {
            problems.add("follower and followee are the same account");
        }
        if (occurredAt == null) {
            problems.add("occurredAt is missing");
        }
        return problems;
    }
}
