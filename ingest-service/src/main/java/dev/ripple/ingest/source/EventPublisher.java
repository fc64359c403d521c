package dev.ripple.ingest.source;

import dev.ripple.events.RippleEvent;
import java.util.concurrent.CompletionStage;

/** Hands events to the event log (Kafka). There is one per service; every source publishes through it. */
public interface EventPublisher {

    /**
     * Sends an event asynchronously. Events published from one thread reach each topic partition in call order, so a
     * source that publishes sequentially keeps its order per key.
     *
     * @param ceSource the CloudEvents {@code ce_source} of the emitting source
     * @return completes when the broker has acknowledged the event, or exceptionally with the reason it could not be
     *     published (within a bounded delivery timeout; never left pending forever)
     */
    CompletionStage<Void> publish(RippleEvent event, String ceSource);
}
