package dev.ripple.cascade.engine;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** What one batch changed: counts for logs, metrics and tests. */
public final class BatchResult {

    int shares;
    int follows;
    int snapshots;
    int duplicates;
    int ignored;
    int decisions;
    int published;
    int moved;
    int reloaded;
    int engagements;
    int deletions;
    int subjects;
    final Map<String, Integer> decisionsByTier = new TreeMap<>();

    public int shares() {
        return shares;
    }

    public int follows() {
        return follows;
    }

    public int snapshots() {
        return snapshots;
    }

    public int duplicates() {
        return duplicates;
    }

    public int decisions() {
        return decisions;
    }

    public int published() {
        return published;
    }

    public int moved() {
        return moved;
    }

    /** Subjects whose state was (re)loaded from PostgreSQL: cache misses and stale entries. */
    public int reloaded() {
        return reloaded;
    }

    public int engagements() {
        return engagements;
    }

    /** Share deletions recorded (the shares stay in their cascades, marked deleted). */
    public int deletions() {
        return deletions;
    }

    /** Subjects the batch touched (each a cache hit, or a miss counted in {@link #reloaded()}). */
    public int subjects() {
        return subjects;
    }

    /** Decisions made or changed, by the tier of the new decision. */
    public Map<String, Integer> decisionsByTier() {
        return Collections.unmodifiableMap(decisionsByTier);
    }

    @Override
    public String toString() {
        return "shares=" + shares + " follows=" + follows + " snapshots=" + snapshots + " duplicates=" + duplicates
                + " ignored=" + ignored + " decisions=" + decisions + " published=" + published + " moved=" + moved
                + " reloaded=" + reloaded + " engagements=" + engagements + " deletions=" + deletions;
    }
}
