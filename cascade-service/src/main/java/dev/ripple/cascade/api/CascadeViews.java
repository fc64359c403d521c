package dev.ripple.cascade.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Response bodies of the cascade API. */
final class CascadeViews {

    private CascadeViews() {}

    @Schema(description = "An account: its stable ref and its handle as last seen (the ref when never seen)")
    record AccountView(
            @Schema(example = "mastodon:example.social:sarah")
            String ref,

            @Schema(example = "@sarah@example.social") String handle) {}

    @Schema(description = "Follows of a subject by outcome")
    record FollowsView(
            @Schema(description = "every follow of the subject observed")
            long total,

            @Schema(description = "credited to at least one sharer")
            long attributed,

            @Schema(description = "decided, credited to no sharer")
            long unattributed,

            @Schema(description = "not decided yet") long undecided) {}

    @Schema(description = "A cascade's summary: who started it, its shape and the follows it brought")
    record CascadeSummary(
            @Schema(format = "uuid") String id,
            AccountView subject,
            String platform,
            String rootUri,
            AccountView rootActor,
            @Schema(description = "number of shares") int size,

            @Schema(description = "longest root-to-leaf path, in edges")
            int depth,

            @Schema(description = "most shares at one depth")
            int breadth,

            @Schema(description = "mean distance between two shares of the tree (Goel et al.)")
            double structuralVirality,

            @Schema(description = "follows of the subject credited to sharers of this cascade")
            int attributedFollows,

            @Schema(description = "attributed follows whose exposure was the root share")
            int directFollows,

            @Schema(description = "attributed follows whose exposure was a later share")
            int downstreamFollows,

            Instant startedAt,
            @Schema(nullable = true) Instant firstFollowAt,
            Instant lastActivityAt) {}

    @Schema(description = "A page of cascades")
    record CascadeList(
            @Schema(description = "the subject filtered on, if any", nullable = true)
            AccountView subject,

            @Schema(description = "the subject's follows by outcome, when filtering on a subject", nullable = true)
            FollowsView follows,

            List<CascadeSummary> cascades,

            @Schema(
                    description = "cursor of the next page (also in the Link header); null on the last page",
                    nullable = true)
            String next) {}

    @Schema(description = "A share in a cascade")
    record NodeView(
            String uri,
            AccountView actor,
            @Schema(example = "RESHARE") String kind,
            @Schema(nullable = true) String parentUri,

            @Schema(description = "how the parent was decided", example = "MENTION")
            String rule,

            double confidence,
            int depth,
            Instant occurredAt,

            @Schema(
                    description = "when the share was deleted on its platform; it keeps its place and its credits",
                    nullable = true)
            Instant deletedAt,

            @Schema(description = "attributed follows this share exposed")
            long directFollows,

            @Schema(description = "attributed follows exposed by this share or a share below it")
            long creditedFollows) {}

    @Schema(description = "Follows credited to one sharer in a cascade")
    record CreditView(
            AccountView sharer,

            @Schema(description = "follows whose path ran through this sharer")
            long follows,

            @Schema(description = "of those, follows this sharer's own share exposed")
            long directFollows) {}

    @Schema(description = "A cascade: its summary, its shares (parent links) and who is credited")
    record CascadeDetail(
            @Schema(format = "uuid") String id,
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
            @Schema(nullable = true) Instant firstFollowAt,
            Instant lastActivityAt,

            @Schema(description = "shares breadth-first (root first), at most 1000")
            List<NodeView> nodes,

            @Schema(description = "sharers by follows credited, at most 100")
            List<CreditView> credits,

            @Schema(description = "true when nodes or credits were cut at their limits")
            boolean truncated) {}

    @Schema(description = "A share and the shares below it")
    record TreeNode(
            String uri,
            AccountView actor,
            String kind,
            String rule,
            double confidence,
            int depth,
            Instant occurredAt,

            @Schema(
                    description = "when the share was deleted on its platform; it keeps its place and its credits",
                    nullable = true)
            Instant deletedAt,

            long directFollows,
            long creditedFollows,

            @Schema(description = "the shares whose parent this share is, oldest first")
            List<TreeNode> children) {}

    @Schema(description = "A cascade as a nested tree, for rendering")
    record CascadeTree(
            CascadeSummary cascade,
            TreeNode root,
            @Schema(description = "shares in this tree") int nodes,

            @Schema(description = "true when shares were left out (more than 1000, or deeper than 100)")
            boolean truncated) {}

    @Schema(description = "A share as a graph node")
    record GraphNode(
            @Schema(description = "the share's uri") String id,
            AccountView actor,
            String kind,
            int depth,
            Instant occurredAt,

            @Schema(description = "when the share was deleted on its platform", nullable = true)
            Instant deletedAt,

            long directFollows,
            long creditedFollows) {}

    @Schema(description = "A possible influence: the target share could have been caused by the source share")
    record GraphEdge(
            @Schema(description = "the earlier share") String source,
            @Schema(description = "the later share") String target,

            @Schema(description = "the rule that made the source a candidate", example = "FOLLOW_GRAPH")
            String reason,

            @Schema(description = "the candidate's score when the target was placed")
            double score,

            @Schema(description = "whether the source was chosen as the target's parent")
            boolean chosen) {}

    @Schema(description = "A cascade's influence graph: every candidate parent considered, with its score")
    record CascadeGraph(
            CascadeSummary cascade,
            List<GraphNode> nodes,
            List<GraphEdge> edges,

            @Schema(description = "true when nodes or edges were cut at maxNodes / maxEdges")
            boolean capped,

            int maxNodes,
            int maxEdges) {}

