package dev.ripple.cascade.correlation;

import java.time.Instant;

/**
 * "A follows B", as following snapshots showed it.
 *
 * @param since when the follow was created, if the platform tells; null when unknown
 * @param firstObservedAt when a snapshot first listed it (the evidence's event time)
 */
public record Edge(Instant since, Instant firstObservedAt) {

    /** Whether the follow can have exposed its owner to something shared at {@code t}. */
    public boolean existedAt(Instant t) {
        return since == null || !since.isAfter(t);
    }
}
