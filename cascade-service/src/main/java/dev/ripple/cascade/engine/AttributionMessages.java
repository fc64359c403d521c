package dev.ripple.cascade.engine;

import dev.ripple.cascade.correlation.Attribution;
import dev.ripple.cascade.correlation.Node;
import dev.ripple.cascade.correlation.TrackedFollow;
import dev.ripple.events.Account;
import dev.ripple.events.Exposure;
import dev.ripple.events.FollowAttributed;
import dev.ripple.events.PathStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns one decision into the FollowAttributed messages it publishes: one per credited sharer (keyed by that
 * sharer), a withdrawal for each sharer the previously published decision credited and this one does not, and one
 * message keyed by the subject when nobody is credited (unattributed, explicit without a sharer, or burst-level).
 */
final class AttributionMessages {

    private AttributionMessages() {}

    static List<FollowAttributed> of(TrackedFollow follow, Attribution previous, Map<String, Account> accounts) {
        Attribution decision = follow.decision();
        Account subject = account(follow.follow().subjectRef(), accounts);
        Account follower = follow.followerHandle() != null
                ? new Account(follow.follow().followerRef(), follow.followerHandle(), null)
                : account(follow.follow().followerRef(), accounts);
        Exposure exposure = decision.exposure() == null
                ? null
                : new Exposure(
                        decision.exposure().uri(),
                        account(decision.exposure().actorRef(), accounts),
                        decision.exposure().at());
        List<PathStep> path = new ArrayList<>();
        for (Node node : decision.path()) {
            path.add(new PathStep(
                    node.uri(),
                    account(node.actorRef(), accounts),
                    node.rule().name(),
                    node.at(),
                    node.share().kind()));
        }
        List<Account> credited = decision.creditedRefs().stream()
                .map(ref -> account(ref, accounts))
                .toList();

        List<FollowAttributed> messages = new ArrayList<>();
        for (Account sharer : credited) {
            messages.add(message(follow, subject, follower, sharer, true, exposure, path, credited));
        }
        if (previous != null) {
            for (String earlier : previous.creditedRefs()) {
                if (!decision.creditedRefs().contains(earlier)) {
                    Account sharer = account(earlier, accounts);
                    messages.add(message(follow, subject, follower, sharer, false, exposure, path, credited));
                }
            }
        }
        if (credited.isEmpty()) {
            messages.add(message(follow, subject, follower, null, false, exposure, path, credited));
        }
        return messages;
    }

    private static FollowAttributed message(
            TrackedFollow follow,
            Account subject,
            Account follower,
            Account sharer,
            boolean credited,
            Exposure exposure,
            List<PathStep> path,
            List<Account> creditedSharers) {
        Attribution decision = follow.decision();
        return new FollowAttributed(
                FollowAttributed.idOf(follow.id(), follow.version(), sharer),
                follow.id(),
                follow.version(),
                follow.platform(),
                subject,
                follower,
                follow.follow().at(),
                decision.decidedAt(),
                sharer,
                credited,
                decision.tier(),
                decision.confidence(),
                decision.cascadeId(),
                exposure,
                path,
                creditedSharers);
    }

    private static Account account(String ref, Map<String, Account> accounts) {
        Account account = accounts.get(ref);
        return account != null ? account : new Account(ref, ref, null);
    }
}
