package dev.ripple.cascade.intake;

import dev.ripple.cascade.engine.BatchResult;
import dev.ripple.cascade.engine.CorrelationEngine;
import dev.ripple.cascade.metrics.CascadeMetrics;
import dev.ripple.cascade.tracing.KafkaTracing;
import dev.ripple.events.CloudEvents;
import dev.ripple.events.EngagementObserved;
import dev.ripple.events.EventJson;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.InvalidEventException;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareDeleted;
import dev.ripple.events.ShareObserved;
import dev.ripple.events.Topics;
import io.micrometer.tracing.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Turns a consumed batch into events for the engine. Records that are not valid events are dead-lettered with the
 * reason; the rest are applied in one transaction, in event-time order. If the batch fails for a reason that is not
 * transient, each event is applied on its own so that one bad event is dead-lettered and the others go through.
 * Transient failures (database or broker unreachable) propagate: the batch is retried with back-off, never dropped.
 */
@Component
class Intake {

    private static final Logger log = LoggerFactory.getLogger(Intake.class);

    private final CorrelationEngine engine;
    private final DeadLetters deadLetters;
    private final KafkaTracing tracing;
    private final CascadeMetrics metrics;

    Intake(CorrelationEngine engine, DeadLetters deadLetters, KafkaTracing tracing, CascadeMetrics metrics) {
        this.engine = engine;
        this.deadLetters = deadLetters;
        this.tracing = tracing;
        this.metrics = metrics;
    }

    void accept(List<InboundRecord> records) {
        long started = System.nanoTime();
        List<Decoded> decoded = new ArrayList<>(records.size());
        Map<String, Integer> perTopic = new TreeMap<>();
        for (InboundRecord record : records) {
            perTopic.merge(String.valueOf(record.topic()), 1, Integer::sum);
            // Each record's processing is a span in the trace its producer started (its traceparent header).
            Span span = tracing.consume(record.headers(), String.valueOf(record.topic()), "correlate");
            try {
                decoded.add(new Decoded(record, decode(record), span, tracing.carrier(span)));
            } catch (InvalidEventException e) {
                try (var scope = tracing.inScope(span)) {
                    deadLetters.send(record, e.getMessage(), InvalidEventException.class);
                } finally {
                    span.error(e).end();
                }
            }
        }
        perTopic.forEach(metrics::consumed);
        if (decoded.isEmpty()) {
            return;
        }
        decoded.sort(Comparator.comparing(d -> d.event().time()));
        Map<RippleEvent, Map<String, String>> traces = new IdentityHashMap<>();
        decoded.forEach(d -> traces.put(d.event(), d.trace()));
        try {
            BatchResult result = engine.apply(
                    decoded.stream().map(Decoded::event).toList(), event -> traces.getOrDefault(event, Map.of()));
            decoded.forEach(d -> {
                metrics.event(typeOf(d.event()));
                d.span().end();
            });
            metrics.batch(decoded.size(), Duration.ofNanos(System.nanoTime() - started), result);
            log.debug("Applied {} events: {}", decoded.size(), result);
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                // The batch comes back (retried with back-off): these spans end here, failed, and new ones start then.
                decoded.forEach(d -> d.span().error(e).end());
                throw e;
            }
            log.warn("A batch of {} events failed ({}); applying them one by one", decoded.size(), e.toString());
            for (int i = 0; i < decoded.size(); i++) {
                Decoded one = decoded.get(i);
                long alone = System.nanoTime();
                try {
                    BatchResult result = engine.apply(List.of(one.event()), event -> one.trace());
                    metrics.event(typeOf(one.event()));
                    metrics.batch(1, Duration.ofNanos(System.nanoTime() - alone), result);
                    one.span().end();
                } catch (RuntimeException single) {
                    if (isTransient(single)) {
                        decoded.subList(i, decoded.size())
                                .forEach(d -> d.span().error(single).end());
                        throw single;
                    }
                    try (var scope = tracing.inScope(one.span())) {
                        deadLetters.send(one.record(), describe(single), single.getClass());
                    } finally {
                        one.span().error(single).end();
                    }
                }
            }
        }
    }

    private record Decoded(InboundRecord record, RippleEvent event, Span span, Map<String, String> trace) {}

    static String typeOf(RippleEvent event) {
        return switch (event) {
            case ShareObserved ignored -> "share";
            case FollowObserved ignored -> "follow";
            case FollowingObserved ignored -> "following";
            case EngagementObserved ignored -> "engagement";
            case ShareDeleted ignored -> "share_deleted";
            default -> "other";
        };
    }

    static RippleEvent decode(InboundRecord record) {
        if (record.payload() == null) {
            throw new InvalidEventException(List.of("record has no payload (a tombstone?)"));
        }
        Class<? extends RippleEvent> byTopic = switch (record.topic()) {
            case Topics.SHARES -> ShareObserved.class;
            case Topics.FOLLOWS -> FollowObserved.class;
            case Topics.FOLLOWING -> FollowingObserved.class;
            case Topics.ENGAGEMENTS -> EngagementObserved.class;
            default -> null;
        };
        if (byTopic == null) {
            throw new InvalidEventException(List.of("unexpected topic " + record.topic()));
        }
        String type = CloudEvents.string(record.headers().get(CloudEvents.TYPE));
        if (byTopic == ShareObserved.class && CloudEvents.SHARE_DELETED.equals(type)) {
            byTopic = ShareDeleted.class;
        }
        if (type != null && CloudEvents.classOf(type) != byTopic) {
            throw new InvalidEventException(List.of("ce_type " + type + " does not belong on topic " + record.topic()));
        }
        RippleEvent event = EventJson.decode(record.payload(), byTopic);
        if (record.key() != null && !record.key().equals(event.key())) {
            throw new InvalidEventException(List.of("record key '" + record.key()
                    + "' is not the event's correlation key '" + event.key() + "' (see docs/events.md)"));
        }
        return event;
    }

    static boolean isTransient(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientDataAccessException
                    || cause instanceof RecoverableDataAccessException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof KafkaException
                    || cause instanceof java.sql.SQLTransientException
                    || cause instanceof java.sql.SQLRecoverableException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
