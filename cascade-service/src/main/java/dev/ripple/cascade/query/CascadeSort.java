package dev.ripple.cascade.query;

/** The orders a cascade list can be sorted in; always descending, ties broken by id (descending). */
public enum CascadeSort {
    /** Most recently active first ({@code last_activity_at}). */
    RECENT("last_activity_at"),
    /** Most shares first. */
    SIZE("size"),
    /** Most attributed follows first. */
    FOLLOWS("attributed_follows"),
    /** Most viral shape first (structural virality, the mean distance between two shares of the tree). */
    VIRALITY("structural_virality");

    private final String column;

    CascadeSort(String column) {
        this.column = column;
    }

    /** The column this sort orders by; a constant, never user input. */
    String column() {
        return column;
    }
}
