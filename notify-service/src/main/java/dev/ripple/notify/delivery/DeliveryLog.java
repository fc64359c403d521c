package dev.ripple.notify.delivery;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reading the delivery log, and putting messages back in the queue by hand. */
@Repository
class DeliveryLog {

    record MessageView(
            String messageId,
            String type,
            String status,
            Long sequence,
            Instant eventTime,
            Instant createdAt,
            int attempts,
            Instant nextAttemptAt,
            Instant lastAttemptAt,
            Integer lastStatusCode,
            String lastError,
            Instant deliveredAt) {}

    record AttemptView(
            String messageId,
            int attempt,
            String trigger,
            String url,
            Instant startedAt,
            long durationMs,
            Integer statusCode,
            String outcome,
            String error,
            String responseExcerpt) {}

    record Notice(long id, UUID subscriptionId, String type, String detail, Instant createdAt) {}

    private static final String MESSAGE_COLUMNS = """
            m.message_id, m.type, m.status, m.sequence, m.event_time, m.created_at, m.attempts, m.next_attempt_at,
            m.last_attempt_at, m.last_status_code, m.last_error, m.delivered_at
            """;

    private final JdbcClient jdbc;

    DeliveryLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<MessageView> messages(UUID subscription, String status, int limit) {
        return jdbc.sql("SELECT " + MESSAGE_COLUMNS + """
                          FROM messages m
                         WHERE m.subscription_id = :subscription AND (CAST(:status AS text) IS NULL OR m.status = :status)
                         ORDER BY m.created_at DESC, m.id DESC
                         LIMIT :limit
                        """)
                .param("subscription", subscription)
                .param("status", status, Types.VARCHAR)
                .param("limit", limit)
                .query((rs, row) -> message(rs))
                .list();
    }

    Optional<MessageView> message(UUID subscription, String messageId) {
        return jdbc.sql("SELECT " + MESSAGE_COLUMNS
                        + " FROM messages m WHERE m.subscription_id = :subscription AND m.message_id = :messageId")
                .param("subscription", subscription)
                .param("messageId", messageId)
                .query((rs, row) -> message(rs))
                .optional();
    }

    Optional<String> body(UUID subscription, String messageId) {
        return jdbc.sql("SELECT body FROM messages WHERE subscription_id = :subscription AND message_id = :messageId")
                .param("subscription", subscription)
                .param("messageId", messageId)
                .query((rs, row) -> new String(rs.getBytes("body"), StandardCharsets.UTF_8))
                .optional();
    }

    List<AttemptView> attempts(UUID subscription, String messageId, int limit) {
        return jdbc.sql("""
                        SELECT m.message_id, a.attempt, a.trigger, a.url, a.started_at, a.duration_ms, a.status_code,
                               a.outcome, a.error, a.response_excerpt
                          FROM attempts a JOIN messages m ON m.id = a.message_uuid
                         WHERE a.subscription_id = :subscription
                           AND (CAST(:messageId AS text) IS NULL OR m.message_id = :messageId)
                         ORDER BY a.id DESC
                         LIMIT :limit
                        """)
                .param("subscription", subscription)
                .param("messageId", messageId, Types.VARCHAR)
                .param("limit", limit)
                .query((rs, row) -> new AttemptView(
                        rs.getString("message_id"),
                        rs.getInt("attempt"),
                        rs.getString("trigger"),
                        rs.getString("url"),
                        rs.getTimestamp("started_at").toInstant(),
                        rs.getLong("duration_ms"),
                        (Integer) rs.getObject("status_code"),
                        rs.getString("outcome"),
                        rs.getString("error"),
                        rs.getString("response_excerpt")))
                .list();
    }

    /** Queues one message again now, under its webhook-id, with a fresh retry cycle; false when unknown. */
    boolean redeliver(UUID subscription, String messageId, Instant now) {
        return jdbc.sql("""
                                UPDATE messages
                                   SET status = 'PENDING', next_attempt_at = :now, cycle_attempts = 0,
                                       requeued_by = 'redeliver'
                                 WHERE subscription_id = :subscription AND message_id = :messageId
                                   AND (status <> 'PENDING' OR leased_until IS NULL OR leased_until <= :now)
                                """)
                        .param("subscription", subscription)
                        .param("messageId", messageId)
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    /** Queues again every message created since {@code since} (only failed or cancelled ones when asked). */
    int replay(UUID subscription, Instant since, boolean failedOnly, Instant now) {
        return jdbc.sql("""
                        UPDATE messages
                           SET status = 'PENDING', next_attempt_at = :now, cycle_attempts = 0, requeued_by = 'replay'
                         WHERE subscription_id = :subscription AND created_at >= :since
                           AND (status <> 'PENDING' OR leased_until IS NULL OR leased_until <= :now)
                           AND (NOT :failedOnly OR status IN ('FAILED', 'CANCELLED'))
                        """)
                .param("subscription", subscription)
                .param("since", Timestamp.from(since))
                .param("failedOnly", failedOnly)
                .param("now", Timestamp.from(now))
                .update();
    }

    List<Notice> notices(String owner, int limit) {
        return jdbc.sql("""
                        SELECT id, subscription_id, type, detail, created_at FROM notices
                         WHERE owner = :owner ORDER BY id DESC LIMIT :limit
                        """)
                .param("owner", owner)
                .param("limit", limit)
                .query((rs, row) -> new Notice(
                        rs.getLong("id"),
                        rs.getObject("subscription_id", UUID.class),
                        rs.getString("type"),
                        rs.getString("detail"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    private static MessageView message(ResultSet rs) throws SQLException {
        return new MessageView(
                rs.getString("message_id"),
                rs.getString("type"),
                rs.getString("status"),
                (Long) rs.getObject("sequence"),
                instant(rs, "event_time"),
                instant(rs, "created_at"),
                rs.getInt("attempts"),
                "PENDING".equals(rs.getString("status")) ? instant(rs, "next_attempt_at") : null,
                instant(rs, "last_attempt_at"),
                (Integer) rs.getObject("last_status_code"),
                rs.getString("last_error"),
                instant(rs, "delivered_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
