package dev.ripple.notify.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What changed in a feed since the last alert its subscriber received.
 *
 * @param newFollows follows counted since
 * @param withdrawn follows counted earlier that no longer count (reported as a negative {@code corrected})
 * @param minConfidence lowest confidence among the new follows, null when there are none
 * @param sample handles of the first few new followers who may be named
 * @param since event time of the first of these changes, null when there are none
 * @param contributors for subject feeds: who exposed the new followers, most first
 */
public record Pending(
        int newFollows,
        int withdrawn,
        Double minConfidence,
        List<String> sample,
        Instant since,
        List<Contributor> contributors) {

    /** How many follower handles an alert names at most. */
    public static final int SAMPLE_SIZE = 5;

    /** How many contributors a subject digest lists at most. */
    public static final int CONTRIBUTORS = 10;

    public static final Pending NONE = new Pending(0, 0, null, List.of(), null, List.of());

    public Pending {
        if (newFollows < 0 || withdrawn < 0) {
            throw new IllegalArgumentException("pending counts must not be negative");
        }
        sample = sample == null ? List.of() : List.copyOf(sample);
        contributors = contributors == null ? List.of() : List.copyOf(contributors);
    }

    public boolean isEmpty() {
        return newFollows == 0 && withdrawn == 0;
    }

    Pending with(Credit credit) {
        List<String> names = sample;
        if (credit.nameable()
                && names.size() < SAMPLE_SIZE
                && !names.contains(credit.follower().handle())) {
            names = new ArrayList<>(names);
            names.add(credit.follower().handle());
        }
        Double lowest = minConfidence == null ? credit.confidence() : Math.min(minConfidence, credit.confidence());
        List<Contributor> by = contributors;
        if (credit.exposer() != null) {
            by = new ArrayList<>(contributors);
            boolean found = false;
            for (int i = 0; i < by.size(); i++) {
                Contributor c = by.get(i);
                if (c.ref().equals(credit.exposer().ref())) {
                    by.set(i, new Contributor(c.ref(), credit.exposer().handle(), c.follows() + 1));
                    found = true;
                }
            }
            if (!found) {
                by.add(new Contributor(credit.exposer().ref(), credit.exposer().handle(), 1));
            }
            by.sort(Comparator.comparingInt(Contributor::follows).reversed().thenComparing(Contributor::handle));
            if (by.size() > CONTRIBUTORS) {
                by = by.subList(0, CONTRIBUTORS);
            }
        }
        return new Pending(newFollows + 1, withdrawn, lowest, names, earliest(credit.followedAt()), by);
    }

    Pending with(Withdrawal withdrawal) {
        return new Pending(
                newFollows, withdrawn + 1, minConfidence, sample, earliest(withdrawal.followedAt()), contributors);
    }

    private Instant earliest(Instant at) {
        return since == null || at.isBefore(since) ? at : since;
    }
}
