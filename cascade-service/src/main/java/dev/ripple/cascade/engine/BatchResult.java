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

    @Override
    public String toString() {
        return "shares=" + shares + " follows=" + follows + " snapshots=" + snapshots + " duplicates=" + duplicates
                + " ignored=" + ignored + " decisions=" + decisions + " published=" + published;
    }
}
