package dev.ripple.ingest.replay;

import java.time.Instant;
import java.util.List;

/**
 * Where a replay stands, as a snapshot.
 *
 * @param input what is being replayed (a file path, or the request body)
 * @param speed N × real time; 0 = as fast as possible
 * @param linesRead lines read so far, blank and rejected ones included
 * @param published events Kafka acknowledged, per scenario type (duplicates included: they are published again)
 * @param failed events Kafka did not accept; the replay stops reading at the first such failure
 * @param rejected lines that are not valid events (skipped; the replay goes on)
 * @param duplicates events whose id appeared earlier in the same replay
 * @param rejections the first {@value ReplayTally#MAX_REJECTIONS} rejected lines with their reasons
 * @param error why the replay failed; null unless {@code status} is FAILED
 */
public record ReplayReport(
        String id,
        ReplayStatus status,
        String input,
        double speed,
        long linesRead,
        Published published,
        long failed,
        long rejected,
        long duplicates,
        List<Rejection> rejections,
        Instant startedAt,
        Instant finishedAt,
        String error) {

    public ReplayReport {
        rejections = List.copyOf(rejections);
    }

    /** Events acknowledged by Kafka, per {@code type} of the scenario format. */
    public record Published(long share, long follow, long following) {

        public long total() {
            return share + follow + following;
        }
    }

    /**
     * A line that is not a valid event.
     *
     * @param line 1-based line number in the input
     */
    public record Rejection(long line, String reason) {}
}
