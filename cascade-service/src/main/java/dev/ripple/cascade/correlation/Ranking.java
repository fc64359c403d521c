package dev.ripple.cascade.correlation;

import java.util.Comparator;

/** Deterministic ordering of candidates: a decision never depends on the order evidence arrived in. */
final class Ranking {

    /** Higher score wins; then the more recent share; then the lexically greater uri. */
    static final Comparator<Candidate> CANDIDATES = Comparator.comparingDouble(Candidate::score)
            .thenComparing(Candidate::at)
            .thenComparing(Candidate::uri);

    private Ranking() {}
}
