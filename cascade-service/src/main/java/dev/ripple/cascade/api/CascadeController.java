package dev.ripple.cascade.api;

import dev.ripple.cascade.api.CascadeViews.AccountView;
import dev.ripple.cascade.api.CascadeViews.CascadeDetail;
import dev.ripple.cascade.api.CascadeViews.CascadeList;
import dev.ripple.cascade.api.CascadeViews.CascadeSummary;
import dev.ripple.cascade.api.CascadeViews.CreditView;
import dev.ripple.cascade.api.CascadeViews.FollowsView;
import dev.ripple.cascade.api.CascadeViews.NodeView;
import dev.ripple.cascade.store.AccountStore;
import dev.ripple.cascade.store.CascadeStore;
import dev.ripple.cascade.store.CascadeStore.CascadeRow;
import dev.ripple.cascade.store.CascadeStore.FollowPath;
import dev.ripple.cascade.store.CascadeStore.FollowSummary;
import dev.ripple.cascade.store.CascadeStore.SharerCredit;
import dev.ripple.cascade.store.ShareStore;
import dev.ripple.cascade.store.ShareStore.StoredNode;
import dev.ripple.events.Account;
import dev.ripple.events.Refs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Cascades: who started what, and the follows each share brought. */
@RestController
@RequestMapping("/api/v1/cascades")
class CascadeController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final CascadeStore cascades;
    private final ShareStore shares;
    private final AccountStore accounts;

    CascadeController(CascadeStore cascades, ShareStore shares, AccountStore accounts) {
        this.cascades = cascades;
        this.shares = shares;
        this.accounts = accounts;
    }

    @GetMapping
    CascadeList list(@RequestParam(required = false) String subject, @RequestParam(required = false) String limit) {
        List<ApiProblem.InvalidParameter> invalid = new ArrayList<>();
        if (subject != null && !Refs.isValid(subject)) {
            invalid.add(new ApiProblem.InvalidParameter(
                    "subject", "'" + subject + "' is not an account ref (<platform>:<authority>:<id>)"));
        }
        int max = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                max = Integer.parseInt(limit);
                if (max < 1 || max > MAX_LIMIT) {
                    invalid.add(new ApiProblem.InvalidParameter("limit", "must be between 1 and " + MAX_LIMIT));
                }
            } catch (NumberFormatException e) {
                invalid.add(new ApiProblem.InvalidParameter("limit", "'" + limit + "' is not a whole number"));
            }
        }
        if (!invalid.isEmpty()) {
            throw ApiProblem.invalid(invalid);
        }
        List<CascadeRow> rows = cascades.list(subject, max);
        Set<String> refs = new HashSet<>();
        rows.forEach(row -> {
            refs.add(row.subjectRef());
            refs.add(row.rootActorRef());
        });
        if (subject != null) {
            refs.add(subject);
        }
        Map<String, Account> known = accounts.find(refs);
        List<CascadeSummary> summaries =
                rows.stream().map(row -> summary(row, known)).toList();
        if (subject == null) {
            return new CascadeList(null, null, summaries);
        }
        FollowSummary follows = cascades.followSummary(subject);
        return new CascadeList(
                view(subject, known),
                new FollowsView(follows.total(), follows.attributed(), follows.unattributed(), follows.undecided()),
                summaries);
    }

    @GetMapping("/{id}")
    CascadeDetail get(@PathVariable String id) {
        UUID cascadeId;
        try {
            cascadeId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("cascade", id);
        }
        CascadeRow row = cascades.find(cascadeId).orElseThrow(() -> ApiProblem.notFound("cascade", id));
        List<StoredNode> nodes = shares.nodesOfCascade(cascadeId);
        List<SharerCredit> credits = cascades.credits(cascadeId);
        List<FollowPath> paths = cascades.followPaths(cascadeId);
        Map<String, Long> downstream = CascadeStore.downstreamCounts(paths);
        Map<String, Long> direct =
                paths.stream().collect(Collectors.groupingBy(FollowPath::exposureUri, Collectors.counting()));

        Set<String> refs = new HashSet<>();
        refs.add(row.subjectRef());
        refs.add(row.rootActorRef());
        nodes.forEach(node -> refs.add(node.node().actorRef()));
        credits.forEach(credit -> refs.add(credit.sharerRef()));
        Map<String, Account> known = accounts.find(refs);

        List<NodeView> nodeViews = nodes.stream()
                .map(stored -> new NodeView(
                        stored.node().uri(),
                        view(stored.node().actorRef(), known),
                        stored.kind(),
                        stored.node().parentUri(),
                        stored.node().rule().name(),
                        stored.node().confidence(),
                        stored.node().depth(),
                        stored.node().at(),
                        direct.getOrDefault(stored.node().uri(), 0L),
                        downstream.getOrDefault(stored.node().uri(), 0L)))
                .toList();
        List<CreditView> creditViews = credits.stream()
                .map(credit -> new CreditView(view(credit.sharerRef(), known), credit.follows()))
                .toList();
        CascadeSummary summary = summary(row, known);
        return new CascadeDetail(
                summary.id(),
                summary.subject(),
                summary.platform(),
                summary.rootUri(),
                summary.rootActor(),
                summary.size(),
                summary.depth(),
                summary.breadth(),
                summary.structuralVirality(),
                summary.attributedFollows(),
                summary.directFollows(),
                summary.downstreamFollows(),
                summary.startedAt(),
                summary.firstFollowAt(),
                summary.lastActivityAt(),
                nodeViews,
                creditViews);
    }

    private static CascadeSummary summary(CascadeRow row, Map<String, Account> known) {
        return new CascadeSummary(
                row.id().toString(),
                view(row.subjectRef(), known),
                row.platform(),
                row.rootUri(),
                view(row.rootActorRef(), known),
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

    private static AccountView view(String ref, Map<String, Account> known) {
        Account account = known.get(ref);
        return new AccountView(ref, account == null ? ref : account.handle());
    }
}
