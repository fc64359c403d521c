package dev.ripple.notify.delivery;

import java.net.URI;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's messages: claimed under a lease, then settled with the attempt's outcome and logged.
 *
 * <p>Claiming locks the subscriptions it serves ({@code FOR UPDATE SKIP LOCKED}), so per-endpoint limits hold over
 * every instance: at most {@code max_concurrency} attempts in flight, at most {@code rate_limit} per second (a token
 * bucket kept on the subscription row), none while the circuit breaker is open and one probe when it half-opens, and
 * for ordered subscriptions no message before the earlier ones of its ordering key are settled.
 */
@Repository
public class MessageStore {

    /** Subscriptions served per claim. */
    private static final int SUBSCRIPTIONS_PER_CLAIM = 50;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    MessageStore(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    private record Endpoint(
            UUID id,
            String url,
            boolean ordered,
            int maxConcurrency,
            double rateLimit,
            Double tokens,
            Instant tokensAt,
            boolean halfOpen) {}

    /** Claims up to {@code limit} due messages in one committed transaction. */
    List<DueDelivery> claim(Instant now, int limit, Duration lease) {
        List<DueDelivery> claimed = transactions.execute(status -> claimInTransaction(now, limit, lease));
        return claimed == null ? List.of() : claimed;
    }

    private List<DueDelivery> claimInTransaction(Instant now, int limit, Duration lease) {
        Timestamp at = Timestamp.from(now);
        List<Endpoint> endpoints = jdbc.sql("""
                        SELECT s.id, s.url, s.ordered, s.max_concurrency, s.rate_limit, s.rate_tokens,
                               s.rate_updated_at, s.circuit_open_until IS NOT NULL AS half_open
                          FROM subscriptions s
                         WHERE s.enabled AND NOT s.paused AND s.deleted_at IS NULL
                           AND (s.circuit_open_until IS NULL OR s.circuit_open_until <= :now)
                           AND EXISTS (SELECT 1 FROM messages m
                                        WHERE m.subscription_id = s.id AND m.status = 'PENDING'
                                          AND m.next_attempt_at <= :now
                                          AND (m.leased_until IS NULL OR m.leased_until <= :now))
                         ORDER BY s.rate_updated_at NULLS FIRST, s.id
                         LIMIT :subscriptions
                           FOR UPDATE OF s SKIP LOCKED
                        """)
                .param("now", at)
                .param("subscriptions", SUBSCRIPTIONS_PER_CLAIM)
                .query((rs, row) -> new Endpoint(
                        rs.getObject("id", UUID.class),
                        rs.getString("url"),
                        rs.getBoolean("ordered"),
                        rs.getInt("max_concurrency"),
                        rs.getDouble("rate_limit"),
                        rs.getObject("rate_tokens") == null ? null : rs.getDouble("rate_tokens"),
                        rs.getTimestamp("rate_updated_at") == null
                                ? null
                                : rs.getTimestamp("rate_updated_at").toInstant(),
                        rs.getBoolean("half_open")))
                .list();
        List<DueDelivery> claimed = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            if (claimed.size() >= limit) {
                break;
            }
            int inFlight = jdbc.sql("""
                            SELECT count(*) FROM messages
                             WHERE subscription_id = :id AND status = 'PENDING' AND leased_until > :now
                            """)
                    .param("id", endpoint.id())
                    .param("now", at)
                    .query(Integer.class)
                    .single();
            int concurrency = endpoint.halfOpen() ? 1 : endpoint.maxConcurrency();
            double tokens = tokens(endpoint, now);
            int slots = Math.min(Math.min(concurrency - inFlight, (int) Math.floor(tokens)), limit - claimed.size());
            if (slots <= 0) {
                continue;
            }
            List<DueDelivery> mine = jdbc.sql("""
                            UPDATE messages m
                               SET leased_until = :leasedUntil, attempts = m.attempts + 1,
                                   cycle_attempts = m.cycle_attempts + 1, last_attempt_at = :now
                             WHERE m.id IN (
                                   SELECT c.id FROM messages c
                                    WHERE c.subscription_id = :id AND c.status = 'PENDING'
                                      AND c.next_attempt_at <= :now
                                      AND (c.leased_until IS NULL OR c.leased_until <= :now)
                                      AND (NOT :ordered OR c.ordering_key IS NULL OR NOT EXISTS (
                                           SELECT 1 FROM messages e
                                            WHERE e.subscription_id = c.subscription_id
                                              AND e.ordering_key = c.ordering_key
                                              AND e.sequence < c.sequence AND e.status = 'PENDING'))
                                    ORDER BY c.next_attempt_at, c.sequence NULLS LAST, c.id
                                    LIMIT :slots
                                      FOR UPDATE SKIP LOCKED)
                            RETURNING m.id, m.attempts, m.cycle_attempts, m.requeued_by, m.message_id, m.type, m.body,
                                      m.created_at, m.caused_at, m.trace_parent, m.trace_state
                            """)
                    .param("leasedUntil", Timestamp.from(now.plus(lease)))
                    .param("now", at)
                    .param("id", endpoint.id())
                    .param("ordered", endpoint.ordered())
                    .param("slots", slots)
                    .query((rs, row) -> new DueDelivery(
                            rs.getObject("id", UUID.class),
                            rs.getInt("attempts"),
                            rs.getInt("cycle_attempts"),
                            rs.getString("requeued_by") == null ? "scheduled" : rs.getString("requeued_by"),
                            rs.getString("message_id"),
                            rs.getString("type"),
                            rs.getBytes("body"),
                            endpoint.id(),
                            URI.create(endpoint.url()),
                            rs.getTimestamp("created_at").toInstant(),
                            rs.getTimestamp("caused_at") == null
                                    ? null
                                    : rs.getTimestamp("caused_at").toInstant(),
                            rs.getString("trace_parent"),
                            rs.getString("trace_state")))
                    .list();
            claimed.addAll(mine);
            jdbc.sql("UPDATE subscriptions SET rate_tokens = :tokens, rate_updated_at = :now WHERE id = :id")
                    .param("tokens", tokens - mine.size())
                    .param("now", at)
                    .param("id", endpoint.id())
                    .update();
        }
        return claimed;
    }

