package dev.ripple.ingest.jetstream.live;

import dev.ripple.events.RippleEvent;
import dev.ripple.ingest.bluesky.AccountDirectory;
import dev.ripple.ingest.bluesky.RecentSharers;
import dev.ripple.ingest.bluesky.RecordIndex;
import dev.ripple.ingest.bluesky.RecordMapper;
import dev.ripple.ingest.bluesky.config.BlueskyWatchList;
import dev.ripple.ingest.jetstream.FileFrames;
import dev.ripple.ingest.jetstream.FrameSource;
import dev.ripple.ingest.jetstream.JetstreamCursor;
import dev.ripple.ingest.jetstream.JetstreamProcessor;
import dev.ripple.ingest.jetstream.JetstreamStats;
import dev.ripple.ingest.source.Checkpoints;
import dev.ripple.ingest.watch.JetstreamWatch;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.order.Ordered;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetstream source: subscribes to the watch file's Jetstream ({@code wantedCollections} = its collections), keeps
 * what concerns the watched accounts ({@link JetstreamProcessor}) and commits the events with the {@code time_us}
 * cursor in small batches (every {@code batch-size} events or {@code commit-interval}). After a disconnect or a
 * restart it resumes from the committed cursor minus {@code overlap}; the overlap's events are recognised and not
 * published twice. Connection failures are retried with exponential backoff and jitter. A {@code file:} URL replays a
 * recorded JSON Lines file of frames through the same path, once.
 */
@Singleton
public final class JetstreamSource implements ApplicationEventListener<StartupEvent>, Ordered {

    public static final String SOURCE_KEY = "bluesky:jetstream";
    public static final String CE_SOURCE = "/ripple/ingest/jetstream";

    private static final Logger log = LoggerFactory.getLogger(JetstreamSource.class);

    private final BlueskyWatchList watchList;
    private final BeanProvider<Checkpoints> checkpoints;
    private final JetstreamSettings settings;
    private final RecentSharers sharers;
    private final RecordIndex index;
    private final JetstreamProcessor processor;
    private final JetstreamStats stats = new JetstreamStats();
    private final HttpClient http = HttpClient.newBuilder().build();
    private final Object changed = new Object();
    private volatile Thread thread;
    private volatile boolean running;
    private volatile JetstreamWatch active;
    private volatile FrameSource current;
    private volatile String state = "idle";
    private volatile String lastError;
    private volatile Instant lastCommit;
    private volatile boolean replayed;
    /** False until the committed cursor and record index are loaded, and again after a commit failed. */
    private volatile boolean restored;

    public JetstreamSource(
            BlueskyWatchList watchList,
            BeanProvider<Checkpoints> checkpoints,
            JetstreamSettings settings,
            RecordMapper mapper,
            AccountDirectory accounts,
            RecentSharers sharers) {
        this.watchList = watchList;
        this.checkpoints = checkpoints;
        this.settings = settings;
        this.sharers = sharers;
        this.index = new RecordIndex(settings.indexCapacity());
        this.processor = new JetstreamProcessor(
                mapper, accounts, index, stats, settings.overlap().toNanos() / 1000);
    }

    /** After the topics exist (the topic provisioner listens at order 0), never before settings are validated. */
    @Override
    public int getOrder() {
        return 100;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        start();
    }

    void start() {
        running = true;
        watchList.addListener(this::onWatchChange);
        thread = Thread.ofPlatform().name("jetstream").daemon().start(this::run);
    }

