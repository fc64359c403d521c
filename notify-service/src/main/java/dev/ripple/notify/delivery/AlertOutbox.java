package dev.ripple.notify.delivery;

import dev.ripple.notify.Ids;
import dev.ripple.notify.policy.Alert;
import dev.ripple.notify.subscription.SubscriptionStore;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional outbox: stores an alert (its body serialized once) and one pending delivery per subscription
 * whose sharer filter matches, inside the caller's transaction. The delivery workers send them later.
 */
@Component
public class AlertOutbox {

    private static final Logger log = LoggerFactory.getLogger(AlertOutbox.class);

    private final JdbcClient jdbc;
    private final AlertPayload payload;
    private final SubscriptionStore subscriptions;

    AlertOutbox(JdbcClient jdbc, AlertPayload payload, SubscriptionStore subscriptions) {
        this.jdbc = jdbc;
        this.payload = payload;
        this.subscriptions = subscriptions;
    }

    /** Stores the alert and its deliveries; returns the alert's webhook message id. */
    @Transactional(propagation = Propagation.MANDATORY)
    public String enqueue(long streamId, Alert alert, Instant now) {
        UUID id = Ids.uuidV7(now);
        String messageId = Ids.messageId(id);
        byte[] body = payload.render(alert);
        jdbc.sql("""
                        INSERT INTO alerts (id, message_id, stream_id, reason, event_time, new_follows, total_follows,
                                            corrected, body, created_at)
                        VALUES (:id, :messageId, :streamId, :reason, :eventTime, :newFollows, :totalFollows,
                                :corrected, :body, :now)
                        """)
                .param("id", id)
                .param("messageId", messageId)
                .param("streamId", streamId)
                .param("reason", alert.reason().wire())
                .param("eventTime", Timestamp.from(alert.eventTime()))
                .param("newFollows", alert.newFollows())
                .param("totalFollows", alert.totalFollows())
                .param("corrected", alert.corrected())
                .param("body", body)
                .param("now", Timestamp.from(now))
                .update();
        List<UUID> targets = subscriptions.activeIdsFor(alert.sharer().ref());
        for (UUID subscription : targets) {
            jdbc.sql("""
                            INSERT INTO deliveries (alert_id, subscription_id, status, attempts, next_attempt_at,
                                                    created_at)
                            VALUES (:alertId, :subscriptionId, 'PENDING', 0, :now, :now)
                            """)
                    .param("alertId", id)
                    .param("subscriptionId", subscription)
                    .param("now", Timestamp.from(now))
                    .update();
        }
        log.info(
                "Alert {} ({}, {} new, {} in all) for {} about {}: {} deliveries queued",
                messageId,
                alert.reason().wire(),
                alert.newFollows(),
                alert.totalFollows(),
                alert.sharer().handle(),
                alert.subject().handle(),
                targets.size());
        return messageId;
    }
}
