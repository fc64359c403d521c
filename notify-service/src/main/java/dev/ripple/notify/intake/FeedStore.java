package dev.ripple.notify.intake;

import dev.ripple.notify.policy.Contributor;
import dev.ripple.notify.policy.FeedState;
import dev.ripple.notify.policy.Pending;
import dev.ripple.notify.policy.Person;
import dev.ripple.notify.policy.StreamKey;
import dev.ripple.notify.policy.Window;
import dev.ripple.notify.tracing.NotifyTracing;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/** The policy's state per (subscription, feed), one row each, always read {@code FOR UPDATE}. */
@Repository
class FeedStore {

    /** A feed row as loaded for update. */
    record StoredFeed(long id, UUID subscriptionId, int partition, FeedState state) {}

    static final String SHARE = "share";
    static final String SUBJECT = "subject";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String COLUMNS = """
            f.id, f.subscription_id, f.kind, f.partition_id, f.sharer_ref, f.subject_ref, f.cascade_id,
            f.sharer_handle, f.subject_handle, f.total_follows, f.first_sent, f.last_milestone, f.latest_path,
            f.pending_new, f.pending_withdrawn, f.pending_min_confidence, f.pending_sample, f.pending_by,
            f.pending_since, f.window_start, f.window_end, f.window_deadline, f.first_follow_at, f.last_follow_at,
            f.summary_pending, f.last_alert_at
            """;

    private final JdbcClient jdbc;

    FeedStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Loads the feed for update, creating it empty first when it does not exist yet. */
    StoredFeed lockOrCreate(
            UUID subscription, StreamKey key, Person sharer, Person subject, int partition, Instant now) {
        jdbc.sql("""
                        INSERT INTO feeds (subscription_id, kind, sharer_ref, subject_ref, cascade_id, sharer_handle,
                                           subject_handle, partition_id, created_at, updated_at)
                        VALUES (:subscription, :kind, :sharer, :subject, :cascade, :sharerHandle, :subjectHandle,
                                :partition, :now, :now)
                        ON CONFLICT (subscription_id, kind, sharer_ref, subject_ref, cascade_id) DO NOTHING
                        """)
                .param("subscription", subscription)
                .param("kind", kind(key))
                .param("sharer", key.sharerRef())
                .param("subject", key.subjectRef())
                .param("cascade", key.cascadeId())
                .param("sharerHandle", sharer.handle())
                .param("subjectHandle", subject.handle())
                .param("partition", partition)
                .param("now", Timestamp.from(now))
                .update();
        return jdbc.sql("SELECT " + COLUMNS + """
                          FROM feeds f
                         WHERE f.subscription_id = :subscription AND f.kind = :kind AND f.sharer_ref = :sharer
                           AND f.subject_ref = :subject AND f.cascade_id = :cascade
                           FOR UPDATE
                        """)
                .param("subscription", subscription)
                .param("kind", kind(key))
                .param("sharer", key.sharerRef())
                .param("subject", key.subjectRef())
                .param("cascade", key.cascadeId())
                .query((rs, row) -> map(rs))
                .single();
    }

    StoredFeed lock(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM feeds f WHERE f.id = :id FOR UPDATE")
                .param("id", id)
                .query((rs, row) -> map(rs))
                .single();
    }

    /** The feed of this subscription in which the follow is counted for this sharer (or subject feed), if any. */
    Optional<Long> countedIn(UUID subscription, StreamKey anyKeyOfKind, String followId) {
        if (anyKeyOfKind.isSubjectFeed()) {
            return jdbc.sql("""
                            SELECT f.id FROM feed_follows ff JOIN feeds f ON f.id = ff.feed_id
                             WHERE ff.follow_id = :follow AND f.subscription_id = :subscription
                               AND f.kind = 'subject' AND f.subject_ref = :subject
                            """)
                    .param("follow", followId)
                    .param("subscription", subscription)
                    .param("subject", anyKeyOfKind.subjectRef())
                    .query(Long.class)
                    .optional();
        }
        return jdbc.sql("""
                        SELECT f.id FROM feed_follows ff JOIN feeds f ON f.id = ff.feed_id
                         WHERE ff.follow_id = :follow AND f.subscription_id = :subscription
                           AND f.kind = 'share' AND f.sharer_ref = :sharer
                        """)
                .param("follow", followId)
                .param("subscription", subscription)
                .param("sharer", anyKeyOfKind.sharerRef())
                .query(Long.class)
                .optional();
    }

