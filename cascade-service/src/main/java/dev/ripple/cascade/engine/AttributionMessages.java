package dev.ripple.cascade.engine;

import dev.ripple.cascade.correlation.Attribution;
import dev.ripple.cascade.correlation.Node;
import dev.ripple.cascade.store.FollowRow;
import dev.ripple.events.Account;
import dev.ripple.events.FollowAttributed;
import dev.ripple.events.PathStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns one decision into the FollowAttributed messages it publishes: one per credited sharer (keyed by that
 * sharer), a withdrawal for each sharer an earlier version credited and this one does not, and one message keyed by
 * the subject when nobody is credited.
 */
final class AttributionMessages {

    private AttributionMessages() {}

    static List<FollowAttributed> of(
            FollowRow follow, int version, Attribution attribution, Map<String, Account> accounts) {
        Account subject = account(follow.followeeRef(), accounts);
        Account follower = account(follow.followerRef(), accounts);
        dev.ripple.events.Exposure exposure = attribution.exposure() == null
                ? null
                : new dev.ripple.events.Exposure(
                        attribution.exposure().uri(),
                        account(attribution.exposure().actorRef(), accounts),
                        attribution.exposure().at());
        List<PathStep> path = new ArrayList<>();
        for (Node node : attribution.path()) {
            path.add(new PathStep(
                    node.uri(),
                    account(node.actorRef(), accounts),
                    node.rule().name(),
                    node.at(),
                    node.share().kind()));
        }
        List<Account> credited = attribution.creditedRefs().stream()
                .map(ref -> account(ref, accounts))
                .toList();

        List<FollowAttributed> messages = new ArrayList<>();
        for (Account sharer : credited) {
            messages.add(
                    message(follow, version, attribution, subject, follower, sharer, true, exposure, path, credited));
        }
        for (String previous : follow.creditedRefs()) {
            if (!attribution.creditedRefs().contains(previous)) {
                Account sharer = account(previous, accounts);
                messages.add(message(
                        follow, version, attribution, subject, follower, sharer, false, exposure, path, credited));
            }
        }
        if (credited.isEmpty()) {
            messages.add(
                    message(follow, version, attribution, subject, follower, null, false, exposure, path, credited));
        }
        return messages;
    }

    private static FollowAttributed message(
            FollowRow follow,
            int version,
            Attribution attribution,
            Account subject,
            Account follower,
            Account sharer,
            boolean credited,
            dev.ripple.events.Exposure exposure,
            List<PathStep> path,
            List<Account> creditedSharers) {
        return new FollowAttributed(
                FollowAttributed.idOf(follow.eventId(), version, sharer),
                follow.eventId(),
                version,
                follow.platform(),
                subject,
                follower,
                follow.at(),
                attribution.decidedAt(),
                sharer,
                credited,
                attribution.tier(),
                attribution.confidence(),
                attribution.cascadeId(),
                exposure,
                path,
                creditedSharers);
    }

    private static Account account(String ref, Map<String, Account> accounts) {
        Account account = accounts.get(ref);
        return account != null ? account : new Account(ref, ref, null);
    }
}
