package dev.ripple.notify.subscription;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * Subscriptions, their signing keys and health, and the lifecycle of their pending messages: deleting or disabling a
 * subscription cancels them in the same transaction. Deleted subscriptions are kept (marked) so their delivery history
 * stays readable. Every owner-facing method is scoped to the owner: another owner's subscription does not exist.
 */
@Repository
public class SubscriptionStore {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionStore.class);

    private static final String COLUMNS = """
            s.id, s.owner, s.url, s.description, s.sharers, s.subjects, s.event_types, s.min_confidence,
            s.digest_window_ms, s.min_interval_ms, s.ordered, s.max_concurrency, s.rate_limit, s.paused, s.enabled, s.disabled_reason,
            s.disabled_at, s.created_at, s.updated_at, s.failing_since, s.consecutive_failures, s.last_success_at,
            s.last_failure_at, s.circuit_open_until,
            ARRAY(SELECT DISTINCT k.scheme FROM signing_keys k
                   WHERE k.subscription_id = s.id AND k.expires_at IS NULL ORDER BY k.scheme) AS schemes
            """;

    private final JdbcClient jdbc;

    SubscriptionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    void create(Subscription s, List<SigningKeys.Key> keys) {
        jdbc.sql("""
                        INSERT INTO subscriptions (id, owner, url, description, sharers, subjects, event_types,
                                                   min_confidence, digest_window_ms, min_interval_ms, ordered,
                                                   max_concurrency, rate_limit, paused, enabled, created_at,
                                                   updated_at)
                        VALUES (:id, :owner, :url, :description, :sharers, :subjects, :types, :minConfidence,
                                :window, :interval, :ordered, :concurrency, :rateLimit, false, true, :createdAt,
                                :createdAt)
                        """)
                .param("id", s.id())
                .param("owner", s.owner())
                .param("url", s.url())
                .param("description", s.description(), Types.VARCHAR)
                .param("sharers", array(s.sharers()))
                .param("subjects", array(s.subjects()))
                .param("types", array(s.eventTypes()))
                .param("minConfidence", s.minConfidence())
                .param("window", s.digestWindow().toMillis())
                .param("interval", s.minInterval().toMillis())
                .param("ordered", s.ordered())
                .param("concurrency", s.maxConcurrency())
                .param("rateLimit", s.rateLimit())
                .param("createdAt", Timestamp.from(s.createdAt()))
                .update();
        for (SigningKeys.Key key : keys) {
            addKey(s.id(), key, s.createdAt());
        }
    }

    /** Replaces the changeable fields of an owner's subscription; false when there is none. */
    boolean update(String owner, Subscription s, Instant now) {
        return jdbc.sql("""
                                UPDATE subscriptions
                                   SET url = :url, description = :description, sharers = :sharers,
                                       subjects = :subjects, event_types = :types, min_confidence = :minConfidence,
                                       digest_window_ms = :window, min_interval_ms = :interval, ordered = :ordered,
                                       max_concurrency = :concurrency, rate_limit = :rateLimit, updated_at = :now
                                 WHERE id = :id AND owner = :owner AND deleted_at IS NULL
                                """)
                        .param("id", s.id())
                        .param("owner", owner)
                        .param("url", s.url())
                        .param("description", s.description(), Types.VARCHAR)
                        .param("sharers", array(s.sharers()))
                        .param("subjects", array(s.subjects()))
                        .param("types", array(s.eventTypes()))
                        .param("minConfidence", s.minConfidence())
                        .param("window", s.digestWindow().toMillis())
                        .param("interval", s.minInterval().toMillis())
                        .param("ordered", s.ordered())
                        .param("concurrency", s.maxConcurrency())
                        .param("rateLimit", s.rateLimit())
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    List<Subscription> list(String owner) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM subscriptions s WHERE s.owner = :owner AND s.deleted_at IS NULL"
                        + " ORDER BY s.id")
                .param("owner", owner)
                .query((rs, row) -> map(rs))
                .list();
    }

    Optional<Subscription> find(String owner, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM subscriptions s WHERE s.id = :id AND s.owner = :owner AND s.deleted_at IS NULL")
                .param("id", id)
                .param("owner", owner)
                .query((rs, row) -> map(rs))
                .optional();
    }

    /** Any subscription, the owner's or not, deleted or not (for delivery and notices). */
    public Optional<Subscription> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM subscriptions s WHERE s.id = :id")
                .param("id", id)
                .query((rs, row) -> map(rs))
                .optional();
    }

    /** Pauses (holds deliveries) or resumes; resuming also re-enables a disabled subscription and resets its health. */
    @Transactional
    boolean setPaused(String owner, UUID id, boolean paused, Instant now) {
        String sql = paused
                ? "UPDATE subscriptions SET paused = true, updated_at = :now"
                        + " WHERE id = :id AND owner = :owner AND deleted_at IS NULL"
                : """
                  UPDATE subscriptions
                     SET paused = false, enabled = true, disabled_reason = NULL, disabled_at = NULL,
                         failing_since = NULL, consecutive_failures = 0, failing_notified = false,
                         circuit_open_until = NULL, circuit_trips = 0, updated_at = :now
                   WHERE id = :id AND owner = :owner AND deleted_at IS NULL
                  """;
        return jdbc.sql(sql)
                        .param("id", id)
                        .param("owner", owner)
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    /** Marks the subscription deleted and cancels its pending messages; false when there was none. */
    @Transactional
    boolean delete(String owner, UUID id, Instant now) {
        int deleted = jdbc.sql("UPDATE subscriptions SET deleted_at = :now, updated_at = :now"
                        + " WHERE id = :id AND owner = :owner AND deleted_at IS NULL")
                .param("id", id)
                .param("owner", owner)
                .param("now", Timestamp.from(now))
                .update();
        if (deleted == 0) {
            return false;
        }
        cancelPending(id, "subscription deleted");
        return true;
    }

    /**
     * Stops deliveries to a subscription and cancels its pending messages.
     *
     * @return whether it was enabled until now
     */
    @Transactional
    public boolean disable(UUID id, String reason, Instant now) {
        int disabled = jdbc.sql("""
                        UPDATE subscriptions SET enabled = false, disabled_reason = :reason, disabled_at = :now,
                                                 updated_at = :now
                         WHERE id = :id AND enabled
                        """)
                .param("id", id)
                .param("reason", reason)
                .param("now", Timestamp.from(now))
                .update();
        if (disabled > 0) {
            int cancelled = cancelPending(id, "subscription disabled: " + reason);
            log.warn("Subscription {} disabled ({}); {} pending messages cancelled", id, reason, cancelled);
        }
        return disabled > 0;
    }

    /** The keys that sign now: current keys, and old ones still inside their rotation overlap. */
    public List<SigningKeys.Key> signingKeys(UUID id, Instant now) {
        return jdbc.sql("""
                        SELECT scheme, secret, public_key FROM signing_keys
                         WHERE subscription_id = :id AND (expires_at IS NULL OR expires_at > :now)
                         ORDER BY id DESC
                        """)
                .param("id", id)
                .param("now", Timestamp.from(now))
                .query((rs, row) ->
                        new SigningKeys.Key(rs.getString("scheme"), rs.getString("secret"), rs.getString("public_key")))
                .list();
    }

    /** The public keys ({@code whpk_…}) a receiver may trust now, newest first. */
    List<String> publicKeys(UUID id, Instant now) {
        return signingKeys(id, now).stream()
                .map(SigningKeys.Key::publicKey)
                .filter(key -> key != null)
                .toList();
    }

    /**
     * Replaces the subscription's keys: new keys of the same schemes become current, the old ones keep signing until
     * {@code now + overlap} (zero: they stop at once).
     */
    @Transactional
    Optional<List<SigningKeys.Key>> rotate(String owner, UUID id, Duration overlap, Instant now) {
        Optional<Subscription> subscription = find(owner, id);
        if (subscription.isEmpty()) {
            return Optional.empty();
        }
        jdbc.sql("""
                        UPDATE signing_keys SET expires_at = LEAST(COALESCE(expires_at, :until), :until)
                         WHERE subscription_id = :id AND (expires_at IS NULL OR expires_at > :now)
                        """)
                .param("id", id)
                .param("until", Timestamp.from(now.plus(overlap)))
                .param("now", Timestamp.from(now))
                .update();
        List<SigningKeys.Key> fresh = new ArrayList<>();
        for (String scheme : subscription.get().signatures()) {
            SigningKeys.Key key = SigningKeys.generate(scheme);
            addKey(id, key, now);
            fresh.add(key);
        }
        jdbc.sql("UPDATE subscriptions SET updated_at = :now WHERE id = :id")
                .param("id", id)
                .param("now", Timestamp.from(now))
                .update();
        return Optional.of(fresh);
    }

    /** Subscriptions whose share feeds this credit belongs to. Paused ones too: their messages wait. */
    public List<Target> shareTargets(String sharerRef, String subjectRef) {
        return jdbc
                .sql("""
                        SELECT id, owner, min_confidence, digest_window_ms, min_interval_ms, event_types FROM subscriptions
                         WHERE enabled AND deleted_at IS NULL
                           AND (cardinality(sharers) = 0 OR :sharer = ANY (sharers))
                           AND (cardinality(subjects) = 0 OR :subject = ANY (subjects))
                         ORDER BY id
                        """)
                .param("sharer", sharerRef)
                .param("subject", subjectRef)
                .query((rs, row) -> target(rs))
                .list()
                .stream()
                .filter(t -> t.alertTypes().stream()
                        .anyMatch(type -> type != dev.ripple.notify.policy.AlertType.SUBJECT_DIGEST))
                .toList();
    }

    /** Subscriptions that asked for subject digests about this account. */
    public List<Target> subjectTargets(String subjectRef) {
        return jdbc.sql("""
                        SELECT id, owner, min_confidence, digest_window_ms, min_interval_ms, event_types FROM subscriptions
                         WHERE enabled AND deleted_at IS NULL
                           AND 'subject.follows.digest' = ANY (event_types)
                           AND (cardinality(subjects) = 0 OR :subject = ANY (subjects))
                         ORDER BY id
                        """)
                .param("subject", subjectRef)
                .query((rs, row) -> target(rs))
                .list();
    }

    /** The alert settings of an enabled subscription; empty when it is gone or disabled. */
    public Optional<Target> target(UUID id) {
        return jdbc.sql("""
                        SELECT id, owner, min_confidence, digest_window_ms, min_interval_ms, event_types FROM subscriptions
                         WHERE id = :id AND enabled AND deleted_at IS NULL
                        """).param("id", id).query((rs, row) -> target(rs)).optional();
    }

    /** The owner's enabled subscriptions that receive this event type, except one. */
    public List<UUID> operationalTargets(String owner, String type, UUID except) {
        List<UUID> ids = new ArrayList<>();
        jdbc.sql("""
                        SELECT id, event_types FROM subscriptions
                         WHERE owner = :owner AND enabled AND deleted_at IS NULL AND id <> :except
                         ORDER BY id
                        """)
                .param("owner", owner)
                .param("except", except)
                .query((rs, row) -> {
                    if (EventTypes.effective(strings(rs.getArray("event_types")))
                            .contains(type)) {
                        ids.add(rs.getObject("id", UUID.class));
                    }
                    return null;
                })
                .list();
        return ids;
    }

    private void addKey(UUID id, SigningKeys.Key key, Instant now) {
        jdbc.sql("""
                        INSERT INTO signing_keys (subscription_id, scheme, secret, public_key, created_at)
                        VALUES (:id, :scheme, :secret, :publicKey, :now)
                        """)
                .param("id", id)
                .param("scheme", key.scheme())
                .param("secret", key.secret())
                .param("publicKey", key.publicKey(), Types.VARCHAR)
                .param("now", Timestamp.from(now))
                .update();
    }

    private int cancelPending(UUID id, String reason) {
        return jdbc.sql("""
                        UPDATE messages SET status = 'CANCELLED', leased_until = NULL, last_error = :reason
                         WHERE subscription_id = :id AND status = 'PENDING'
                        """).param("id", id).param("reason", reason).update();
    }

    private static Target target(ResultSet rs) throws SQLException {
        return new Target(
                rs.getObject("id", UUID.class),
                rs.getString("owner"),
                rs.getDouble("min_confidence"),
                Duration.ofMillis(rs.getLong("digest_window_ms")),
                EventTypes.alertTypes(strings(rs.getArray("event_types"))),
                Duration.ofMillis(rs.getLong("min_interval_ms")));
    }

    static SqlParameterValue array(List<String> values) {
        return new SqlParameterValue(Types.ARRAY, values.toArray(String[]::new));
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Subscription map(ResultSet rs) throws SQLException {
        return new Subscription(
                rs.getObject("id", UUID.class),
                rs.getString("owner"),
                rs.getString("url"),
                rs.getString("description"),
                strings(rs.getArray("sharers")),
                strings(rs.getArray("subjects")),
                strings(rs.getArray("event_types")),
                rs.getDouble("min_confidence"),
                Duration.ofMillis(rs.getLong("digest_window_ms")),
                Duration.ofMillis(rs.getLong("min_interval_ms")),
                rs.getBoolean("ordered"),
                rs.getInt("max_concurrency"),
                rs.getDouble("rate_limit"),
                strings(rs.getArray("schemes")),
                rs.getBoolean("paused"),
                rs.getBoolean("enabled"),
                rs.getString("disabled_reason"),
                instant(rs, "disabled_at"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                new Subscription.Health(
                        instant(rs, "failing_since"),
                        rs.getInt("consecutive_failures"),
                        instant(rs, "last_success_at"),
                        instant(rs, "last_failure_at"),
                        instant(rs, "circuit_open_until")));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