    void count(long feedId, String followId) {
        jdbc.sql("INSERT INTO feed_follows (feed_id, follow_id) VALUES (:feed, :follow) ON CONFLICT DO NOTHING")
                .param("feed", feedId)
                .param("follow", followId)
                .update();
    }

    void uncount(long feedId, String followId) {
        jdbc.sql("DELETE FROM feed_follows WHERE feed_id = :feed AND follow_id = :follow")
                .param("feed", feedId)
                .param("follow", followId)
                .update();
    }

    /**
     * Locks feeds whose open window may be due: past their wall-clock deadline, or ending at or before the watermark
     * that closes them (their partition's for share feeds, the lowest of all partitions for subject feeds). Rows
     * locked by another transaction are skipped.
     */
    List<StoredFeed> lockDueWindows(String topic, Instant now, Instant lowestWatermark, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + """
                          FROM feeds f
                          LEFT JOIN watermarks w ON w.topic = :topic AND w.partition_id = f.partition_id
                         WHERE f.window_end IS NOT NULL
                           AND (f.window_deadline <= :now
                                OR (f.kind = 'share' AND f.window_end <= w.event_time)
                                OR (f.kind = 'subject' AND f.window_end <= :lowest))
                         ORDER BY f.window_deadline
                         LIMIT :limit
                           FOR UPDATE OF f SKIP LOCKED
                        """)
                .param("topic", topic)
                .param("now", Timestamp.from(now))
                .param("lowest", lowestWatermark == null ? null : Timestamp.from(lowestWatermark), Types.TIMESTAMP)
                .param("limit", limit)
                .query((rs, row) -> map(rs))
                .list();
    }

    /**
     * Locks share feeds with changes since their last summary whose cascade has been quiet for {@code quiet}: in
     * event time (its latest activity plus {@code quiet} at or before the lowest watermark) or in wall-clock time.
     *
     * @return the feeds, each with the event time at which its cascade became quiet
     */
    List<QuietFeed> lockQuiet(Instant now, Instant lowestWatermark, java.time.Duration quiet, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + ", a.last_event_time" + """
                          FROM feeds f
                          JOIN cascade_activity a ON a.cascade_id = f.cascade_id
                         WHERE f.summary_pending AND f.kind = 'share'
                           AND (a.last_seen_at <= :wallQuiet OR a.last_event_time <= :eventQuiet)
                         ORDER BY f.id
                         LIMIT :limit
                           FOR UPDATE OF f SKIP LOCKED
                        """)
                .param("wallQuiet", Timestamp.from(now.minus(quiet)))
                .param(
                        "eventQuiet",
                        lowestWatermark == null ? null : Timestamp.from(lowestWatermark.minus(quiet)),
                        Types.TIMESTAMP)
                .param("limit", limit)
                .query((rs, row) -> new QuietFeed(
                        map(rs), rs.getTimestamp("last_event_time").toInstant().plus(quiet)))
                .list();
    }

    record QuietFeed(StoredFeed feed, Instant quietSince) {}

    void save(long id, FeedState state, Instant now) {
        save(id, state, now, java.util.Map.of());
    }

    /**
     * Stores the feed's new state; a non-empty trace context (its latest credit's) replaces the one stored, which the
     * alerts made later from this feed continue.
     */
    void save(long id, FeedState state, Instant now, java.util.Map<String, String> trace) {
        Window window = state.window();
        Pending pending = state.pending();
        jdbc.sql("""
                        UPDATE feeds
                           SET sharer_handle = :sharerHandle, subject_handle = :subjectHandle,
                               total_follows = :total, first_sent = :firstSent, last_milestone = :milestone,
                               latest_path = :path, pending_new = :pendingNew, pending_withdrawn = :pendingWithdrawn,
                               pending_min_confidence = :minConfidence, pending_sample = :sample,
                               pending_by = CAST(:by AS jsonb), pending_since = :since,
                               window_start = :windowStart, window_end = :windowEnd, window_deadline = :deadline,
                               first_follow_at = :firstFollow, last_follow_at = :lastFollow,
                               summary_pending = :summaryPending, last_alert_at = :lastAlert, updated_at = :now,
                               trace_parent = COALESCE(:traceParent, trace_parent),
                               trace_state = CASE WHEN :traceParent IS NULL THEN trace_state ELSE :traceState END
                         WHERE id = :id
                        """)
                .param("id", id)
                .param("traceParent", trace.get(NotifyTracing.TRACEPARENT), Types.VARCHAR)
                .param("traceState", trace.get(NotifyTracing.TRACESTATE), Types.VARCHAR)
                .param("sharerHandle", state.sharer().handle())
                .param("subjectHandle", state.subject().handle())
                .param("total", state.totalFollows())
                .param("firstSent", state.firstSent())
                .param("milestone", state.lastMilestone())
                .param("path", textArray(state.path()))
                .param("pendingNew", pending.newFollows())
                .param("pendingWithdrawn", pending.withdrawn())
                .param("minConfidence", pending.minConfidence(), Types.DOUBLE)
                .param("sample", textArray(pending.sample()))
                .param("by", contributors(pending.contributors()))
                .param("since", timestamp(pending.since()), Types.TIMESTAMP)
                .param("windowStart", window == null ? null : Timestamp.from(window.start()), Types.TIMESTAMP)
                .param("windowEnd", window == null ? null : Timestamp.from(window.end()), Types.TIMESTAMP)
                .param("deadline", window == null ? null : Timestamp.from(window.deadline()), Types.TIMESTAMP)
                .param("firstFollow", timestamp(state.firstFollowAt()), Types.TIMESTAMP)
                .param("lastFollow", timestamp(state.lastFollowAt()), Types.TIMESTAMP)
                .param("summaryPending", state.summaryPending())
                .param("lastAlert", timestamp(state.lastAlertAt()), Types.TIMESTAMP)
                .param("now", Timestamp.from(now))
                .update();
    }

    static SqlParameterValue textArray(List<String> values) {
        return new SqlParameterValue(Types.ARRAY, values.toArray(String[]::new));
    }

    private static String kind(StreamKey key) {
        return key.isSubjectFeed() ? SUBJECT : SHARE;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String contributors(List<Contributor> contributors) {
        ArrayNode array = JSON.createArrayNode();
        for (Contributor c : contributors) {
            array.addObject().put("ref", c.ref()).put("handle", c.handle()).put("follows", c.follows());
        }
        return JSON.writeValueAsString(array);
    }

    private static List<Contributor> contributors(String json) {
        List<Contributor> list = new ArrayList<>();
        if (json == null) {
            return list;
        }
        for (JsonNode node : JSON.readTree(json)) {
            list.add(new Contributor(
                    node.get("ref").asString(),
                    node.get("handle").asString(),
                    node.get("follows").asInt()));
        }
        return list;
    }

    private static StoredFeed map(ResultSet rs) throws SQLException {
        StreamKey key =
                new StreamKey(rs.getString("sharer_ref"), rs.getString("subject_ref"), rs.getString("cascade_id"));
        Person sharer = new Person(key.sharerRef(), rs.getString("sharer_handle"));
        Person subject = new Person(key.subjectRef(), rs.getString("subject_handle"));
        Window window = null;
        Instant windowStart = instant(rs, "window_start");
        if (windowStart != null) {
            window = new Window(windowStart, instant(rs, "window_end"), instant(rs, "window_deadline"));
        }
        double lowest = rs.getDouble("pending_min_confidence");
        Double minConfidence = rs.wasNull() ? null : lowest;
        Pending pending = new Pending(
                rs.getInt("pending_new"),
                rs.getInt("pending_withdrawn"),
                minConfidence,
                strings(rs.getArray("pending_sample")),
                instant(rs, "pending_since"),
                contributors(rs.getString("pending_by")));
        FeedState state = new FeedState(
                key,
                sharer,
                subject,
                rs.getInt("total_follows"),
                rs.getBoolean("first_sent"),
                rs.getInt("last_milestone"),
                strings(rs.getArray("latest_path")),
                pending,
                window,
                instant(rs, "first_follow_at"),
                instant(rs, "last_follow_at"),
                rs.getBoolean("summary_pending"),
                instant(rs, "last_alert_at"));
        return new StoredFeed(
                rs.getLong("id"), rs.getObject("subscription_id", UUID.class), rs.getInt("partition_id"), state);
    }

    /** The trace context of the feed's latest credit ({@code traceparent}, {@code tracestate}); empty when none. */
    java.util.Map<String, String> trace(long id) {
        return jdbc.sql("SELECT trace_parent, trace_state FROM feeds WHERE id = :id")
                .param("id", id)
                .query(rs -> {
                    java.util.Map<String, String> trace = new java.util.LinkedHashMap<>();
                    if (rs.next() && rs.getString("trace_parent") != null) {
                        trace.put(NotifyTracing.TRACEPARENT, rs.getString("trace_parent"));
                        if (rs.getString("trace_state") != null) {
                            trace.put(NotifyTracing.TRACESTATE, rs.getString("trace_state"));
                        }
                    }
                    return trace;
                });
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }
}
