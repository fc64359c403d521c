package dev.ripple.cascade.engine;

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

    @Override
    public String toString() {
        return "shares=" + shares + " follows=" + follows + " snapshots=" + snapshots + " duplicates=" + duplicates
                + " ignored=" + ignored + " decisions=" + decisions + " published=" + published + " moved=" + moved
                + " reloaded=" + reloaded + " engagements=" + engagements + " deletions=" + deletions;
    }
}
