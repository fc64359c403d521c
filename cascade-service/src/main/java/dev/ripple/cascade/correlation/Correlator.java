package dev.ripple.cascade.correlation;

import dev.ripple.events.AttributionTier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The correlation core: applies one observed event to a subject's state and records what changed.
 *
 * <ul>
 *   <li>A <b>share</b> is placed (parent by {@link ParentInference}). If it arrived late by at most the lateness
 *       window L (event time behind the subject's watermark), the placements of later shares and the decisions of
 *       later follows are re-run, so the final tree does not depend on arrival order within L; after L, late data only
 *       adds nodes. Shares waiting for it as their explicit reference are re-placed.
 *   <li>A <b>follow</b> is attributed ({@link FollowAttribution}, then burst-level credit, then calibration). A burst
 *       it completes re-decides the unexplained follows around it.
 *   <li><b>Evidence</b> about an account (a following snapshot) re-decides that account's recent follows and, within
 *       L, re-places its shares.
 * </ul>
 *
 * Every changed decision gets the next version. Plain Java: no I/O; storage and publishing are the caller's.
 */
public final class Correlator {

    private final CorrelationSettings settings;
    private final ParentInference parents;
    private final FollowAttribution attribution;
    private final Calibration calibration;

    public Correlator(CorrelationSettings settings, Calibration calibration) {
        this.settings = settings;
        this.parents = new ParentInference(settings);
        this.attribution = new FollowAttribution(settings);
        this.calibration = calibration;
    }

    public Calibration calibration() {
        return calibration;
    }

    public CorrelationSettings settings() {
        return settings;
    }

    /** Cascade ids derive from the subject and the root share, so a replay produces the same ids. */
    public static String cascadeId(String subjectRef, String rootUri) {
        return UUID.nameUUIDFromBytes(("cascade|" + subjectRef + "|" + rootUri).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    // --- shares -------------------------------------------------------------------------------------------------

    public void share(SubjectState state, Share share, FollowGraph graph, Changes changes) {
        if (state.hasShare(share.eventId(), share.uri())) {
            changes.duplicate();
            return;
        }
        Instant watermark = state.watermark();
        boolean withinLateness = watermark == null
                || !share.at().isBefore(watermark)
                || Duration.between(share.at(), watermark).compareTo(settings.lateness()) <= 0;
        Node node = decidePlacement(state, share, graph, null);
        state.put(node);
        changes.placed(node);
        state.observe(share.at());
        parkUnresolved(state, node);

        List<Node> rerun = new ArrayList<>();
        for (String waiting : state.unpark(share.uri())) {
            Node parkedNode = state.node(waiting);
            if (parkedNode != null && !frozen(state, parkedNode.at())) {
                rerun.add(parkedNode);
            }
        }
        if (withinLateness && watermark != null && share.at().isBefore(watermark)) {
            for (Node later : state.nodesAfter(share.at(), share.uri())) {
                if (!frozen(state, later.at())) {
                    rerun.add(later);
                }
            }
        }
        Instant earliestMoved = replace(state, rerun, graph, changes);
        // Follows this share may explain (unless it came too late to change decisions), and follows whose paths ran
        // through a share that moved.
        Instant from = withinLateness ? share.at() : null;
        if (earliestMoved != null && (from == null || earliestMoved.isBefore(from))) {
            from = earliestMoved;
        }
        if (from != null) {
            for (TrackedFollow follow : state.followsBetween(from, share.at().plus(settings.followWindow()))) {
                if (!frozen(state, follow.follow().at())) {
                    redecide(state, follow, graph, share.at(), changes);
                }
            }
        }
    }

    /** Re-places shares (oldest first); returns the time of the earliest share that moved, or null. */
    private Instant replace(SubjectState state, Collection<Node> nodes, FollowGraph graph, Changes changes) {
        List<Node> ordered = new ArrayList<>(nodes.stream().distinct().toList());
        ordered.sort(Comparator.comparing(Node::at).thenComparing(Node::uri));
        Instant earliest = null;
        for (Node stale : ordered) {
            Node current = state.node(stale.uri());
            Node decided = decidePlacement(state, current.share(), graph, current);
            if (decided.samePlacement(current)) {
                continue;
            }
            Node moved = current.with(
                    decided.cascadeId(),
                    decided.parentUri(),
                    decided.rule(),
                    decided.confidence(),
                    decided.depth(),
                    decided.candidates());
            state.put(moved);
            changes.moved(current, moved);
            if (current.parentUri() == null && !moved.cascadeId().equals(current.cascadeId())) {
                changes.merged(current.cascadeId(), moved.cascadeId());
            }
            moveSubtree(state, moved, changes);
            if (earliest == null || moved.at().isBefore(earliest)) {
                earliest = moved.at();
            }
        }
        return earliest;
    }

    /** After a share moved, its descendants follow it into its cascade, one level below it. */
    private static void moveSubtree(SubjectState state, Node root, Changes changes) {
        List<Node> queue = new ArrayList<>(List.of(root));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!queue.isEmpty()) {
            Node parent = queue.removeFirst();
            if (!seen.add(parent.uri())) {
                continue;
            }
            for (String childUri : List.copyOf(state.childrenOf(parent.uri()))) {
                Node child = state.node(childUri);
                if (child == null) {
                    continue;
                }
                if (!child.cascadeId().equals(parent.cascadeId()) || child.depth() != parent.depth() + 1) {
                    Node updated = child.inCascade(parent.cascadeId(), parent.depth() + 1);
                    state.put(updated);
                    changes.moved(child, updated);
                    queue.add(updated);
                } else {
                    queue.add(child);
                }
            }
        }
    }

    private Node decidePlacement(SubjectState state, Share share, FollowGraph graph, Node current) {
        Map<String, Node> others = state.nodesByUri();
        ParentDecision decision = parents.decide(share, others, graph);
        Node earliest = state.firstNode();
        boolean first = earliest == null || !earliest.precedes(share);
        double confidence = calibration.parent(decision, first);
        Node parent = decision.parentUri() == null ? null : others.get(decision.parentUri());
        String cascadeId = parent == null ? cascadeId(state.subjectRef(), share.uri()) : parent.cascadeId();
        int depth = parent == null ? 0 : parent.depth() + 1;
        int version = current == null ? 1 : current.version();
        return new Node(
                share,
                cascadeId,
                decision.parentUri(),
                decision.rule(),
                confidence,
                depth,
                version,
                decision.candidates());
    }

    /** An explicit reference to a share not seen yet waits for it (within L). */
    private static void parkUnresolved(SubjectState state, Node node) {
        Share share = node.share();
        if (share.viaUri() != null && !share.viaUri().equals(node.parentUri()) && state.node(share.viaUri()) == null) {
            state.park(share.viaUri(), node.uri());
        }
        if (share.objectUri() != null
                && !share.objectUri().equals(node.parentUri())
                && state.node(share.objectUri()) == null) {
            state.park(share.objectUri(), node.uri());
        }
    }

    // --- follows ------------------------------------------------------------------------------------------------

    /**
     * @param platform where the follow happened (kept with the decision for publishing)
     */
    public void follow(SubjectState state, Follow follow, String platform, FollowGraph graph, Changes changes) {
        follow(state, follow, platform, null, graph, changes);
    }

    /** @param followerHandle the follower's handle as the event showed it (kept for publishing), or null */
    public void follow(
            SubjectState state,
            Follow follow,
            String platform,
            String followerHandle,
            FollowGraph graph,
            Changes changes) {
        if (state.follow(follow.eventId()) != null) {
            changes.duplicate();
            return;
        }
        state.bursts().record(follow.at());
        state.observe(follow.at());
        Attribution decision = decide(state, follow, graph, follow.at());
        TrackedFollow tracked = new TrackedFollow(follow, platform, 1, decision, followerHandle);
        state.put(tracked);
        changes.decided(tracked, null);
        // The follow may complete (or lie inside) a burst: the unexplained follows around it are re-decided.
        Instant at = follow.at();
        for (TrackedFollow near : state.followsBetween(at.minus(BurstDetector.WINDOW), at.plus(BurstDetector.WINDOW))) {
            AttributionTier tier = near.decision().tier();
            if (!near.id().equals(follow.eventId())
                    && (tier == AttributionTier.UNATTRIBUTED || tier == AttributionTier.BURST)) {
                redecide(state, near, graph, at, changes);
            }
        }
    }

    /**
     * An engagement (a like) with the subject's content: evidence that the actor saw it, through a share when the
     * platform said which. The actor's later follows of the subject are re-decided.
     */
    public void engagement(SubjectState state, Engagement engagement, FollowGraph graph, Changes changes) {
        if (!state.add(engagement)) {
            changes.duplicate();
            return;
        }
        changes.engaged(state.subjectRef(), engagement);
        state.observe(engagement.at());
        for (TrackedFollow follow : state.followsBy(engagement.actorRef())) {
            if (follow.follow().at().isAfter(engagement.at())) {
                redecide(state, follow, graph, engagement.at(), changes);
            }
        }
    }

    /** New evidence about an account's follows (a following snapshot observed at {@code observedAt}). */
    public void evidence(
            SubjectState state, String accountRef, Instant observedAt, FollowGraph graph, Changes changes) {
        for (TrackedFollow follow : state.followsBy(accountRef)) {
            if (!follow.follow().at().isBefore(observedAt.minus(settings.followWindow()))) {
                redecide(state, follow, graph, observedAt, changes);
            }
        }
        List<Node> shares = new ArrayList<>();
        if (state.watermark() != null) {
            for (Node node : state.nodesBetween(state.watermark().minus(settings.lateness()), state.watermark())) {
                if (node.actorRef().equals(accountRef)) {
                    shares.add(node);
                }
            }
        }
        Instant earliestMoved = replace(state, shares, graph, changes);
        if (earliestMoved != null) {
            for (TrackedFollow follow :
                    state.followsBetween(earliestMoved, earliestMoved.plus(settings.followWindow()))) {
                redecide(state, follow, graph, observedAt, changes);
            }
        }
    }

    private void redecide(
            SubjectState state, TrackedFollow follow, FollowGraph graph, Instant triggeredAt, Changes changes) {
        Attribution decision = decide(state, follow.follow(), graph, triggeredAt);
        if (decision.sameOutcomeAs(follow.decision())) {
            return;
        }
        TrackedFollow updated = follow.next(decision);
        state.put(updated);
        changes.decided(updated, follow.decision());
    }

    private Attribution decide(SubjectState state, Follow follow, FollowGraph graph, Instant triggeredAt) {
        Collection<Node> window = state.nodesBetween(follow.at().minus(settings.followWindow()), follow.at());
        Attribution decision = attribution.decide(
                follow, state.nodesByUri(), window, state.engagementsBy(follow.followerRef()), graph, triggeredAt);
        if (decision.tier() == AttributionTier.UNATTRIBUTED && follow.viaUri() == null && !window.isEmpty()) {
            BurstDetector.Burst burst = state.bursts().burstAt(follow.at());
            if (burst != null) {
                Node latest = null;
                for (Node node : window) {
                    if (node.at().isBefore(follow.at())
                            && !node.actorRef().equals(follow.followerRef())
                            && (latest == null || !node.at().isBefore(latest.at()))) {
                        latest = node;
                    }
                }
                if (latest != null) {
                    decision = new Attribution(
                            AttributionTier.BURST,
                            burst.excessFraction(),
                            null,
                            List.of(),
                            List.of(),
                            List.of(),
                            decision.decidedAt(),
                            decision.features(),
                            latest.cascadeId());
                }
            }
        }
        return decision.withConfidence(calibration.follow(decision));
    }

    private boolean frozen(SubjectState state, Instant at) {
        Instant watermark = state.watermark();
        return watermark != null && Duration.between(at, watermark).compareTo(settings.lateness()) > 0;
    }

    /** For tests and the evaluation: the placed shares of a subject by uri (a copy). */
    public static Map<String, Node> snapshot(SubjectState state) {
        return new LinkedHashMap<>(state.nodesByUri());
    }
}
