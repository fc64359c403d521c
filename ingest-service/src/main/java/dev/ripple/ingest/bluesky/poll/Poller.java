package dev.ripple.ingest.bluesky.poll;

/** One watched account's polling source: a poll reads what is new, publishes it with the new cursor, or nothing. */
public interface Poller {

    /** The key of its cursor and health, e.g. {@code bluesky:did:plc:…:notifications}. */
    String sourceKey();

    /**
     * Reads what is new and commits it with the cursor.
     *
     * @return the number of events published
     * @throws dev.ripple.ingest.bluesky.xrpc.XrpcException when the platform failed (nothing was committed)
     * @throws dev.ripple.ingest.source.Checkpoints.CheckpointException when Kafka did not commit (nothing published)
     */
    int poll() throws InterruptedException;
}
