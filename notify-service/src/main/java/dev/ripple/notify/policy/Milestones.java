package dev.ripple.notify.policy;

/** The milestone ladder: 10, 25, 50, then ×10 of each (100, 250, 500, 1000, 2500, 5000, …). */
public final class Milestones {

    private Milestones() {}

    /** The highest milestone at or below {@code total}, or 0 below 10. */
    public static int reachedBy(int total) {
        int reached = 0;
        long scale = 10;
        while (true) {
            for (int step : new int[] {10, 25, 50}) {
                long milestone = step * scale / 10;
                if (milestone > total) {
                    return reached;
                }
                reached = (int) milestone;
            }
            scale *= 10;
        }
    }
}
