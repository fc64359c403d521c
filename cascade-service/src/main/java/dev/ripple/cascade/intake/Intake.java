package dev.ripple.cascade.intake;

import dev.ripple.cascade.engine.BatchResult;
import dev.ripple.cascade.engine.CorrelationEngine;
import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.InvalidEventException;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareDeleted;
import dev.ripple.events.ShareObserved;
import dev.ripple.events.Topics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    Intake(CorrelationEngine engine, DeadLetters deadLetters) {
        this.engine = engine;
        this.deadLetters = deadLetters;
    }

    void accept(List<InboundRecord> records) {
        List<Decoded> decoded = new ArrayList<>(records.size());
        for (InboundRecord record : records) {
            try {
                decoded.add(new Decoded(record, decode(record)));
            } catch (InvalidEventException e) {
                deadLetters.send(record, e.getMessage(), InvalidEventException.class);
            }
        }
        if (decoded.isEmpty()) {
            return;
        }
        decoded.sort(Comparator.comparing(d -> d.event().time()));
        try {
            BatchResult result =
                    engine.apply(decoded.stream().map(Decoded::event).toList());
            log.debug("Applied {} events: {}", decoded.size(), result);
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                throw e;
            }
            log.warn("A batch of {} events failed ({}); applying them one by one", decoded.size(), e.toString());
            for (Decoded one : decoded) {
                try {
                    engine.apply(List.of(one.event()));
                } catch (RuntimeException single) {
                    if (isTransient(single)) {
                        throw single;
                    }
                    deadLetters.send(one.record(), describe(single), single.getClass());
                }
            }
        }
    }

    private record Decoded(InboundRecord record, RippleEvent event) {}

    static RippleEvent decode(InboundRecord record) {
        if (record.payload() == null) {
            throw new InvalidEventException(List.of("record has no payload (a tombstone?)"));
        }
        Class<? extends RippleEvent> byTopic = switch (record.topic()) {
            case Topics.SHARES -> ShareObserved.class;
            case Topics.FOLLOWS -> FollowObserved.class;
            case Topics.FOLLOWING -> FollowingObserved.class;
            case Topics.ENGAGEMENTS -> dev.ripple.events.EngagementObserved.class;
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
