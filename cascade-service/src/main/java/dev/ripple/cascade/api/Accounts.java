package dev.ripple.cascade.api;

import dev.ripple.cascade.api.CascadeViews.AccountView;
import dev.ripple.cascade.api.CascadeViews.CascadeSummary;
import dev.ripple.cascade.query.AccountQueries;
import dev.ripple.cascade.query.CascadeRow;
import java.util.Collection;
import java.util.Map;

/** Handles for refs, fetched once per response. */
final class Accounts {

    private final Map<String, String> handles;

    private Accounts(Map<String, String> handles) {
        this.handles = handles;
    }

    static Accounts of(AccountQueries queries, Collection<String> refs) {
        return new Accounts(queries.handles(refs));
    }

    AccountView view(String ref) {
        if (ref == null) {
            return null;
        }
        return new AccountView(ref, handles.getOrDefault(ref, ref));
    }

    CascadeSummary summary(CascadeRow row) {
        return new CascadeSummary(
                row.id().toString(),
                view(row.subjectRef()),
                row.platform(),
                row.rootUri(),
                view(row.rootActorRef()),
                row.size(),
                row.maxDepth(),
                row.maxBreadth(),
                row.structuralVirality(),
                row.attributedFollows(),
                row.directFollows(),
                row.downstreamFollows(),
                row.startedAt(),
                row.firstFollowAt(),
                row.lastActivityAt());
    }
}
