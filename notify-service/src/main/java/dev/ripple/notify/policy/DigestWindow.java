package dev.ripple.notify.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An open digest window: changes gathered into the stream's next alert.
 *
 * @param start event time of the change that opened it
 * @param end {@code start} plus the digest window; changes whose follow happened before it join
 * @param openedAt wall-clock time at which it was opened, for the {@code max-wait} bound
 * @param newFollows credits gathered
 * @param withdrawals earlier credits withdrawn meanwhile (reported as a negative {@code corrected})
 * @param minConfidence lowest confidence among the gathered credits, null when there are none
 * @param sampleFollowers handles of the first few followers gathered
 */
public record DigestWindow(
        Instant start,
        Instant end,
        Instant openedAt,
        int newFollows,
        int withdrawals,
        Double minConfidence,
        List<String> sampleFollowers) {

    /** How many follower handles an alert carries. */
    public static final int SAMPLE_SIZE = 5;

    public DigestWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(openedAt, "openedAt");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window end " + end + " must be after its start " + start);
        }
        if (newFollows < 0 || withdrawals < 0) {
            throw new IllegalArgumentException("window counts must not be negative");
        }
        sampleFollowers = sampleFollowers == null ? List.of() : List.copyOf(sampleFollowers);
    }

    static DigestWindow open(Instant start, Instant end, Instant openedAt) {
        return new DigestWindow(start, end, openedAt, 0, 0, null, List.of());
    }

    DigestWindow with(Credit credit) {
        List<String> sample = sampleFollowers;
        if (sample.size() < SAMPLE_SIZE) {
            sample = new ArrayList<>(sample);
            sample.add(credit.follower().handle());
        }
        Double lowest = minConfidence == null ? credit.confidence() : Math.min(minConfidence, credit.confidence());
        return new DigestWindow(start, end, openedAt, newFollows + 1, withdrawals, lowest, sample);
    }

    DigestWindow with(Withdrawal withdrawal) {
        return new DigestWindow(start, end, openedAt, newFollows, withdrawals + 1, minConfidence, sampleFollowers);
    }
}