    /** The endpoint's token bucket now: refilled at {@code rate_limit} per second, holding at most one second's worth. */
    private static double tokens(Endpoint endpoint, Instant now) {
        double capacity = Math.max(1, endpoint.rateLimit());
        if (endpoint.tokens() == null || endpoint.tokensAt() == null) {
            return capacity;
        }
        double seconds = Math.max(0, Duration.between(endpoint.tokensAt(), now).toNanos() / 1e9);
        return Math.min(capacity, endpoint.tokens() + seconds * endpoint.rateLimit());
    }

    /**
     * Settles an attempt and logs it. Only the worker holding the attempt can: a worker whose lease expired and whose
     * message was claimed again updates nothing.
     *
     * @return whether the message was updated
     */
    boolean settle(DueDelivery delivery, DeliveryOutcome outcome, SendResult result, Instant startedAt, Instant now) {
        Boolean settled = transactions.execute(status -> {
            boolean updated = jdbc.sql("""
                                    UPDATE messages
                                       SET status = :status,
                                           next_attempt_at = COALESCE(:nextAttemptAt, next_attempt_at),
                                           leased_until = NULL, last_status_code = :statusCode, last_error = :error,
                                           delivered_at = COALESCE(:deliveredAt, delivered_at),
                                           requeued_by = CASE WHEN :status = 'PENDING' THEN requeued_by END
                                     WHERE id = :id AND attempts = :attempt AND status = 'PENDING'
                                    """)
                            .param("id", delivery.id())
                            .param("attempt", delivery.attempt())
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
            if (updated) {
                log(delivery, outcome.logOutcome(), result, startedAt);
            }
            return updated;
        });
        return Boolean.TRUE.equals(settled);
    }

    private void log(DueDelivery delivery, String outcome, SendResult result, Instant startedAt) {
        jdbc.sql("""
                        INSERT INTO attempts (message_uuid, subscription_id, attempt, trigger, url, started_at,
                                              duration_ms, status_code, response_excerpt, error, outcome)
                        VALUES (:message, :subscription, :attempt, :trigger, :url, :startedAt, :duration, :status,
                                :excerpt, :error, :outcome)
                        """)
                .param("message", delivery.id())
                .param("subscription", delivery.subscriptionId())
                .param("attempt", delivery.attempt())
                .param("trigger", delivery.trigger())
                .param("url", dev.ripple.notify.subscription.TargetGuard.describe(delivery.url()))
                .param("startedAt", Timestamp.from(startedAt))
                .param("duration", result.durationMillis())
                .param("status", result.statusCode() == 0 ? null : result.statusCode(), Types.INTEGER)
                .param("excerpt", result.responseExcerpt(), Types.VARCHAR)
                .param("error", result.error(), Types.VARCHAR)
                .param("outcome", outcome)
                .update();
    }

    /** Deletes settled messages (and their attempts) older than the retention; returns how many. */
    int purge(Instant before) {
        return jdbc.sql("DELETE FROM messages WHERE created_at < :before AND status <> 'PENDING'")
                .param("before", Timestamp.from(before))
                .update();
    }
}
