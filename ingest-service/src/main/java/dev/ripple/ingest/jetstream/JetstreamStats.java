package dev.ripple.ingest.jetstream;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the Jetstream source has seen, for metrics and health. Thread-safe. */
public final class JetstreamStats {

    public final LongAdder frames = new LongAdder();
    /** Frames that named a watched DID (or were deletes of remembered records) and were parsed. */
    public final LongAdder parsed = new LongAdder();

    public final LongAdder events = new LongAdder();
    /** Events not published again because the overlap after a reconnect replayed their frames. */
    public final LongAdder duplicates = new LongAdder();

    public final Map<String, LongAdder> malformed = new ConcurrentHashMap<>();
    /** Deletes of records whose create was seen, by kind ({@code RESHARE}, {@code LIKE}, {@code FOLLOW}, …). */
    public final Map<String, LongAdder> deletes = new ConcurrentHashMap<>();

    public final LongAdder reconnects = new LongAdder();
    public final LongAdder commits = new LongAdder();
    public final AtomicLong lastTimeUs = new AtomicLong(-1);
    public final AtomicLong queued = new AtomicLong();

    private final Deque<String> lastProblems = new ArrayDeque<>();

    void malformed(String category, String detail) {
        malformed.computeIfAbsent(category, ignored -> new LongAdder()).increment();
        synchronized (lastProblems) {
            lastProblems.addFirst(category + ": " + detail);
            while (lastProblems.size() > 10) {
                lastProblems.removeLast();
            }
        }
    }

    void deleted(String kind) {
        deletes.computeIfAbsent(kind, ignored -> new LongAdder()).increment();
    }

    public long malformedTotal() {
        return malformed.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The last problems, newest first, for the health details. */
    public List<String> lastProblems() {
        synchronized (lastProblems) {
            return List.copyOf(lastProblems);
        }
    }
}
