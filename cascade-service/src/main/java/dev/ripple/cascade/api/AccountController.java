package dev.ripple.cascade.api;

import dev.ripple.cascade.api.CascadeViews.BridgeView;
import dev.ripple.cascade.api.CascadeViews.Bridges;
import dev.ripple.cascade.api.CascadeViews.CausedFollows;
import dev.ripple.cascade.api.CascadeViews.FollowsView;
import dev.ripple.cascade.api.CascadeViews.Impact;
import dev.ripple.cascade.api.CascadeViews.SubjectHelpedView;
import dev.ripple.cascade.query.AccountQueries;
import dev.ripple.cascade.query.AccountQueries.AccountRow;
import dev.ripple.cascade.query.AccountQueries.Bridge;
import dev.ripple.cascade.query.AccountQueries.Outcomes;
import dev.ripple.cascade.query.AccountQueries.SubjectHelped;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accounts as sharers ("what did my shares start?") and as subjects ("who brought me these followers?"). The ref is
 * one path segment: its colons may be sent as they are or percent-encoded ({@code %3A}).
 */
@RestController
@RequestMapping(path = "/api/v1/accounts/{ref}", produces = "application/json")
@Tag(name = "accounts", description = "An account's impact as a sharer and its bridges as a subject")
class AccountController {

    private static final String REF_DESCRIPTION = "the account's ref, `<platform>:<authority>:<id>`, as one path "
            + "segment: colons as they are or percent-encoded (`%3A`); any other reserved character percent-encoded";

    private final AccountQueries accounts;

    AccountController(AccountQueries accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/impact")
    @Operation(
            operationId = "getAccountImpact",
            summary = "What an account's shares started",
            description = "As a sharer: cascades started and joined, shares, follows caused for the subjects it "
                    + "shared (direct: its own share exposed the follower; downstream: a later share below its own "
                    + "did), the confidence-weighted expectation, and the subjects helped most.")
    Impact impact(
            @Parameter(hidden = true) Params params,
            @Parameter(description = REF_DESCRIPTION, example = "mastodon:example.social:sarah") @PathVariable
                    String ref,
            @Parameter(
                            description = "how many top subjects",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "10"))
                    @RequestParam(required = false)
                    String limit) {
        int top = params.integer("limit", limit, 1, 100, 10);
        params.validate();
        AccountRow account = find(ref);
        AccountQueries.Impact impact = accounts.impact(account.ref());
        List<SubjectHelped> subjects = accounts.subjectsHelped(account.ref(), top);
        Set<String> refs = new HashSet<>();
        refs.add(account.ref());
        subjects.forEach(subject -> refs.add(subject.subjectRef()));
        Accounts known = Accounts.of(accounts, refs);
        return new Impact(
                known.view(account.ref()),
                impact.cascadesStarted(),
                impact.cascadesJoined(),
                impact.shares(),
                new CausedFollows(
                        impact.follows(),
                        impact.directFollows(),
                        impact.follows() - impact.directFollows(),
                        impact.expectedFollows()),
                impact.subjectsHelped(),
                impact.firstFollowAt(),
                impact.lastFollowAt(),
                subjects.stream()
                        .map(subject -> new SubjectHelpedView(
                                known.view(subject.subjectRef()),
                                subject.follows(),
                                subject.directFollows(),
                                subject.expectedFollows()))
                        .toList());
    }

    @GetMapping("/bridges")
    @Operation(
            operationId = "getAccountBridges",
            summary = "Who brought an account followers",
            description = "As a subject: the sharers its follows are credited to, ranked by follows (then by "
                    + "expected follows), with how many each exposed directly, the mean confidence, and the "
                    + "subject's follows by outcome and tier, including the share nothing explains.")
    Bridges bridges(
            @Parameter(hidden = true) Params params,
            @Parameter(description = REF_DESCRIPTION, example = "mastodon:example.social:author") @PathVariable
                    String ref,
            @Parameter(
                            description = "only follows at or after this time",
                            schema = @Schema(type = "string", format = "date-time"))
                    @RequestParam(required = false)
                    String from,
            @Parameter(
                            description = "only follows before this time",
                            schema = @Schema(type = "string", format = "date-time"))
                    @RequestParam(required = false)
                    String to,
            @Parameter(
                            description = "how many bridges",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "20"))
                    @RequestParam(required = false)
                    String limit) {
        Instant start = params.instant("from", from);
        Instant end = params.instant("to", to);
        params.range("from", start, "to", end);
        int top = params.integer("limit", limit, 1, 500, 20);
        params.validate();
        AccountRow account = find(ref);
        Outcomes outcomes = accounts.outcomes(account.ref(), start, end);
        AccountQueries.Bridges bridges = accounts.bridges(account.ref(), start, end, top);
        Set<String> refs = new HashSet<>();
        refs.add(account.ref());
        bridges.top().forEach(bridge -> refs.add(bridge.sharerRef()));
        Accounts known = Accounts.of(accounts, refs);

        Map<String, Long> byTier = new LinkedHashMap<>();
        outcomes.byTier().forEach((tier, follows) -> {
            if (tier != null) {
                byTier.put(tier, follows);
            }
        });
        long decided = outcomes.total() - outcomes.undecided();
        Double unattributedShare = decided == 0 ? null : (double) byTier.getOrDefault("UNATTRIBUTED", 0L) / decided;
        List<BridgeView> views = new ArrayList<>();
        int rank = 0;
        for (Bridge bridge : bridges.top()) {
            rank++;
            views.add(new BridgeView(
                    rank,
                    known.view(bridge.sharerRef()),
                    bridge.follows(),
                    bridge.directFollows(),
                    bridge.follows() - bridge.directFollows(),
                    bridge.cascades(),
                    bridge.meanConfidence(),
                    bridge.expectedFollows(),
                    outcomes.attributed() == 0 ? 0 : (double) bridge.follows() / outcomes.attributed(),
                    bridge.firstFollowAt(),
                    bridge.lastFollowAt()));
        }
        return new Bridges(
                known.view(account.ref()),
                start,
                end,
                new FollowsView(outcomes.total(), outcomes.attributed(), outcomes.notCredited(), outcomes.undecided()),
                byTier,
                unattributedShare,
                bridges.count(),
                views);
    }

    private AccountRow find(String ref) {
        Params params = new Params();
        String valid = params.ref("ref", ref);
        if (valid == null) {
            // Not a ref at all: it names no account.
            throw ApiProblem.notFound("account", ref);
        }
        return accounts.find(valid).orElseThrow(() -> ApiProblem.notFound("account", ref));
    }
}
