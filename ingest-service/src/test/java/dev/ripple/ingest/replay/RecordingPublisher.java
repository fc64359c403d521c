package dev.ripple.ingest.replay;

import dev.ripple.events.RippleEvent;
import dev.ripple.ingest.source.EventPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/** Records each publish call (in a log shared with the sleeper) and answers it as the test says. */
final class RecordingPublisher implements EventPublisher {

    private final List<String> log;
    private final List<RippleEvent> events = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();
    private final List<CompletableFuture<Void>> answers = new ArrayList<>();
    private final BiFunction<Integer, RippleEvent, CompletableFuture<Void>> answer;

    /** Acknowledges every event at once. */
    RecordingPublisher(List<String> log) {
        this(log, (index, event) -> CompletableFuture.completedFuture(null));
    }

    /** Answers the n-th publish call (0-based) with what {@code answer} returns. */
    RecordingPublisher(List<String> log, BiFunction<Integer, RippleEvent, CompletableFuture<Void>> answer) {
        this.log = log;
        this.answer = answer;
    }

    @Override
    public synchronized CompletionStage<Void> publish(RippleEvent event, String ceSource) {
        log.add("publish " + event.id());
        events.add(event);
        sources.add(ceSource);
        CompletableFuture<Void> future = answer.apply(events.size() - 1, event);
        answers.add(future);
        return future;
    }

    synchronized List<RippleEvent> events() {
        return List.copyOf(events);
    }

    synchronized List<String> ids() {
        return events.stream().map(RippleEvent::id).toList();
    }

    synchronized List<String> sources() {
        return List.copyOf(sources);
    }

    /** The futures handed out so far, to complete them later. */
    synchronized List<CompletableFuture<Void>> answers() {
        return List.copyOf(answers);
    }

    static CompletableFuture<Void> failed(Throwable reason) {
        return CompletableFuture.failedFuture(reason);
    }
}
