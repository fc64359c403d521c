package dev.ripple.ingest.source;

/**
 * Where events come from: a recording being replayed, or (in later issues) a platform being watched. A source
 * normalizes what it observes into {@link dev.ripple.events.RippleEvent}s and hands them, in the order it observed
 * them, to the one {@link EventPublisher} of the service.
 */
public interface Source {

    /** The CloudEvents {@code ce_source} of every event this source emits, e.g. {@code /ripple/ingest/replay}. */
    String ceSource();

    /**
     * Emits events until the source is exhausted or the thread is interrupted.
     *
     * @throws InterruptedException when interrupted while waiting (pacing, back-pressure)
     */
    void run(EventPublisher publisher) throws InterruptedException;
}
