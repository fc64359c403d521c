package dev.ripple.ingest.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of every live source (one per watched account), as {@code /health} shows it: when it last polled
 * successfully, its last error, how old its cursor is, what it is waiting for. Sources report here; nothing here
 * decides anything. Platform-neutral.
 */
public final class SourceHealth {

    /** What a source is doing, in one word. */
    public enum State {
        /** Registered, not polled yet. */
        STARTING,
        /** The last poll succeeded. */
        OK,
        /** Waiting for a rate-limit window to reset (not an error). */
        RATE_LIMITED,
        /** The last poll failed (network, server error, bad data, Kafka); retried with back-off. */
        FAILING,
        /** The platform rejected the credentials, or they cannot be read; retried slowly. */
        AUTH_FAILED,
        /** The watched account does not exist where it was looked for; retried slowly. */
        NOT_FOUND
    }

    /**
     * One source's state.
     *
     * @param cursorAge how long ago the cursor last moved (null before it first moved)
     * @param lag how long ago the source last caught up with everything the platform had (null before the first time)
     * @param notes standing conditions worth knowing (a hidden follower list, a partial view), by topic
     */
    public record Status(
            String key,
            String platform,
            String account,
            String mode,
            State state,
            Instant lastPollAt,
            Instant lastSuccessAt,
            Instant lastErrorAt,
            String lastError,
            long consecutiveFailures,
            Instant cursorUpdatedAt,
            Duration cursorAge,
            Instant newestEventAt,
            Instant caughtUpAt,
            Duration lag,
            Instant nextPollAt,
            Map<String, String> notes) {}

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public SourceHealth(Clock clock) {
        this.clock = clock;
    }

    public void register(String key, String platform, String account, String mode) {
        entries.put(key, new Entry(key, platform, account, mode));
    }

    public void remove(String key) {
        entries.remove(key);
    }

    /** A poll turn ended without error; {@code caughtUp}: the source has everything the platform had. */
    public void succeeded(String key, boolean caughtUp) {
        with(key, entry -> {
            Instant now = clock.instant();
            entry.state = State.OK;
            entry.lastPollAt = now;
            entry.lastSuccessAt = now;
            entry.consecutiveFailures = 0;
            if (caughtUp) {
                entry.caughtUpAt = now;
            }
        });
    }

    public void failed(String key, State state, String message) {
        with(key, entry -> {
            Instant now = clock.instant();
            entry.state = state;
            entry.lastPollAt = now;
            entry.lastErrorAt = now;
            entry.lastError = message;
            entry.consecutiveFailures++;
        });
    }

    public void rateLimited(String key) {
        with(key, entry -> {
            entry.state = State.RATE_LIMITED;
            entry.lastPollAt = clock.instant();
        });
    }

    /** The cursor moved; {@code newestEventAt} is the platform time of the newest item it now covers (or null). */
    public void cursorMoved(String key, Instant newestEventAt) {
        with(key, entry -> {
            entry.cursorUpdatedAt = clock.instant();
            if (newestEventAt != null && (entry.newestEventAt == null || newestEventAt.isAfter(entry.newestEventAt))) {
                entry.newestEventAt = newestEventAt;
            }
        });
    }

    public void nextPoll(String key, Instant at) {
        with(key, entry -> entry.nextPollAt = at);
    }

    /** Sets (or, with a null message, clears) a standing note about the source. */
    public void note(String key, String topic, String message) {
        with(key, entry -> {
            if (message == null) {
                entry.notes.remove(topic);
            } else {
                entry.notes.put(topic, message);
            }
        });
    }

    public Optional<Status> status(String key) {
        Entry entry = entries.get(key);
        return entry == null ? Optional.empty() : Optional.of(entry.snapshot(clock.instant()));
    }

    public List<Status> all() {
        Instant now = clock.instant();
        return entries.values().stream()
                .map(entry -> entry.snapshot(now))
                .sorted(Comparator.comparing(Status::key))
                .toList();
    }

    private void with(String key, java.util.function.Consumer<Entry> change) {
        Entry entry = entries.get(key);
        if (entry != null) {
            synchronized (entry) {
                change.accept(entry);
            }
        }
    }

    private static final class Entry {
        final String key;
        final String platform;
        final String account;
        final String mode;
        State state = State.STARTING;
        Instant lastPollAt;
        Instant lastSuccessAt;
        Instant lastErrorAt;
        String lastError;
        long consecutiveFailures;
        Instant cursorUpdatedAt;
        Instant newestEventAt;
        Instant caughtUpAt;
        Instant nextPollAt;
        final Map<String, String> notes = new TreeMap<>();

        Entry(String key, String platform, String account, String mode) {
            this.key = key;
            this.platform = platform;
            this.account = account;
            this.mode = mode;
        }

        synchronized Status snapshot(Instant now) {
            return new Status(
                    key,
                    platform,
                    account,
                    mode,
                    state,
                    lastPollAt,
                    lastSuccessAt,
                    lastErrorAt,
                    lastError,
                    consecutiveFailures,
                    cursorUpdatedAt,
                    cursorUpdatedAt == null ? null : Duration.between(cursorUpdatedAt, now),
                    newestEventAt,
                    caughtUpAt,
                    caughtUpAt == null ? null : Duration.between(caughtUpAt, now),
                    nextPollAt,
                    Map.copyOf(notes));
        }
    }
}
