package dev.ripple.ingest.replay;

import dev.ripple.ingest.source.EventPublisher;
import io.opentelemetry.context.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs replays, at most {@code maxRunning} at a time, and keeps the reports of the last {@code history} of them.
 * Reports live in memory: they describe work done by this process, and a restart starts a fresh list.
 */
public final class Replays implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Replays.class);

    private final EventPublisher publisher;
    private final Sleeper sleeper;
    private final Clock clock;
    private final int history;
    private final int maxRunning;
    private final Semaphore running;
    private final ExecutorService executor;
    private final Map<String, ScenarioReplay> replays = new LinkedHashMap<>();

    public Replays(EventPublisher publisher, Sleeper sleeper, Clock clock, int history, int maxRunning) {
        if (history < 1 || maxRunning < 1) {
            throw new IllegalArgumentException("history and maxRunning must be at least 1");
        }
        this.publisher = publisher;
        this.sleeper = sleeper;
        this.clock = clock;
        this.history = history;
        this.maxRunning = maxRunning;
        this.running = new Semaphore(maxRunning);
        // A replay runs in the trace context of whoever started it (an HTTP request's traceparent), so the events it
        // publishes continue that trace.
        this.executor = Context.taskWrapping(Executors.newCachedThreadPool(daemonThreads()));
    }

    /**
     * Starts a replay in the background.
     *
     * @return the report as the replay starts (status RUNNING)
     * @throws TooManyReplaysException when {@code maxRunning} replays are running already
     */
    public ReplayReport start(ReplayInput input, double speed) {
        if (!running.tryAcquire()) {
            throw new TooManyReplaysException(maxRunning);
        }
        ScenarioReplay replay;
        try {
            replay = register(input, speed);
        } catch (RuntimeException e) {
            running.release();
            throw e;
        }
        try {
            executor.execute(() -> {
                try {
                    execute(replay);
                } finally {
                    running.release();
                }
            });
        } catch (RejectedExecutionException e) {
            running.release();
            replay.abandon("not started: the service is stopping");
            throw e;
        }
        return replay.report();
    }

    /** Runs a replay on the calling thread and returns its final report. */
    public ReplayReport run(ReplayInput input, double speed) {
        ScenarioReplay replay = register(input, speed);
        execute(replay);
        return replay.report();
    }

    public Optional<ReplayReport> find(String id) {
        synchronized (replays) {
            return Optional.ofNullable(replays.get(id)).map(ScenarioReplay::report);
        }
    }

    /** Every replay kept, oldest first. */
    public List<ReplayReport> list() {
        List<ScenarioReplay> kept;
        synchronized (replays) {
            kept = new ArrayList<>(replays.values());
        }
        return kept.stream().map(ScenarioReplay::report).toList();
    }

    /** Interrupts running replays (they end FAILED, saying so) and waits briefly for them. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Replays still running 10 s after the stop request; leaving them to the JVM's exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ScenarioReplay register(ReplayInput input, double speed) {
        ScenarioReplay replay = new ScenarioReplay(UUID.randomUUID().toString(), input, speed, sleeper, clock);
        synchronized (replays) {
            replays.put(replay.id(), replay);
            evictFinished();
        }
        log.info("Replay {} of {} started at speed {}", replay.id(), input.name(), speed);
        return replay;
    }

    private void evictFinished() {
        int excess = replays.size() - history;
        Iterator<ScenarioReplay> oldestFirst = replays.values().iterator();
        while (excess > 0 && oldestFirst.hasNext()) {
            if (oldestFirst.next().report().status() != ReplayStatus.RUNNING) {
                oldestFirst.remove();
                excess--;
            }
        }
    }

    private void execute(ScenarioReplay replay) {
        try {
            replay.run(publisher);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Replay {} failed unexpectedly; its report says FAILED", replay.id(), e);
        }
        logOutcome(replay.report());
    }

    private static void logOutcome(ReplayReport report) {
        if (report.status() == ReplayStatus.COMPLETED) {
            log.info(
                    "Replay {} completed: {} lines read, published {} shares / {} follows / {} following "
                            + "snapshots, {} rejected, {} duplicates",
                    report.id(),
                    report.linesRead(),
                    report.published().share(),
                    report.published().follow(),
                    report.published().following(),
                    report.rejected(),
                    report.duplicates());
        } else {
            log.error(
                    "Replay {} failed: {} ({} events published before it stopped)",
                    report.id(),
                    report.error(),
                    report.published().total());
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "replay-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