    private void onWatchChange() {
        JetstreamWatch next = watchList.jetstream();
        processor.watch(watchList.watched(), next.collections());
        if (!Objects.equals(next, active)) {
            // A different stream: drop the connection; the loop reconnects to the new one.
            FrameSource open = current;
            if (open != null) {
                open.close();
            }
        }
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    public JetstreamStats stats() {
        return stats;
    }

    private void run() {
        processor.watch(watchList.watched(), watchList.jetstream().collections());
        Duration backoff = settings.backoffMin();
        while (running) {
            JetstreamWatch watch = watchList.jetstream();
            try {
                if (!watch.enabled() || processor.watched().isEmpty() || (isFile(watch) && replayed)) {
                    state = watch.enabled() ? "idle (no watched account)" : "disabled";
                    waitForChange();
                    continue;
                }
                if (!restored) {
                    restore();
                    restored = true;
                }
                active = watch;
                if (consume(watch)) {
                    backoff = settings.backoffMin();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                lastError = e.toString();
                log.error("Jetstream source failed; reconnecting in {}", backoff, e);
            }
            if (!running) {
                return;
            }
            if (!isFile(watch)) {
                state = "reconnecting in " + backoff;
                stats.reconnects.increment();
                try {
                    sleepOrChange(jittered(backoff));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(settings.backoffMax()) > 0
                        ? settings.backoffMax()
                        : backoff.multipliedBy(2);
            }
        }
    }

    /** Reads one connection (or file) to its end; true when it delivered frames (the backoff starts over). */
    private boolean consume(JetstreamWatch watch) throws InterruptedException {
        long from = processor.timeUs() < 0
                ? -1
                : processor.timeUs() - settings.overlap().toNanos() / 1000;
        FrameSource source;
        try {
            source = open(watch, from);
        } catch (FrameSource.Ended e) {
            lastError = e.getMessage();
            log.warn("Jetstream: {}", e.getMessage());
            return false;
        }
        current = source;
        state = "connected";
        log.info("Jetstream: reading {} from {}", watch.url(), from < 0 ? "the live tip" : "time_us " + from);
        List<RippleEvent> pending = new ArrayList<>();
        long lastCommitNanos = System.nanoTime();
        long committedTime = processor.timeUs();
        boolean delivered = false;
        try (source) {
            while (running) {
                String frame;
                try {
                    frame = source.next(settings.commitInterval());
                } catch (FrameSource.Ended e) {
                    if (e.normal()) {
                        replayed = true;
                        log.info("Jetstream: {}", e.getMessage());
                    } else {
                        lastError = e.getMessage();
                        log.warn("Jetstream: {}", e.getMessage());
                    }
                    break;
                }
                if (frame != null) {
                    delivered = true;
                    pending.addAll(processor.process(frame).events());
                }
                long sinceCommit = System.nanoTime() - lastCommitNanos;
                boolean due = pending.size() >= settings.batchSize()
                        || (!pending.isEmpty()
                                && sinceCommit >= settings.commitInterval().toNanos())
                        || (processor.timeUs() != committedTime
                                && sinceCommit >= settings.cursorInterval().toNanos());
                if (due) {
                    commit(pending);
                    pending.clear();
                    committedTime = processor.timeUs();
                    lastCommitNanos = System.nanoTime();
                }
            }
            if (!pending.isEmpty() || processor.timeUs() != committedTime) {
                commit(pending);
            }
        } catch (Checkpoints.CheckpointException e) {
            lastError = e.getMessage();
            log.error("Jetstream: {}; resuming from the last committed cursor and record index", e.getMessage());
            restored = false;
            return false;
        } finally {
            current = null;
        }
        return delivered;
    }

    private FrameSource open(JetstreamWatch watch, long fromTimeUs) throws FrameSource.Ended, InterruptedException {
        if (isFile(watch)) {
            return new FileFrames(Path.of(watch.url()), fromTimeUs);
        }
        return WebSocketFrames.connect(
                http,
                subscribeUri(watch, fromTimeUs),
                settings.queueCapacity(),
                settings.connectTimeout(),
                stats.queued);
    }

    static URI subscribeUri(JetstreamWatch watch, long cursor) {
        StringBuilder uri = new StringBuilder(watch.url().toString());
        char separator = uri.indexOf("?") < 0 ? '?' : '&';
        for (String collection : watch.collections()) {
            uri.append(separator)
                    .append("wantedCollections=")
                    .append(URLEncoder.encode(collection, StandardCharsets.UTF_8));
            separator = '&';
        }
        if (cursor >= 0) {
            uri.append(separator).append("cursor=").append(cursor);
        }
        return URI.create(uri.toString());
    }

    /** The events, the cursor after them and the record index's changes from the same frames, in one transaction. */
    private void commit(List<RippleEvent> events) {
        JetstreamCursor cursor = processor.cursor();
        List<Checkpoints.Remembered> remembered = index.changes().stream()
                .map(change -> new Checkpoints.Remembered(change.uri(), change.entry()))
                .toList();
        checkpoints.get().commit(SOURCE_KEY, CE_SOURCE, List.copyOf(events), cursor.encode(), remembered);
        sharers.record(events);
        stats.commits.increment();
        lastCommit = Instant.now();
    }

    /**
     * Back to the committed state: the cursor, and the record index as committed with it (so a delete of a share
     * created before a restart, or before a failed commit, is still recognised). Fails, and is retried, rather than
     * reading frames with an index that is not the committed one.
     */
    private void restore() {
        RecordIndex.Restored restored = index.restore(checkpoints.get().remembered(SOURCE_KEY));
        if (restored.overflow() > 0 || restored.unreadable() > 0) {
            log.warn(
                    "Jetstream: {} remembered records restored; {} beyond ripple.jetstream.index-capacity and {} "
                            + "unreadable ones forgotten (their deletes will not be recognised)",
                    restored.loaded(),
                    restored.overflow(),
                    restored.unreadable());
        } else {
            log.info("Jetstream: {} remembered records restored", restored.loaded());
        }
        JetstreamCursor cursor = checkpoints
                .get()
                .cursor(SOURCE_KEY)
                .map(text -> {
                    try {
                        return JetstreamCursor.decode(text);
                    } catch (IllegalArgumentException e) {
                        log.warn(
                                "Jetstream: ignoring an unreadable committed cursor ({}); starting live",
                                e.getMessage());
                        return JetstreamCursor.START;
                    }
                })
                .orElse(JetstreamCursor.START);
        processor.restore(cursor);
    }

    private static boolean isFile(JetstreamWatch watch) {
        return "file".equals(watch.url().getScheme());
    }

    private static Duration jittered(Duration backoff) {
        long millis = backoff.toMillis();
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    private void waitForChange() throws InterruptedException {
        synchronized (changed) {
            changed.wait(5_000);
        }
    }

    private void sleepOrChange(Duration duration) throws InterruptedException {
        synchronized (changed) {
            changed.wait(Math.max(1, duration.toMillis()));
        }
    }

    /** For health: where the source stands. */
    public Map<String, Object> describe() {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("state", state);
        JetstreamWatch watch = active;
        details.put("url", watch == null ? null : watch.url().toString());
        details.put("cursorTimeUs", processor.timeUs());
        details.put(
                "lagSeconds",
                processor.timeUs() < 0 ? null : (System.currentTimeMillis() * 1000 - processor.timeUs()) / 1_000_000);
        details.put("frames", stats.frames.sum());
        details.put("events", stats.events.sum());
        details.put("malformed", stats.malformedTotal());
        details.put("queued", stats.queued.get());
        details.put("reconnects", stats.reconnects.sum());
        details.put("lastCommit", lastCommit);
        details.put("lastError", lastError);
        details.put("lastProblems", stats.lastProblems());
        return details;
    }

    public boolean healthy() {
        return !state.startsWith("reconnecting") || lastError == null;
    }

    @PreDestroy
    void stop() {
        running = false;
        FrameSource open = current;
        if (open != null) {
            open.close();
        }
        Thread running = thread;
        if (running != null) {
            running.interrupt();
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
