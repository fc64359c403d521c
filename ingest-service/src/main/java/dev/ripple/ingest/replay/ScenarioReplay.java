package dev.ripple.ingest.replay;

import dev.ripple.events.RippleEvent;
import dev.ripple.ingest.replay.ScenarioParser.Blank;
import dev.ripple.ingest.replay.ScenarioParser.Parsed;
import dev.ripple.ingest.replay.ScenarioParser.Rejected;
import dev.ripple.ingest.source.EventPublisher;
import dev.ripple.ingest.source.Source;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a scenario file: each line is validated and, when it is an event, published in file order (one thread,
 * sequential sends: Kafka keeps that order per key), paced to {@code speed} × real time. A bad line is reported with
 * its number and reason and skipped; nothing after it is lost. The first event Kafka does not accept stops the
 * replay, which then reports FAILED with the reason, so that nothing is dropped silently and order per key is never
 * broken by a gap.
 */
final class ScenarioReplay implements Source {

    static final String CE_SOURCE = "/ripple/ingest/replay";

    private static final Logger log = LoggerFactory.getLogger(ScenarioReplay.class);
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final String id;
    private final Sleeper sleeper;
    private final ReplayTally tally;
    private final double speed;
    /** Released once the replay has run, so that finished replays kept for their reports do not hold uploads. */
    private volatile ReplayInput input;

    ScenarioReplay(String id, ReplayInput input, double speed, Sleeper sleeper, Clock clock) {
        this.id = id;
        this.input = input;
        this.speed = ReplaySpeed.check(speed);
        this.sleeper = sleeper;
        this.tally = new ReplayTally(id, input.name(), speed, clock);
    }

    String id() {
        return id;
    }

    ReplayReport report() {
        return tally.snapshot();
    }

    /** Ends a replay that will never run. */
    void abandon(String reason) {
        input = null;
        tally.failedWith(reason);
    }

    @Override
    public String ceSource() {
        return CE_SOURCE;
    }

    @Override
    public void run(EventPublisher publisher) throws InterruptedException {
        ReplayInput source = input;
        if (source == null) {
            throw new IllegalStateException("replay " + id + " has already run");
        }
        input = null;
        InFlight inFlight = new InFlight();
        try {
            String readError = readAndPublish(source, publisher, inFlight);
            inFlight.awaitNone();
            if (readError != null) {
                tally.failedWith(readError);
            } else {
                finish();
            }
        } catch (InterruptedException e) {
            tally.failedWith("interrupted after line " + tally.linesRead() + " (the service is stopping)");
            throw e;
        } catch (RuntimeException e) {
            tally.failedWith("replay failed after line " + tally.linesRead() + ": " + describe(e));
            throw e;
        }
    }

    /** Returns null, or why the input could not be read to its end. */
    private String readAndPublish(ReplayInput source, EventPublisher publisher, InFlight inFlight)
            throws InterruptedException {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(source.opener().open(), StandardCharsets.UTF_8), 1 << 16)) {
            readAndPublish(reader, publisher, inFlight);
            return null;
        } catch (IOException e) {
            return "cannot read " + source.name() + " after line " + tally.linesRead() + ": " + describe(e);
        }
    }

    private void readAndPublish(BufferedReader reader, EventPublisher publisher, InFlight inFlight)
            throws IOException, InterruptedException {
        Pacer pacer = new Pacer(speed);
        Set<String> seenIds = new HashSet<>();
        long lineNumber = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (tally.failedCount() > 0) {
                return;
            }
            lineNumber++;
            tally.lineRead();
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                line = line.substring(1);
            }
            switch (ScenarioParser.parse(line)) {
                case Blank ignored -> {}
                case Rejected rejected -> {
                    long count = tally.rejected(lineNumber, rejected.reason());
                    if (count <= ReplayTally.MAX_REJECTIONS) {
                        log.warn("Replay {}: line {} rejected and skipped: {}", id, lineNumber, rejected.reason());
                    } else if (count == ReplayTally.MAX_REJECTIONS + 1) {
                        log.warn(
                                "Replay {}: more than {} lines rejected; further ones are counted, not logged",
                                id,
                                ReplayTally.MAX_REJECTIONS);
                    }
                }
                case Parsed parsed -> {
                    RippleEvent event = parsed.event();
                    if (!seenIds.add(event.id())) {
                        tally.duplicate();
                    }
                    Duration wait = pacer.waitBefore(event.time());
                    if (wait.isPositive()) {
                        sleeper.sleep(wait);
                    }
                    publish(publisher, event, inFlight);
                }
            }
        }
    }

    private void publish(EventPublisher publisher, RippleEvent event, InFlight inFlight) {
        EventType type = EventType.of(event);
        inFlight.started();
        try {
            publisher.publish(event, CE_SOURCE).whenComplete((ignored, failure) -> {
                if (failure == null) {
                    tally.published(type);
                } else {
                    tally.failed(describe(failure));
                }
                inFlight.finished();
            });
        } catch (RuntimeException e) {
            tally.failed(describe(e));
            inFlight.finished();
        }
    }

    private void finish() {
        long failed = tally.failedCount();
        if (failed == 0) {
            tally.completed();
            return;
        }
        tally.failedWith("Kafka did not accept " + failed + " event(s): " + tally.firstFailure()
                + "; the replay stopped after line " + tally.linesRead());
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Counts sends not yet acknowledged, so that a replay only ends once Kafka has answered for every event. */
    private static final class InFlight {

        private long pending;

        synchronized void started() {
            pending++;
        }

        synchronized void finished() {
            pending--;
            if (pending == 0) {
                notifyAll();
            }
        }

        synchronized void awaitNone() throws InterruptedException {
            while (pending > 0) {
                wait();
            }
        }
    }
}
