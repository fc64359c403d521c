package dev.ripple.cascade.engine;

import dev.ripple.cascade.correlation.SubjectState;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The subjects' correlation states, least recently used evicted first once the shares and follows held pass a budget.
 * A state missing here, or whose version differs from the stored one, is rebuilt from PostgreSQL.
 */
final class SubjectCache {

    private final long maxEntries;
    private long held;
    private final LinkedHashMap<String, SubjectState> states = new LinkedHashMap<>(1024, 0.75f, true);
    private final Map<String, Long> weights = new HashMap<>();

    SubjectCache(long maxEntries) {
        this.maxEntries = maxEntries;
    }

    synchronized SubjectState get(String subject) {
        return states.get(subject);
    }

    synchronized void put(SubjectState state) {
        states.put(state.subjectRef(), state);
        reweigh(state);
        evict();
    }

    /** States that grew or shrank in a batch: their weights are updated, and the cache trimmed to its budget. */
    synchronized void touched(Collection<SubjectState> changed) {
        for (SubjectState state : changed) {
            if (states.get(state.subjectRef()) == state) {
                reweigh(state);
            }
        }
        evict();
    }

    synchronized void evict(Collection<String> subjects) {
        for (String subject : subjects) {
            remove(subject);
        }
    }

    synchronized void clear() {
        states.clear();
        weights.clear();
        held = 0;
    }

    synchronized int size() {
        return states.size();
    }

    synchronized long held() {
        return held;
    }

    private void reweigh(SubjectState state) {
        long weight = 1L + state.nodeCount() + state.followCount();
        Long previous = weights.put(state.subjectRef(), weight);
        held += weight - (previous == null ? 0 : previous);
    }

    private void remove(String subject) {
        states.remove(subject);
        Long weight = weights.remove(subject);
        if (weight != null) {
            held -= weight;
        }
    }

    private void evict() {
        var iterator = states.entrySet().iterator();
        while (held > maxEntries && states.size() > 1 && iterator.hasNext()) {
            String eldest = iterator.next().getKey();
            iterator.remove();
            Long weight = weights.remove(eldest);
            if (weight != null) {
                held -= weight;
            }
        }
    }
}
