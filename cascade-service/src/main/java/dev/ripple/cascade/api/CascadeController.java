package dev.ripple.cascade.api;

import dev.ripple.cascade.api.CascadeViews.Bucket;
import dev.ripple.cascade.api.CascadeViews.CascadeDetail;
import dev.ripple.cascade.api.CascadeViews.CascadeGraph;
import dev.ripple.cascade.api.CascadeViews.CascadeList;
import dev.ripple.cascade.api.CascadeViews.CascadeSummary;
import dev.ripple.cascade.api.CascadeViews.CascadeTree;
import dev.ripple.cascade.api.CascadeViews.CreditView;
import dev.ripple.cascade.api.CascadeViews.FollowsView;
import dev.ripple.cascade.api.CascadeViews.GraphEdge;
import dev.ripple.cascade.api.CascadeViews.GraphNode;
import dev.ripple.cascade.api.CascadeViews.NodeView;
import dev.ripple.cascade.api.CascadeViews.ShareTime;
import dev.ripple.cascade.api.CascadeViews.Timeline;
import dev.ripple.cascade.api.CascadeViews.TreeNode;
import dev.ripple.cascade.query.AccountQueries;
import dev.ripple.cascade.query.CascadeFilter;
import dev.ripple.cascade.query.CascadeQueries;
import dev.ripple.cascade.query.CascadeQueries.Credit;
import dev.ripple.cascade.query.CascadeQueries.Histogram;
import dev.ripple.cascade.query.CascadeQueries.Link;
import dev.ripple.cascade.query.CascadeQueries.ShareRow;
import dev.ripple.cascade.query.CascadeRow;
import dev.ripple.cascade.query.CascadeSort;
import dev.ripple.cascade.query.Keyset;
import dev.ripple.events.EventJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Cascades: who started what, its shape, and the follows each share brought. */
@RestController
@RequestMapping(path = "/api/v1/cascades", produces = "application/json")
@Tag(name = "cascades", description = "Cascades of shares about a subject account, and the follows they brought")
class CascadeController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final int MAX_NODES = 1000;
    static final int MAX_TREE_DEPTH = 100;
    static final int MAX_CREDITS = 100;
    static final int MAX_GRAPH_NODES = 1000;
    static final int MAX_GRAPH_EDGES = 12_500;

    private final CascadeQueries cascades;
    private final AccountQueries accounts;

    CascadeController(CascadeQueries cascades, AccountQueries accounts) {
        this.cascades = cascades;
        this.accounts = accounts;
    }

    @GetMapping
    @Operation(
            operationId = "listCascades",
            summary = "List cascades",
            description = "Cascades matching every given filter, sorted (descending, ties by id). Pages are keyset "
                    + "cursors: stable under inserts; follow `next` (or the `Link: rel=\"next\"` header) until it is "
                    + "null. With `subject`, the body also counts the subject's follows by outcome.")
    @ApiResponse(
            responseCode = "200",
            description = "A page of cascades",
            headers =
                    @Header(
                            name = "Link",
                            description = "`<…>; rel=\"next\"` when there is a next page",
                            schema = @Schema(type = "string")))
    ResponseEntity<CascadeList> list(
            @Parameter(hidden = true) Params params,
            HttpServletRequest request,
            @Parameter(description = "the subject account's ref", example = "mastodon:example.social:author")
                    @RequestParam(required = false)
                    String subject,
            @Parameter(description = "an account that shared anywhere in the cascade (root or below)")
                    @RequestParam(required = false)
                    String sharer,
            @Parameter(description = "platform", example = "mastodon") @RequestParam(required = false) String platform,
            @Parameter(
                            description = "only cascades last active at or after this time (ISO-8601 or a date)",
                            schema = @Schema(type = "string", format = "date-time"))
                    @RequestParam(required = false)
                    String from,
            @Parameter(
                            description = "only cascades last active before this time (ISO-8601 or a date)",
                            schema = @Schema(type = "string", format = "date-time"))
                    @RequestParam(required = false)
                    String to,
            @Parameter(description = "at least this many shares", schema = @Schema(type = "integer", minimum = "1"))
                    @RequestParam(required = false)
                    String minSize,
            @Parameter(
                            description = "at least this many attributed follows",
                            schema = @Schema(type = "integer", minimum = "0"))
                    @RequestParam(required = false)
                    String minFollows,
            @Parameter(
                            description = "order (always descending): `recent` (last activity), `size`, `follows` "
                                    + "(attributed follows), `virality` (structural virality)",
                            schema =
                                    @Schema(
                                            type = "string",
                                            allowableValues = {"recent", "size", "follows", "virality"},
                                            defaultValue = "recent"))
                    @RequestParam(required = false)
                    String sort,
            @Parameter(
                            description = "page size",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
                    @RequestParam(required = false)
                    String limit,
            @Parameter(description = "the `next` cursor of the previous page (same filters and sort)")
                    @RequestParam(required = false)
                    String cursor) {
        CascadeFilter filter = new CascadeFilter(
                params.ref("subject", subject),
                params.ref("sharer", sharer),
                params.platform("platform", platform),
                params.instant("from", from),
                params.instant("to", to),
                params.integer("minSize", minSize, 1, Integer.MAX_VALUE, null),
                params.integer("minFollows", minFollows, 0, Integer.MAX_VALUE, null));
        params.range("from", filter.from(), "to", filter.to());
        CascadeSort order = params.choice("sort", sort, CascadeSort.class, CascadeSort.RECENT);
        int max = params.integer("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
        Keyset after = Cursor.decode(params, "cursor", params.text("cursor", cursor), order, filter);
        params.validate();

        List<CascadeRow> rows = new ArrayList<>(cascades.list(filter, order, after, max + 1));
        String next = null;
        if (rows.size() > max) {
            rows = rows.subList(0, max);
            next = Cursor.encode(order, filter, rows.getLast().keyset(order));
        }
        Set<String> refs = new HashSet<>();
        rows.forEach(row -> {
            refs.add(row.subjectRef());
            refs.add(row.rootActorRef());
        });
        if (filter.subject() != null) {
            refs.add(filter.subject());
        }
        Accounts known = Accounts.of(accounts, refs);
        List<CascadeSummary> summaries = rows.stream().map(known::summary).toList();
        FollowsView follows = null;
        if (filter.subject() != null) {
            CascadeQueries.FollowCounts counts = cascades.followCounts(filter.subject());
            follows = new FollowsView(counts.total(), counts.attributed(), counts.unattributed(), counts.undecided());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (next != null) {
            response.header(HttpHeaders.LINK, NextLink.header(request, "cursor", next));
        }
        return response.body(new CascadeList(known.view(filter.subject()), follows, summaries, next));
    }

    @GetMapping("/{id}")
    @Operation(
            operationId = "getCascade",
            summary = "A cascade's summary, shares and credits",
            description = "The summary (root, subject, size, depth, breadth, structural virality, follows direct and "
                    + "downstream, first and last activity), the shares breadth-first with their parent links (at "
                    + "most 1000) and the sharers credited (at most 100).")
    CascadeDetail get(
            @Parameter(description = "the cascade's id", schema = @Schema(format = "uuid")) @PathVariable String id) {
        CascadeRow row = find(id);
        Loaded loaded = load(row, MAX_NODES, false);
        List<Credit> credits = cascades.credits(row.id(), MAX_CREDITS + 1);
        boolean truncated = loaded.truncated || credits.size() > MAX_CREDITS;
        if (credits.size() > MAX_CREDITS) {
            credits = credits.subList(0, MAX_CREDITS);
        }
        Set<String> refs = new HashSet<>(loaded.actorRefs());
        refs.add(row.subjectRef());
        refs.add(row.rootActorRef());
        credits.forEach(credit -> refs.add(credit.sharerRef()));
        Accounts known = Accounts.of(accounts, refs);

        List<NodeView> nodes = loaded.shares.stream()
                .map(share -> new NodeView(
                        share.uri(),
                        known.view(share.actorRef()),
                        share.kind(),
                        share.parentUri(),
                        share.rule(),
                        share.confidence(),
                        share.depth(),
                        share.occurredAt(),
                        share.deletedAt(),
                        loaded.direct(share.uri()),
                        loaded.credited(share.uri())))
                .toList();
        List<CreditView> creditViews = credits.stream()
                .map(credit -> new CreditView(known.view(credit.sharerRef()), credit.follows(), credit.direct()))
                .toList();
        CascadeSummary summary = known.summary(row);
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
                nodes,
                creditViews,
                truncated);
    }

    @GetMapping("/{id}/tree")
    @Operation(
            operationId = "getCascadeTree",
            summary = "A cascade as a nested tree",
            description = "The root share with its children, recursively, oldest first; each node counts the "
                    + "follows it exposed and those exposed below it. At most 1000 shares (breadth-first) and 100 "
                    + "levels; `truncated` says when shares were left out.")
    CascadeTree tree(
            @Parameter(description = "the cascade's id", schema = @Schema(format = "uuid")) @PathVariable String id) {
        CascadeRow row = find(id);
        Loaded loaded = load(row, MAX_NODES, false);
        Set<String> refs = new HashSet<>(loaded.actorRefs());
        refs.add(row.subjectRef());
        refs.add(row.rootActorRef());
        Accounts known = Accounts.of(accounts, refs);

        Map<String, List<ShareRow>> children = new HashMap<>();
        ShareRow root = null;
        for (ShareRow share : loaded.shares) {
            if (share.parentUri() == null) {
                if (root == null) {
                    root = share;
                }
            } else {
                children.computeIfAbsent(share.parentUri(), k -> new ArrayList<>())
                        .add(share);
            }
        }
        if (root == null) {
            // A cascade row without its root share: nothing to draw yet.
            return new CascadeTree(known.summary(row), null, 0, row.size() > 0);
        }
        int[] count = {0};
        boolean[] cut = {loaded.truncated};
        TreeNode tree = node(root, children, known, loaded, 0, count, cut);
        if (count[0] < loaded.shares.size()) {
            cut[0] = true;
        }
        return new CascadeTree(known.summary(row), tree, count[0], cut[0]);
    }

    private TreeNode node(
            ShareRow share,
            Map<String, List<ShareRow>> children,
            Accounts known,
            Loaded loaded,
            int level,
            int[] count,
            boolean[] cut) {
        count[0]++;
        List<TreeNode> below = new ArrayList<>();
        List<ShareRow> kids = children.getOrDefault(share.uri(), List.of());
        if (level + 1 >= MAX_TREE_DEPTH) {
            cut[0] |= !kids.isEmpty();
        } else {
            kids.stream()
                    .sorted(Comparator.comparing(ShareRow::occurredAt).thenComparing(ShareRow::uri))
                    .forEach(kid -> below.add(node(kid, children, known, loaded, level + 1, count, cut)));
        }
        return new TreeNode(
                share.uri(),
                known.view(share.actorRef()),
                share.kind(),
                share.rule(),
                share.confidence(),
                share.depth(),
                share.occurredAt(),
                share.deletedAt(),
                loaded.direct(share.uri()),
                loaded.credited(share.uri()),
                below);
    }

    @GetMapping("/{id}/graph")
    @Operation(
            operationId = "getCascadeGraph",
            summary = "A cascade's influence graph",
            description = "Shares as nodes and, as edges, every earlier share each one's placement considered as its "
                    + "parent, with the rule and score, the chosen parent marked. Capped like Hoaxy's network API: "
                    + "1000 nodes (breadth-first) and 12,500 edges (chosen first, then by score); `capped` says when.")
    CascadeGraph graph(
            @Parameter(description = "the cascade's id", schema = @Schema(format = "uuid")) @PathVariable String id) {
        CascadeRow row = find(id);
        Loaded loaded = load(row, MAX_GRAPH_NODES, true);
        Set<String> uris = new HashSet<>();
        loaded.shares.forEach(share -> uris.add(share.uri()));
        List<GraphEdge> edges = new ArrayList<>();
        for (ShareRow share : loaded.shares) {
            boolean parentListed = false;
            for (JsonNode candidate : candidates(share)) {
                String source = candidate.path("uri").asString(null);
                if (source == null || source.equals(share.uri())) {
                    continue;
                }
                boolean chosen = source.equals(share.parentUri());
                parentListed |= chosen;
                if (uris.contains(source)) {
                    edges.add(new GraphEdge(
                            source,
                            share.uri(),
                            candidate.path("reason").asString(share.rule()),
                            candidate.path("score").asDouble(0),
                            chosen));
                }
            }
            if (share.parentUri() != null && !parentListed && uris.contains(share.parentUri())) {
                edges.add(new GraphEdge(share.parentUri(), share.uri(), share.rule(), share.confidence(), true));
            }
        }
        boolean capped = loaded.truncated || edges.size() > MAX_GRAPH_EDGES;
        if (edges.size() > MAX_GRAPH_EDGES) {
            edges.sort(Comparator.comparing(GraphEdge::chosen)
                    .thenComparingDouble(GraphEdge::score)
                    .reversed());
            edges = new ArrayList<>(edges.subList(0, MAX_GRAPH_EDGES));
        }
        Set<String> refs = new HashSet<>(loaded.actorRefs());
        refs.add(row.subjectRef());
        refs.add(row.rootActorRef());
        Accounts known = Accounts.of(accounts, refs);
        List<GraphNode> nodes = loaded.shares.stream()
                .map(share -> new GraphNode(
                        share.uri(),
                        known.view(share.actorRef()),
                        share.kind(),
                        share.depth(),
                        share.occurredAt(),
                        share.deletedAt(),
                        loaded.direct(share.uri()),
                        loaded.credited(share.uri())))
                .toList();
        return new CascadeGraph(known.summary(row), nodes, edges, capped, MAX_GRAPH_NODES, MAX_GRAPH_EDGES);
    }

    @GetMapping("/{id}/timeline")
    @Operation(
            operationId = "getCascadeTimeline",
            summary = "When a cascade's shares happened and its follows came",
            description = "Attributed follows counted in equal time buckets over [from, to) (by default the "
                    + "cascade's whole life), the shares in that range, and the peak bucket: a burst of follows "
                    + "after a share shows as a spike.")
    Timeline timeline(
            @Parameter(hidden = true) Params params,
            @Parameter(description = "the cascade's id", schema = @Schema(format = "uuid")) @PathVariable String id,
            @Parameter(
                            description = "start (default: the cascade's first share)",
                            schema = @Schema(type = "string", format = "date-time"))
                    @RequestParam(required = false)
                    String from,
            @Parameter(
                            description = "end, exclusive (default: just after its last activity)",
                            schema = @Schema(type = "string", format = "date-time"))
                    @RequestParam(required = false)
                    String to,
            @Parameter(
                            description = "number of buckets",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "60"))
                    @RequestParam(required = false)
                    String buckets) {
        Instant start = params.instant("from", from);
        Instant end = params.instant("to", to);
        params.range("from", start, "to", end);
        int count = params.integer("buckets", buckets, 1, 500, 60);
        params.validate();
        CascadeRow row = find(id);
        Instant first = start != null ? start : row.startedAt();
        Instant last = end != null ? end : row.lastActivityAt().plusMillis(1);
        if (!last.isAfter(first)) {
            // Asked for a range after the cascade's end, or a cascade of one instant: one minute from `first`.
            last = first.plus(Duration.ofMinutes(1));
        }
        Histogram histogram = cascades.followHistogram(row.id(), first, last, count);
        double width = Duration.between(first, last).toNanos() / 1e9 / count;
        List<Bucket> bucketViews = new ArrayList<>();
        Bucket peak = null;
        for (int i = 0; i < count; i++) {
            Bucket bucket = new Bucket(
                    first.plusNanos(Math.round(i * width * 1e9)), histogram.counts()[i]);
            bucketViews.add(bucket);
            if (bucket.follows() > 0 && (peak == null || bucket.follows() > peak.follows())) {
                peak = bucket;
            }
        }
        Instant rangeStart = first;
        Instant rangeEnd = last;
        List<ShareRow> shares = cascades.shares(row.id(), MAX_NODES, false).stream()
                .filter(share -> !share.occurredAt().isBefore(rangeStart)
                        && share.occurredAt().isBefore(rangeEnd))
                .sorted(Comparator.comparing(ShareRow::occurredAt).thenComparing(ShareRow::uri))
                .toList();
        Set<String> refs = new HashSet<>();
        shares.forEach(share -> refs.add(share.actorRef()));
        Accounts known = Accounts.of(accounts, refs);
        List<ShareTime> times = shares.stream()
                .map(share -> new ShareTime(share.uri(), known.view(share.actorRef()), share.occurredAt()))
                .toList();
        return new Timeline(row.id().toString(), first, last, width, bucketViews, times, peak);
    }

    private CascadeRow find(String id) {
        UUID cascadeId = Params.id("cascade", id);
        return cascades.find(cascadeId).orElseThrow(() -> ApiProblem.notFound("cascade", id));
    }

    /** The first shares of a cascade (breadth-first) and the follows counted over the whole tree. */
    private Loaded load(CascadeRow row, int limit, boolean withCandidates) {
        List<ShareRow> shares = cascades.shares(row.id(), limit + 1, withCandidates);
        boolean truncated = shares.size() > limit;
        if (truncated) {
            shares = shares.subList(0, limit);
        }
        Map<String, Long> direct = cascades.followsByExposure(row.id());
        List<Link> links = truncated
                ? cascades.links(row.id())
                : shares.stream()
                        .map(share -> new Link(share.uri(), share.parentUri()))
                        .toList();
        return new Loaded(shares, truncated, direct, Trees.subtreeSums(links, direct));
    }

    private static List<JsonNode> candidates(ShareRow share) {
        if (share.candidatesJson() == null) {
            return List.of();
        }
        try {
            JsonNode array = EventJson.mapper().readTree(share.candidatesJson());
            List<JsonNode> list = new ArrayList<>();
            if (array != null && array.isArray()) {
                array.forEach(list::add);
            }
            return list;
        } catch (JacksonException e) {
            return List.of();
        }
    }

    private record Loaded(
            List<ShareRow> shares, boolean truncated, Map<String, Long> directs, Map<String, Long> credits) {

        long direct(String uri) {
            return directs.getOrDefault(uri, 0L);
        }

        long credited(String uri) {
            return credits.getOrDefault(uri, 0L);
        }

        Set<String> actorRefs() {
            Set<String> refs = new HashSet<>();
            shares.forEach(share -> refs.add(share.actorRef()));
            return refs;
        }
    }
}
