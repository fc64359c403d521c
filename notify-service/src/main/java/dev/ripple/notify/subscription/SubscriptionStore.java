package dev.ripple.notify.subscription;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Subscriptions, and the lifecycle of their pending deliveries: deleting or disabling a subscription cancels them in
 * the same transaction. Deleted subscriptions are kept (marked) so their delivery history stays readable.
 */
@Repository
public class SubscriptionStore {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionStore.class);

    private final JdbcClient jdbc;

    SubscriptionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void create(Subscription subscription, String secret) {
        jdbc.sql("""
                        INSERT INTO subscriptions (id, url, sharers, secret, enabled, created_at)
                        VALUES (:id, :url, :sharers, :secret, true, :createdAt)
                        """)
                .param("id", subscription.id())
                .param("url", subscription.url())
                .param(
                        "sharers",
                        new SqlParameterValue(
                                Types.ARRAY, subscription.sharers().toArray(String[]::new)))
                .param("secret", secret)
                .param("createdAt", Timestamp.from(subscription.createdAt()))
                .update();
    }

    List<Subscription> list() {
        return jdbc.sql("""
                        SELECT id, url, sharers, enabled, disabled_reason, created_at
                          FROM subscriptions WHERE deleted_at IS NULL ORDER BY id
                        """).query((rs, row) -> map(rs)).list();
    }

    Optional<Subscription> find(UUID id) {
        return jdbc.sql("""
                        SELECT id, url, sharers, enabled, disabled_reason, created_at
                          FROM subscriptions WHERE id = :id AND deleted_at IS NULL
                        """).param("id", id).query((rs, row) -> map(rs)).optional();
    }

    /** Marks the subscription deleted and cancels its pending deliveries; false when there was none. */
    @Transactional
    boolean delete(UUID id, Instant now) {
        int deleted = jdbc.sql("UPDATE subscriptions SET deleted_at = :now WHERE id = :id AND deleted_at IS NULL")
                .param("id", id)
                .param("now", Timestamp.from(now))
                .update();
        if (deleted == 0) {
            return false;
        }
        cancelPending(id, "subscription deleted");
        return true;
    }

    /** Stops deliveries to a subscription (e.g. its endpoint answered 410 Gone) and cancels those pending. */
    @Transactional
    public void disable(UUID id, String reason, Instant now) {
        int disabled = jdbc.sql(
                        "UPDATE subscriptions SET enabled = false, disabled_reason = :reason WHERE id = :id AND enabled")
                .param("id", id)
                .param("reason", reason)
                .update();
        if (disabled > 0) {
            int cancelled = cancelPending(id, "subscription disabled: " + reason);
            log.warn("Subscription {} disabled ({}); {} pending deliveries cancelled", id, reason, cancelled);
        }
    }

    /** The enabled subscriptions that want alerts about this sharer. */
    public List<UUID> activeIdsFor(String sharerRef) {
        return jdbc.sql("""
                        SELECT id FROM subscriptions
                         WHERE enabled AND deleted_at IS NULL
                           AND (cardinality(sharers) = 0 OR :sharer = ANY (sharers))
                         ORDER BY id
                        """).param("sharer", sharerRef).query(UUID.class).list();
    }

    private int cancelPending(UUID id, String reason) {
        return jdbc.sql("""
                        UPDATE deliveries SET status = 'CANCELLED', leased_until = NULL, last_error = :reason
                         WHERE subscription_id = :id AND status = 'PENDING'
                        """).param("id", id).param("reason", reason).update();
    }

    private static Subscription map(ResultSet rs) throws SQLException {
        Array sharers = rs.getArray("sharers");
        return new Subscription(
                rs.getObject("id", UUID.class),
                rs.getString("url"),
                sharers == null ? List.of() : List.of((String[]) sharers.getArray()),
                rs.getBoolean("enabled"),
                rs.getString("disabled_reason"),
                rs.getTimestamp("created_at").toInstant());
    }
}
