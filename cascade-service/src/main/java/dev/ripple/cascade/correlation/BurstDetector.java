package dev.ripple.cascade.correlation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Follow bursts of one subject account (tier F4, Myers &amp; Leskovec style). The baseline λ0 is the median of the
 * hourly new-follow counts over the trailing 14 days, hours with bursts left out. A burst is a one-minute window whose
 * count reaches {@code max(5, the Poisson 99.9 % quantile of λ0/60)}. A follow inside a burst that has no individual
 * exposure gets cascade-level credit with probability = the window's excess fraction {@code (N − λ0/60) / N}.
 *
 * <p>Everything is on event time, and whether a follow is in a burst depends only on the set of follows (not on the
 * order they arrived in).
 */
public final class BurstDetector {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration BASELINE = Duration.ofDays(14);
    static final int MIN_BURST = 5;

    /** Follows per hour (epoch hour → count), for the baseline. */
    private final NavigableMap<Long, Integer> hourly = new TreeMap<>();
    /** Recent follow times (kept for two windows before the newest), for burst windows. */
    private final NavigableMap<Instant, Integer> recent = new TreeMap<>();
    /** Hours that contained a burst: left out of the baseline. */
    private final java.util.Set<Long> burstHours = new java.util.HashSet<>();
    /** The baseline for {@link #cachedHour}; recomputed when history before that hour changes. */
    private long cachedHour = Long.MIN_VALUE;

    private double cachedBaseline;

    /** A follow happened at {@code at}. */
    public void record(Instant at) {
        long hour = hour(at);
        if (hour < cachedHour) {
            cachedHour = Long.MIN_VALUE;
        }
        hourly.merge(hour, 1, Integer::sum);
        recent.merge(at, 1, Integer::sum);
        Instant newest = recent.lastKey();
        recent.headMap(newest.minus(WINDOW.multipliedBy(30)), false).clear();
        hourly.headMap(hour(newest.minus(BASELINE)) - 1, false).clear();
    }

    /** Loads history (epoch hour → follows) for a subject read back from storage. */
    public void loadHourly(Map<Long, Integer> counts) {
        counts.forEach((hour, count) -> hourly.merge(hour, count, Integer::sum));
        cachedHour = Long.MIN_VALUE;
    }

    /** The burst the follow at {@code at} falls in, if any. */
    public Burst burstAt(Instant at) {
        double lambdaPerMinute = baselinePerHour(at) / 60.0;
        int threshold = Math.max(MIN_BURST, poissonQuantile(lambdaPerMinute, 0.999));
        // Any one-minute window containing `at` whose count reaches the threshold.
        Burst found = null;
        for (Instant start : recent.subMap(at.minus(WINDOW), true, at, true).keySet()) {
            int count = count(start, start.plus(WINDOW));
            if (count >= threshold && (found == null || count > found.count())) {
                found = new Burst(start, count, lambdaPerMinute, Math.max(0, (count - lambdaPerMinute) / count));
            }
        }
        if (found != null && burstHours.add(hour(found.start())) && hour(found.start()) < cachedHour) {
            cachedHour = Long.MIN_VALUE;
        }
        return found;
    }

    /**
     * A detected burst.
     *
     * @param excessFraction the share of its follows above the baseline: the probability a follow in it came from
     *     the cascade rather than the usual rate
     */
    public record Burst(Instant start, int count, double baselinePerMinute, double excessFraction) {}

    private int count(Instant fromInclusive, Instant toInclusive) {
        int count = 0;
        for (int n : recent.subMap(fromInclusive, true, toInclusive, true).values()) {
            count += n;
        }
        return count;
    }

    /** λ0 at {@code at}: the median hourly count over the 14 days before, burst hours and the current hour excluded. */
    double baselinePerHour(Instant at) {
        long now = hour(at);
        if (now == cachedHour) {
            return cachedBaseline;
        }
        cachedBaseline = computeBaseline(now, at);
        cachedHour = now;
        return cachedBaseline;
    }

    private double computeBaseline(long now, Instant at) {
        long from = hour(at.minus(BASELINE));
        List<Integer> counts = new ArrayList<>();
        Map<Long, Integer> seen = new HashMap<>(hourly.subMap(from, true, now, false));
        if (seen.isEmpty()) {
            return 0;
        }
        // Hours with no follow count as 0 from the first hour with history on.
        long first = seen.keySet().stream().mapToLong(Long::longValue).min().orElse(now);
        for (long h = first; h < now; h++) {
            if (!burstHours.contains(h)) {
                counts.add(seen.getOrDefault(h, 0));
            }
        }
        if (counts.isEmpty()) {
            return 0;
        }
        counts.sort(Integer::compare);
        int n = counts.size();
        return n % 2 == 1 ? counts.get(n / 2) : (counts.get(n / 2 - 1) + counts.get(n / 2)) / 2.0;
    }

    /** The smallest k with P(X ≤ k) ≥ p for X ~ Poisson(λ). */
    static int poissonQuantile(double lambda, double p) {
        if (lambda <= 0) {
            return 0;
        }
        double term = Math.exp(-lambda);
        double cumulative = term;
        int k = 0;
        while (cumulative < p && k < 100_000) {
            k++;
            term *= lambda / k;
            cumulative += term;
        }
        return k;
    }

    private static long hour(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 3600);
    }
}
