package dev.ripple.ingest.mastodon;

import dev.ripple.events.RippleEvent;
import dev.ripple.ingest.source.Checkpoints;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Real checkpoints that "crash the process" at the n-th commit carrying events: that commit and every later one fail
 * without reaching Kafka, as if the process had died after reading a page and before committing it.
 */
final class CrashingCheckpoints implements Checkpoints {

    private final Checkpoints delegate;
    private final int crashAt;
    private int withEvents;
    private volatile boolean crashed;
    private volatile List<RippleEvent> lost = List.of();

    CrashingCheckpoints(Checkpoints delegate, int crashAt) {
        this.delegate = delegate;
        this.crashAt = crashAt;
    }

    @Override
    public Optional<String> cursor(String sourceKey) {
        return delegate.cursor(sourceKey);
    }

    @Override
    public synchronized void commit(
            String sourceKey,
            String ceSource,
            List<? extends RippleEvent> events,
            String cursor,
            List<Remembered> remembered) {
        if (!crashed && !events.isEmpty() && ++withEvents == crashAt) {
            lost = List.copyOf(events);
            crashed = true;
        }
        if (crashed) {
            throw new CheckpointException("the process died (simulated)", null);
        }
        delegate.commit(sourceKey, ceSource, events, cursor, remembered);
    }

    @Override
    public Map<String, String> remembered(String sourceKey) {
        return delegate.remembered(sourceKey);
    }

    @Override
    public void forget(String sourceKey) {
        delegate.forget(sourceKey);
    }

    boolean crashed() {
        return crashed;
    }

    List<RippleEvent> lostEvents() {
        return lost;
    }
}
