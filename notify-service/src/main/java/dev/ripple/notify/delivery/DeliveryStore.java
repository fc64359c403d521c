package dev.ripple.notify.delivery;

import java.net.URI;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The outbox's delivery rows: claimed under a lease, then settled with the attempt's outcome. */
@Repository
class DeliveryStore {

    private final JdbcClient jdbc;

    DeliveryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims up to {@code limit} due deliveries of active subscriptions in one statement: rows locked by another
     * worker are skipped ({@code FOR UPDATE SKIP LOCKED}), and claimed rows are leased until {@code now + lease}, so
     * no other worker, on this instance or another, takes them while they are being sent. A worker that dies leaves
     * its lease to expire; the attempt is counted and the delivery retried.
     */
    List<DueDelivery> claim(Instant now, int limit, Duration lease) {
        return jdbc.sql("""
                        WITH due AS (
                            SELECT d.id
                              FROM deliveries d
                              JOIN subscriptions s ON s.id = d.subscription_id
                             WHERE d.status = 'PENDING'
                               AND d.next_attempt_at <= :now
                               AND (d.leased_until IS NULL OR d.leased_until <= :now)
                               AND s.enabled AND s.deleted_at IS NULL
                             ORDER BY d.next_attempt_at, d.id
                             LIMIT :limit
                               FOR UPDATE OF d SKIP LOCKED
                        )
                        UPDATE deliveries d
                           SET leased_until = :leasedUntil, attempts = d.attempts + 1, last_attempt_at = :now
                          FROM due, alerts a, subscriptions s
                         WHERE d.id = due.id AND a.id = d.alert_id AND s.id = d.subscription_id
                        RETURNING d.id, d.attempts, a.message_id, a.body, s.id AS subscription_id, s.url, s.secret
                        """)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .param("leasedUntil", Timestamp.from(now.plus(lease)))
                .query((rs, row) -> new DueDelivery(
                        rs.getLong("id"),
                        rs.getInt("attempts"),
                        rs.getString("message_id"),
                        rs.getBytes("body"),
                        rs.getObject("subscription_id", UUID.class),
                        URI.create(rs.getString("url")),
                        rs.getString("secret")))
                .list();
    }

    /**
     * Settles an attempt. Only the worker holding the attempt can: a worker whose lease expired and whose delivery
     * was claimed again updates nothing.
     *
     * @return whether the row was updated
     */
    boolean settle(long id, int attempt, DeliveryOutcome outcome, SendResult result, Instant now) {
        return jdbc.sql("""
                                UPDATE deliveries
                                   SET status = :status, next_attempt_at = COALESCE(:nextAttemptAt, next_attempt_at),
                                       leased_until = NULL, last_status_code = :statusCode, last_error = :error,
                                       delivered_at = :deliveredAt
                                 WHERE id = :id AND attempts = :attempt AND status = 'PENDING'
                                """)
                        .param("id", id)
                        .param("attempt", attempt)
                        .param("status", outcome.status().name())
                        .param(
                                "nextAttemptAt",
                                outcome.nextAttemptAt() == null ? null : Timestamp.from(outcome.nextAttemptAt()),
                                Types.TIMESTAMP)
                        .param("statusCode", result.statusCode() == 0 ? null : result.statusCode(), Types.INTEGER)
                        .param("error", result.error(), Types.VARCHAR)
                        .param(
                                "deliveredAt",
                                outcome.status() == DeliveryOutcome.Status.DELIVERED ? Timestamp.from(now) : null,
                                Types.TIMESTAMP)
                        .update()
                == 1;
    }
}
