package dev.ripple.ingest.jetstream.live;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.time.Duration;

/**
 * How the Jetstream source runs ({@code ripple.jetstream.*}; what it subscribes to is in the watch file).
 *
 * @param queueCapacity {@code RIPPLE_JETSTREAM_QUEUE_CAPACITY}: frames read ahead of processing at most; beyond it the
 *     socket stops reading (back-pressure)
 * @param batchSize {@code RIPPLE_JETSTREAM_BATCH_SIZE}: events committed with the cursor at most at once
 * @param commitInterval {@code RIPPLE_JETSTREAM_COMMIT_INTERVAL}: pending events are committed at least this often
 * @param cursorInterval {@code RIPPLE_JETSTREAM_CURSOR_INTERVAL}: with no events, the cursor alone is committed this
 *     often (so a restart does not re-read a long quiet stretch)
 * @param overlap {@code RIPPLE_JETSTREAM_OVERLAP}: a reconnect resumes this far before the last processed frame
 * @param connectTimeout {@code RIPPLE_JETSTREAM_CONNECT_TIMEOUT}
 * @param backoffMin {@code RIPPLE_JETSTREAM_BACKOFF_MIN}: first wait before reconnecting, doubled up to
 * @param backoffMax {@code RIPPLE_JETSTREAM_BACKOFF_MAX}
 * @param indexCapacity {@code RIPPLE_JETSTREAM_INDEX_CAPACITY}: records remembered to make sense of deletes (those of
 *     shares also in the compacted topic {@code ripple.ingest.remembered.v1}, so they survive a restart); 0 turns
 *     delete recognition off
 */
@Context
@ConfigurationProperties("ripple.jetstream")
public record JetstreamSettings(
        int queueCapacity,
        int batchSize,
        Duration commitInterval,
        Duration cursorInterval,
        Duration overlap,
        Duration connectTimeout,
        Duration backoffMin,
        Duration backoffMax,
        int indexCapacity) {

    public JetstreamSettings {
        require(queueCapacity >= 1 && queueCapacity <= 1_000_000, "queue-capacity", "QUEUE_CAPACITY", "1..1000000");
        require(batchSize >= 1 && batchSize <= 10_000, "batch-size", "BATCH_SIZE", "1..10000");
        require(positive(commitInterval), "commit-interval", "COMMIT_INTERVAL", "> 0");
        require(positive(cursorInterval), "cursor-interval", "CURSOR_INTERVAL", "> 0");
        require(overlap != null && !overlap.isNegative() && overlap.toMinutes() <= 60, "overlap", "OVERLAP", "0..60m");
        require(positive(connectTimeout), "connect-timeout", "CONNECT_TIMEOUT", "> 0");
        require(positive(backoffMin), "backoff-min", "BACKOFF_MIN", "> 0");
        require(
                positive(backoffMax) && backoffMax.compareTo(backoffMin) >= 0,
                "backoff-max",
                "BACKOFF_MAX",
                ">= backoff-min");
        // Every kept entry is read back from Kafka at start-up and held in memory (about 1 KB each): a bound.
        require(indexCapacity >= 0 && indexCapacity <= 1_000_000, "index-capacity", "INDEX_CAPACITY", "0..1000000");
    }

    private static boolean positive(Duration duration) {
        return duration != null && duration.isPositive();
    }

    private static void require(boolean ok, String key, String env, String range) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "ripple.jetstream." + key + " (RIPPLE_JETSTREAM_" + env + ") must be " + range);
        }
    }
}
