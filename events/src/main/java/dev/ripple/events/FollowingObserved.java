package dev.ripple.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot of whom an account follows, as the platform listed it at {@code observedAt}: the evidence that a
 * follower could have seen a sharer's post. It often arrives after the follow it explains.
 *
 * <p>Keyed by {@code account.ref}, the account whose list this is.
 */
public record FollowingObserved(
        String id, String platform, Account account, List<FollowedAccount> follows, Instant observedAt)
        implements RippleEvent {

    public FollowingObserved {
        follows = follows == null ? null : List.copyOf(follows);
    }

    @Override
    public String key() {
        return account == null ? null : account.ref();
    }

    @Override
    public Instant time() {
        return observedAt;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Validation.requireText(problems, "id", id);
        Validation.requireText(problems, "platform", platform);
        Validation.requireAccount(problems, "account", account);
        if (follows == null) {
            problems.add("follows is missing (use [] for an empty list)");
        } else {
            for (int i = 0; i < follows.size(); i++) {
                FollowedAccount followed = follows.get(i);
                if (followed == null || followed.ref() == null || followed.ref().isBlank()) {
                    problems.add("follows[" + i + "].ref is missing");
                } else if (!Refs.isValid(followed.ref())) {
                    problems.add("follows[" + i + "].ref '" + followed.ref()
                            + "' is not of the form <platform>:<authority>:<id>");
                }
            }
        }
        if (observedAt == null) {
            problems.add("observedAt is missing");
        }
        return problems;
    }
}
