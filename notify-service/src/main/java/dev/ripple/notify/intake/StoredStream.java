package dev.ripple.notify.intake;

import dev.ripple.notify.policy.StreamState;
import java.time.Instant;

/**
 * A stream row as loaded for update.
 *
 * @param watermark the watermark of the stream's partition (only filled by the scheduled flush), or null
 */
record StoredStream(long id, int partition, StreamState state, Instant watermark) {}
