package dev.ripple.notify.delivery;

import dev.ripple.notify.Ids;
import dev.ripple.notify.metrics.NotifyMetrics;
import dev.ripple.notify.policy.Alert;
import dev.ripple.notify.policy.AlertType;
import dev.ripple.notify.subscription.Target;
import dev.ripple.notify.tracing.NotifyTracing;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.node.ObjectNode;

/**
 * The transactional outbox: stores a message (its body serialized once, with the next sequence number of its ordering
 * key) inside the caller's transaction, so an attribution consumed and the alerts it causes commit together. The
 * delivery workers send it later.
 */
@Component
public class AlertOutbox {

    private static final Logger log = LoggerFactory.getLogger(AlertOutbox.class);

    private final JdbcClient jdbc;
    private final AlertPayload payload;
    private final NotifyTracing tracing;
    private final NotifyMetrics metrics;

    AlertOutbox(JdbcClient jdbc, AlertPayload payload, NotifyTracing tracing, NotifyMetrics metrics) {
        this.jdbc = jdbc;
        this.payload = payload;
        this.tracing = tracing;
        this.metrics = metrics;
    }

    /**
     * Stores an alert for one subscriber; returns its webhook message id.
     *
     * @param causedAt when the attribution that caused it was published (null when not caused by one directly)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String enqueue(Target target, Long feedId, Alert alert, Instant now, Instant causedAt) {
        // A sharer's alerts are ordered among themselves; a subject digest among the subject's.
        String orderingKey = alert.type() == AlertType.SUBJECT_DIGEST
                ? "subject:" + alert.subject().ref()
                : "sharer:" + alert.sharer().ref();
        long sequence = nextSequence(target.id(), orderingKey);
        byte[] body = payload.render(alert, sequence);
        String messageId = insert(
                target.id(),
                alert.type().wire(),
                feedId,
                orderingKey,
                sequence,
                alert.eventTime(),
                body,
                now,
                causedAt);
        log.info(
                "Alert {} ({}, {} new, {} in all) for subscription {} about {} and {}",
                messageId,
                alert.type().wire(),
                alert.newFollows(),
                alert.totalFollows(),
                target.id(),
                alert.sharer().handle().isEmpty() ? "-" : alert.sharer().handle(),
                alert.subject().handle());
        return messageId;
    }

    /** Stores an operational or test event for one subscription; returns its webhook message id. */
    @Transactional(propagation = Propagation.MANDATORY)
    public String enqueueEvent(UUID subscription, String type, ObjectNode data, Instant now) {
        byte[] body = AlertPayload.operational(type, now, data);
        return insert(subscription, type, null, null, null, now, body, now, null);
    }

    private long nextSequence(UUID subscription, String orderingKey) {
        return jdbc.sql("""
                        INSERT INTO ordering_sequences (subscription_id, ordering_key, last_sequence)
                        VALUES (:subscription, :key, 1)
                        ON CONFLICT (subscription_id, ordering_key) DO UPDATE
                           SET last_sequence = ordering_sequences.last_sequence + 1
                        RETURNING last_sequence
                        """)
                .param("subscription", subscription)
                .param("key", orderingKey)
                .query(Long.class)
                .single();
    }

    private String insert(
            UUID subscription,
            String type,
            Long feedId,
            String orderingKey,
            Long sequence,
            Instant eventTime,
            byte[] body,
            Instant now,
            Instant causedAt) {
        UUID id = Ids.uuidV7(now);
        String messageId = Ids.messageId(id);
        // The trace of what caused this message (the attribution being processed, a flushed feed's latest credit, an
        // API request): its deliveries continue it and send it on as the webhook's traceparent.
        Map<String, String> trace = tracing.current();
        jdbc.sql("""
                        INSERT INTO messages (id, message_id, subscription_id, type, feed_id, ordering_key, sequence,
                                              event_time, body, status, next_attempt_at, caused_at, created_at,
                                              trace_parent, trace_state)
                        VALUES (:id, :messageId, :subscription, :type, :feed, :orderingKey, :sequence, :eventTime,
                                :body, 'PENDING', :now, :causedAt, :now, :traceParent, :traceState)
                        """)
                .param("traceParent", trace.get(NotifyTracing.TRACEPARENT), Types.VARCHAR)
                .param("traceState", trace.get(NotifyTracing.TRACESTATE), Types.VARCHAR)
                .param("id", id)
                .param("messageId", messageId)
                .param("subscription", subscription)
                .param("type", type)
                .param("feed", feedId, Types.BIGINT)
                .param("orderingKey", orderingKey, Types.VARCHAR)
                .param("sequence", sequence, Types.BIGINT)
                .param("eventTime", Timestamp.from(eventTime))
                .param("body", body)
                .param("now", Timestamp.from(now))
                .param("causedAt", causedAt == null ? null : Timestamp.from(causedAt), Types.TIMESTAMP)
                .update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    metrics.alertCreated(type);
                }
            });
        } else {
            metrics.alertCreated(type);
        }
        return messageId;
    }
}
