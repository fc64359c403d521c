package dev.ripple.cascade.store;

import dev.ripple.cascade.correlation.Attribution;
import dev.ripple.cascade.correlation.Node;
import dev.ripple.cascade.correlation.SubjectState;
import dev.ripple.cascade.correlation.TrackedFollow;
import dev.ripple.events.Account;
import dev.ripple.events.FollowAttributed;
import dev.ripple.events.ShareDeleted;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Everything one batch writes, in one transaction. */
public record BatchWrite(
        List<PlacedShare> placed,
        List<Node> moved,
        List<FollowWrite> follows,
        List<Object[]> engagements,
        List<ShareDeleted> deletions,
        Map<String, EdgeStore.AccountEdges> edges,
        Collection<SubjectState> subjects,
        Map<String, String> merged,
        List<CascadeWrite> cascades,
        List<FollowAttributed> messages,
        Collection<Account> accounts,
        String modelVersion,
        Map<String, Map<String, String>> traceContexts) {

    /**
     * Everything one batch writes.
     *
     * @param traceContexts message id → the trace context (propagation fields) of the event that caused it
     */
    public BatchWrite {
        traceContexts = traceContexts == null ? Map.of() : traceContexts;
    }

    /** A share placed for the first time, with what the event said that the core does not keep. */
    public record PlacedShare(Node node, String platform, String actorHandle) {}

    /** A follow decision: {@code insert} for a follow seen for the first time, else an update of its decision. */
    public record FollowWrite(TrackedFollow follow, boolean insert, String followerHandle, Attribution previous) {}

    /**
     * A cascade's new shape and the changes to its follow counters.
     *
     * @param root set when the cascade is new (its root share placed in this batch)
     */
    public record CascadeWrite(
            String id,
            String subjectRef,
            Node root,
            String platform,
            int size,
            int depth,
            int breadth,
            double virality,
            int attributedDelta,
            int directDelta,
            int downstreamDelta,
            Instant firstFollow,
            Instant lastActivity) {}
}
