package dev.ripple.cascade.correlation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the correlator changed: shares placed or moved, follow decisions made or changed, cascades touched, created or
 * merged. The storage layer persists it; the engine publishes the follow decisions.
 */
public final class Changes {

    /** A follow decision to store and publish; {@code previous} is the decision it replaces (null for the first). */
    public record Decided(TrackedFollow follow, Attribution previous) {}

    private final Map<String, Node> placed = new LinkedHashMap<>();
    private final Map<String, Node> moved = new LinkedHashMap<>();
    private final Map<String, Decided> decided = new LinkedHashMap<>();
    /** Follow ids in the order their decisions were made; a decision remade appears again. */
    private final List<String> decisionLog = new ArrayList<>();

    private final Set<String> touchedCascades = new LinkedHashSet<>();
    private final Map<String, String> mergedCascades = new LinkedHashMap<>();
    private final List<Object[]> engagements = new ArrayList<>();
    private int duplicates;

    /** Shares are identified by subject and uri: one post naming two accounts is a share in each subject. */
    private static String key(Node node) {
        return node.share().subjectRef() + "|" + node.uri();
    }

    void placed(Node node) {
        placed.put(key(node), node);
        touchedCascades.add(node.cascadeId());
    }

    void moved(Node before, Node after) {
        if (placed.containsKey(key(after))) {
            placed.put(key(after), after);
        } else {
            moved.put(key(after), after);
        }
        touchedCascades.add(before.cascadeId());
        touchedCascades.add(after.cascadeId());
    }

    void decided(TrackedFollow follow, Attribution previous) {
        Decided earlier = decided.get(follow.id());
        // Several changes in one batch publish as one: the latest decision, replacing what was published before.
        Attribution replaced = earlier != null ? earlier.previous() : previous;
        decided.put(follow.id(), new Decided(follow, replaced));
        decisionLog.add(follow.id());
        if (follow.decision().cascadeId() != null) {
            touchedCascades.add(follow.decision().cascadeId());
        }
        if (previous != null && previous.cascadeId() != null) {
            touchedCascades.add(previous.cascadeId());
        }
    }

    void merged(String from, String into) {
        mergedCascades.put(from, into);
        touchedCascades.add(into);
    }

    void engaged(String subjectRef, Engagement engagement) {
        engagements.add(new Object[] {subjectRef, engagement});
    }

    /** Engagements recorded, each as {subject ref, engagement}. */
    public List<Object[]> engagements() {
        return engagements;
    }

    void duplicate() {
        duplicates++;
    }

    public List<Node> placed() {
        return new ArrayList<>(placed.values());
    }

    public List<Node> moved() {
        return new ArrayList<>(moved.values());
    }

    public List<Decided> decided() {
        return new ArrayList<>(decided.values());
    }

    /** How many decisions were made (or remade) so far: a mark for {@link #decidedSince(int)}. */
    public int decisionMark() {
        return decisionLog.size();
    }

    /** Ids of the follows decided (or decided again) since the mark, in order, possibly repeated. */
    public List<String> decidedSince(int mark) {
        return decisionLog.subList(mark, decisionLog.size());
    }

    public Set<String> touchedCascades() {
        return touchedCascades;
    }

    /** Cascades that lost their root to a late parent: old id → the cascade they joined. */
    public Map<String, String> mergedCascades() {
        return mergedCascades;
    }

    public int duplicates() {
        return duplicates;
    }

    public boolean isEmpty() {
        return placed.isEmpty() && moved.isEmpty() && decided.isEmpty();
    }
}
