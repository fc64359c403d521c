package dev.ripple.ingest.source;

import dev.ripple.events.RippleEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A polling or streaming source's position in a platform's data, stored atomically with the events read up to it:
 * a crash can neither lose events (cursor ahead of them) nor repeat them (cursor behind them). Event ids are derived
 * from platform ids, so even a repeat from another path would be harmless downstream.
 */
public interface Checkpoints {

    /** The last committed cursor of a source (e.g. {@code mastodon:example.social:author@example.social:notifications}). */
    Optional<String> cursor(String sourceKey);

    /**
     * Publishes the events and moves the source's cursor, both or neither; blocks until committed.
     *
     * @param ceSource the CloudEvents {@code ce_source} of the events
     * @param cursor the position after these events (opaque to this interface; the source defines it)
     * @throws CheckpointException when the commit failed: nothing was published and the cursor did not move
     */
    default void commit(String sourceKey, String ceSource, List<? extends RippleEvent> events, String cursor) {
        commit(sourceKey, ceSource, events, cursor, List.of());
    }

    /**
     * Publishes the events, moves the source's cursor and applies the changes to what the source remembers, all or
     * nothing; blocks until committed.
     *
     * @param remembered changes to the source's remembered records that go with these events, in order
     * @throws CheckpointException when the commit failed: nothing was published, remembered or moved
     */
    void commit(
            String sourceKey,
            String ceSource,
            List<? extends RippleEvent> events,
            String cursor,
            List<Remembered> remembered);

    /**
     * Everything the source remembers, as committed (key → value); read from the store, so it may take a while: for
     * start-up and after a failed commit.
     *
     * @throws IllegalStateException when the store cannot be read in time
     */
    Map<String, String> remembered(String sourceKey);

    /** Forgets a source's cursor (its watch was removed); it starts from scratch if watched again. */
    void forget(String sourceKey);

    /**
     * A record a source keeps across restarts to make sense of later platform data (e.g. what a delete takes back).
     *
     * @param key unique within the source
     * @param value opaque to this interface; null forgets the record
     */
    record Remembered(String key, String value) {}

    /** The commit of events and cursor failed; nothing was published and the cursor did not move. */
    final class CheckpointException extends RuntimeException {
        public CheckpointException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
