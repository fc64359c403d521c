package dev.ripple.cascade.api;

import dev.ripple.events.Account;
import java.time.Instant;
import java.util.List;

/** Response bodies of the cascade API. */
final class CascadeViews {

    private CascadeViews() {}

    record AccountView(String ref, String handle) {
        static AccountView of(Account account) {
            return new AccountView(account.ref(), account.handle());
        }
    }

    record FollowsView(long total, long attributed, long unattributed, long undecided) {}

    record CascadeSummary(
            String id,
            AccountView subject,
            String platform,
            String rootUri,
            AccountView rootActor,
            int size,
            int depth,
            int breadth,
            double structuralVirality,
            int attributedFollows,
            int directFollows,
            int downstreamFollows,
            Instant startedAt,
            Instant firstFollowAt,
            Instant lastActivityAt) {}

    record CascadeList(AccountView subject, FollowsView follows, List<CascadeSummary> cascades) {}

    record NodeView(
            String uri,
            AccountView actor,
            String kind,
            String parentUri,
            String rule,
            double confidence,
            int depth,
            Instant occurredAt,
            long directFollows,
            long creditedFollows) {}

    record CreditView(AccountView sharer, long follows) {}

    record CascadeDetail(
            String id,
            AccountView subject,
            String platform,
            String rootUri,
            AccountView rootActor,
            int size,
            int depth,
            int breadth,
            double structuralVirality,
            int attributedFollows,
            int directFollows,
            int downstreamFollows,
            Instant startedAt,
            Instant firstFollowAt,
            Instant lastActivityAt,
            List<NodeView> nodes,
            List<CreditView> credits) {}
}
