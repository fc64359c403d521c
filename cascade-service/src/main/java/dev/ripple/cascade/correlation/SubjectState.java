package dev.ripple.cascade.correlation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the correlation of one subject account needs, in memory: its placed shares (indexed by uri, by time and
 * by parent), its recent follows with their decisions (by id, time and follower), the shares waiting for an explicit
 * reference, the event-time watermark and the burst detector. Rebuilt from storage on a cache miss.
 */
public final class SubjectState {

    /** Orders shares by time, then uri (the subject's total order). */
    record TimeKey(Instant at, String id) implements Comparable<TimeKey> {
        @Override
        public int compareTo(TimeKey other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : id.compareTo(other.id);
        }
    }

    private final String subjectRef;
    private final Map<String, Node> byUri = new HashMap<>();
    private final Set<String> shareEventIds = new HashSet<>();
    private final NavigableMap<TimeKey, Node> byTime = new TreeMap<>();
    private final Map<String, Set<String>> children = new HashMap<>();
    private final Map<String, Set<String>> parked = new HashMap<>();
    private final Map<String, TrackedFollow> follows = new HashMap<>();
    private final NavigableMap<TimeKey, TrackedFollow> followsByTime = new TreeMap<>();
    private final Map<String, Set<String>> followsByFollower = new HashMap<>();
    private final Map<String, List<Engagement>> engagements = new HashMap<>();
    private final Set<String> engagementIds = new HashSet<>();
    private final BurstDetector bursts = new BurstDetector();
    private Instant watermark;
    private long version;

    public SubjectState(String subjectRef) {
        this.subjectRef = subjectRef;
    }

    public String subjectRef() {
        return subjectRef;
    }

    /** The latest event time seen for this subject, or null before the first event. */
    public Instant watermark() {
        return watermark;
    }

    public void observe(Instant at) {
        if (watermark == null || at.isAfter(watermark)) {
            watermark = at;
        }
    }

    /** A counter the storage layer uses to tell whether a cached state is still current. */
    public long version() {
        return version;
    }

    public void version(long version) {
        this.version = version;
    }

    public BurstDetector bursts() {
        return bursts;
    }

    // --- shares -------------------------------------------------------------------------------------------------

    public Map<String, Node> nodesByUri() {
        return Collections.unmodifiableMap(byUri);
    }

    public Node node(String uri) {
        return byUri.get(uri);
    }

    public boolean hasShare(String eventId, String uri) {
        return shareEventIds.contains(eventId) || byUri.containsKey(uri);
    }

    /** Adds or replaces a placed share, keeping every index current. */
    public void put(Node node) {
        Node previous = byUri.put(node.uri(), node);
        if (previous != null) {
            byTime.remove(new TimeKey(previous.at(), previous.uri()));
            if (previous.parentUri() != null) {
                Set<String> siblings = children.get(previous.parentUri());
                if (siblings != null) {
                    siblings.remove(previous.uri());
                }
            }
        }
        shareEventIds.add(node.share().eventId());
        byTime.put(new TimeKey(node.at(), node.uri()), node);
        if (node.parentUri() != null) {
            children.computeIfAbsent(node.parentUri(), k -> new LinkedHashSet<>())
                    .add(node.uri());
        }
    }

    /** The earliest share, or null. */
    public Node firstNode() {
        return byTime.isEmpty() ? null : byTime.firstEntry().getValue();
    }

    public Collection<Node> nodes() {
        return Collections.unmodifiableCollection(byTime.values());
    }

    /** Shares with {@code from ≤ at ≤ to}, oldest first. */
    public Collection<Node> nodesBetween(Instant from, Instant to) {
        return byTime.subMap(new TimeKey(from, ""), true, new TimeKey(to, "\uffff"), true)
                .values();
    }

    /** Shares after {@code from} (exclusive of shares at {@code from} ordered before {@code uri}). */
    public List<Node> nodesAfter(Instant from, String uri) {
        return new ArrayList<>(byTime.tailMap(new TimeKey(from, uri), false).values());
    }

    public Set<String> childrenOf(String uri) {
        return children.getOrDefault(uri, Set.of());
    }

    /** Remembers that {@code uri}'s explicit reference to {@code referenced} is not resolved yet. */
    public void park(String referenced, String uri) {
        parked.computeIfAbsent(referenced, k -> new LinkedHashSet<>()).add(uri);
    }

    /** The shares waiting for {@code referenced}, removed from the waiting list. */
    public Set<String> unpark(String referenced) {
        Set<String> waiting = parked.remove(referenced);
        return waiting == null ? Set.of() : waiting;
    }

    // --- engagements --------------------------------------------------------------------------------------------

    /** Records an engagement; false when it was recorded before. */
    public boolean add(Engagement engagement) {
        if (!engagementIds.add(engagement.eventId())) {
            return false;
        }
        engagements
                .computeIfAbsent(engagement.actorRef(), k -> new ArrayList<>())
                .add(engagement);
        return true;
    }

    /** The engagements of an account with this subject's content. */
    public List<Engagement> engagementsBy(String actorRef) {
        return engagements.getOrDefault(actorRef, List.of());
    }

    // --- follows ------------------------------------------------------------------------------------------------

    public TrackedFollow follow(String id) {
        return follows.get(id);
    }

    public void put(TrackedFollow follow) {
        TrackedFollow previous = follows.put(follow.id(), follow);
        if (previous != null) {
            followsByTime.remove(new TimeKey(previous.follow().at(), previous.id()));
        }
        followsByTime.put(new TimeKey(follow.follow().at(), follow.id()), follow);
        followsByFollower
                .computeIfAbsent(follow.follow().followerRef(), k -> new LinkedHashSet<>())
                .add(follow.id());
    }

    /** Follows with {@code from ≤ at ≤ to}, oldest first (a copy: safe to re-decide while iterating). */
    public List<TrackedFollow> followsBetween(Instant from, Instant to) {
        return new ArrayList<>(followsByTime
                .subMap(new TimeKey(from, ""), true, new TimeKey(to, "\uffff"), true)
                .values());
    }

    public List<TrackedFollow> followsBy(String followerRef) {
        List<TrackedFollow> found = new ArrayList<>();
        for (String id : followsByFollower.getOrDefault(followerRef, Set.of())) {
            found.add(follows.get(id));
        }
        found.sort(Comparator.comparing((TrackedFollow f) -> f.follow().at()).thenComparing(TrackedFollow::id));
        return found;
    }

    public int followCount() {
        return follows.size();
    }

    public int nodeCount() {
        return byUri.size();
    }

    /** Forgets follows older than {@code before} (kept in storage; no longer re-decided). */
    public void forgetFollowsBefore(Instant before) {
        var old = followsByTime.headMap(new TimeKey(before, ""), false);
        for (TrackedFollow follow : old.values()) {
            follows.remove(follow.id());
            Set<String> ids = followsByFollower.get(follow.follow().followerRef());
            if (ids != null) {
                ids.remove(follow.id());
                if (ids.isEmpty()) {
                    followsByFollower.remove(follow.follow().followerRef());
                }
            }
        }
        old.clear();
    }
}
