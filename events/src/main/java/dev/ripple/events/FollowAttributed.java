package dev.ripple.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A follow attribution decision, published once per credited sharer so that it is keyed by that sharer's ref
 * (one consumer sees all of a sharer's credits in order). A follow left unattributed is published once, keyed by
 * the subject's ref, with {@code sharer} null.
 *
 * <p>When the cascade engine re-decides a follow it bumps {@code decisionVersion} and publishes the new decision;
 * a sharer who was credited by an earlier version and is not any more receives a message with {@code credited}
 * false, so that nothing already counted is silently contradicted.
 *
 * @param id deterministic: {@code <followId>/v<decisionVersion>/<sharer ref or "-">}
 * @param followId the id of the {@link FollowObserved} this decides
 * @param decidedAt event time at which the evidence for this decision was complete
 * @param sharer the credited sharer this message is about, or null when the follow is unattributed
 * @param credited true when this version credits {@code sharer}; false when it withdraws an earlier credit
 * @param confidence probability that the exposure caused the follow (0 for unattributed)
 * @param path the shares from the cascade's root to the exposing share
 * @param creditedSharers every sharer this decision credits (the accounts on the path, minus the subject and the
 *     follower)
 */
public record FollowAttributed(
        String id,
        String followId,
        int decisionVersion,
        String platform,
        Account subject,
        Account follower,
        Instant followedAt,
        Instant decidedAt,
        Account sharer,
        boolean credited,
        AttributionTier tier,
        double confidence,
        String cascadeId,
        Exposure exposure,
        List<PathStep> path,
        List<Account> creditedSharers)
        implements RippleEvent {

    public FollowAttributed {
        path = path == null ? List.of() : List.copyOf(path);
        creditedSharers = creditedSharers == null ? List.of() : List.copyOf(creditedSharers);
    }

    public static String idOf(String followId, int decisionVersion, Account sharer) {
        return followId + "/v" + decisionVersion + "/" + (sharer == null ? "-" : sharer.ref());
    }

    @Override
    public String key() {
        if (sharer != null) {
            return sharer.ref();
        }
        return subject == null ? null : subject.ref();
    }

    @Override
    public Instant time() {
        return decidedAt;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Validation.requireText(problems, "id", id);
        Validation.requireText(problems, "followId", followId);
        if (decisionVersion < 1) {
            problems.add("decisionVersion must be at least 1");
        }
        Validation.requireAccount(problems, "subject", subject);
        Validation.requireAccount(problems, "follower", follower);
        if (followedAt == null) {
            problems.add("followedAt is missing");
        }
        if (decidedAt == null) {
            problems.add("decidedAt is missing");
        }
        if (tier == null) {
            problems.add("tier is missing");
        }
        if (confidence < 0 || confidence > 1 || Double.isNaN(confidence)) {
            problems.add("confidence must be between 0 and 1");
        }
        if (sharer != null) {
            problems.addAll(sharer.problems("sharer"));
            if (subject != null && sharer.ref() != null && sharer.ref().equals(subject.ref())) {
                problems.add("sharer must not be the subject");
            }
        } else if (credited) {
            problems.add("credited is true but sharer is missing");
        }
        return problems;
    }
}