    @Schema(description = "Attributed follows in one time bucket")
    record Bucket(Instant start, long follows) {}

    @Schema(description = "A share's place in time")
    record ShareTime(String uri, AccountView actor, Instant at) {}

    @Schema(description = "When a cascade's shares happened and its follows came, in equal time buckets")
    record Timeline(
            @Schema(format = "uuid") String cascadeId,
            Instant from,
            Instant to,
            double bucketSeconds,
            List<Bucket> buckets,

            @Schema(description = "the shares in [from, to), at most 1000, oldest first")
            List<ShareTime> shares,

            @Schema(description = "the bucket with the most follows; null without follows", nullable = true)
            Bucket peak) {}

    @Schema(description = "Follows an account's shares brought one subject")
    record SubjectHelpedView(AccountView subject, long follows, long directFollows, double expectedFollows) {}

    @Schema(description = "Follows an account's shares brought others")
    record CausedFollows(
            @Schema(description = "follows crediting this account")
            long total,

            @Schema(description = "exposed by this account's own share")
            long direct,

            @Schema(description = "exposed by a later share downstream of this account's")
            long downstream,

            @Schema(description = "sum of the decisions' confidences: the follows expected to be truly caused")
            double expected) {}

    @Schema(description = "What an account started as a sharer")
    record Impact(
            AccountView account,

            @Schema(description = "cascades whose root share is this account's")
            long cascadesStarted,

            @Schema(description = "cascades this account shared in")
            long cascadesJoined,

            long shares,
            CausedFollows follows,

            @Schema(description = "distinct subjects that gained followers through this account")
            long subjectsHelped,

            @Schema(nullable = true) Instant firstFollowAt,
            @Schema(nullable = true) Instant lastFollowAt,

            @Schema(description = "subjects helped most, at most `limit`")
            List<SubjectHelpedView> topSubjects) {}

    @Schema(description = "An account that brought a subject followers")
    record BridgeView(
            int rank,
            AccountView sharer,

            @Schema(description = "follows crediting this sharer")
            long follows,

            @Schema(description = "of those, exposed by the sharer's own share")
            long directFollows,

            @Schema(description = "of those, exposed by a share downstream of the sharer's")
            long downstreamFollows,

            long cascades,

            @Schema(description = "mean confidence of those decisions")
            double meanConfidence,

            @Schema(description = "sum of their confidences")
            double expectedFollows,

            @Schema(description = "follows / attributed follows of the subject")
            double shareOfAttributed,

            Instant firstFollowAt,
            Instant lastFollowAt) {}

    @Schema(description = "Who brought a subject followers, and how many follows nothing explains")
    record Bridges(
            AccountView subject,
            @Schema(nullable = true) Instant from,
            @Schema(nullable = true) Instant to,
            FollowsView follows,

            @Schema(
                    description = "decided follows by tier (EXPLICIT, ENGAGED, MENTIONED, GRAPH_EXPOSED, BURST, "
                            + "UNATTRIBUTED)")
            Map<String, Long> byTier,

            @Schema(
                    description = "UNATTRIBUTED follows / decided follows: the honest share nothing explains; null "
                            + "without decided follows",
                    nullable = true)
            Double unattributedShare,

            @Schema(description = "how many sharers brought this subject followers")
            long bridgeCount,

            @Schema(description = "the top sharers, most follows first, at most `limit`")
            List<BridgeView> bridges) {}

    @Schema(description = "A share the follow's exposure came through")
    record PathStepView(
            String uri,
            AccountView actor,
            @Schema(nullable = true) String kind,
            String rule,
            @Schema(nullable = true) Double confidence,
            Instant at) {}

    @Schema(description = "The share that most plausibly exposed the follower")
    record ExposureView(
            String uri,
            AccountView actor,
            @Schema(nullable = true) Instant at) {}

    @Schema(description = "An exposure the decision considered")
    record CandidateView(
            String uri,
            AccountView actor,
            Instant at,

            @Schema(description = "why it was a candidate (the tier)", example = "GRAPH_EXPOSED")
            String reason,

            double score,

            @Schema(description = "whether this candidate won")
            boolean chosen) {}

    @Schema(description = "Why a follow was attributed as it was")
    record AttributionView(
            String followId,
            String platform,
            AccountView follower,
            AccountView subject,
            Instant followedAt,

            @Schema(description = "the origin the platform recorded (a starter pack)", nullable = true)
            String viaUri,

            @Schema(description = "false until the engine decided the follow")
            boolean decided,

            @Schema(description = "grows each time the follow is re-decided; 0 = not decided")
            int decisionVersion,

            @Schema(
                    nullable = true,
                    allowableValues = {"EXPLICIT", "ENGAGED", "MENTIONED", "GRAPH_EXPOSED", "BURST", "UNATTRIBUTED"})
            String tier,

            @Schema(nullable = true) Double confidence,
            @Schema(nullable = true, format = "uuid") String cascadeId,
            @Schema(nullable = true) ExposureView exposure,
            @Schema(description = "root → exposure") List<PathStepView> path,

            @Schema(description = "the sharers credited: the path's accounts minus subject and follower")
            List<AccountView> credited,

            @Schema(description = "every exposure considered, best first")
            List<CandidateView> candidates,

            @Schema(nullable = true) Instant decidedAt,
            @Schema(nullable = true) String modelVersion) {}
}
