package dev.ripple.cascade.engine;

import dev.ripple.cascade.correlation.SubjectState;
import java.util.Collection;
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

    SubjectCache(long maxEntries) {
        this.maxEntries = maxEntries;
    }

    synchronized SubjectState get(String subject) {
        return states.get(subject);
    }

    synchronized void put(SubjectState state) {
        SubjectState previous = states.put(state.subjectRef(), state);
        if (previous != null) {
            held -= weight(previous);
        }
        held += weight(state);
        evict();
    }

    /** Re-weighs states that grew in a batch and evicts beyond the budget. */
    synchronized void touched(Collection<SubjectState> changed) {
        held = 0;
        for (SubjectState state : states.values()) {
            held += weight(state);
        }
        evict();
    }

    synchronized void evict(Collection<String> subjects) {
        for (String subject : subjects) {
            SubjectState removed = states.remove(subject);
            if (removed != null) {
                held -= weight(removed);
            }
        }
    }

    synchronized void clear() {
        states.clear();
        held = 0;
    }

    synchronized int size() {
        return states.size();
    }

    synchronized long held() {
        return held;
    }

    private void evict() {
        var iterator = states.entrySet().iterator();
        while (held > maxEntries && states.size() > 1 && iterator.hasNext()) {
            Map.Entry<String, SubjectState> eldest = iterator.next();
            held -= weight(eldest.getValue());
            iterator.remove();
        }
    }

    private static long weight(SubjectState state) {
        return 1L + state.nodeCount() + state.followCount();
    }
}
