package dev.ripple.notify.intake;

import dev.ripple.notify.policy.DigestWindow;
import dev.ripple.notify.policy.Person;
import dev.ripple.notify.policy.StreamKey;
import dev.ripple.notify.policy.StreamState;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The policy's state per stream, one row each, always read {@code FOR UPDATE}. */
@Repository
class StreamStore {

    private static final String COLUMNS = """
            s.id, s.partition_id, s.sharer_ref, s.subject_ref, s.cascade_id, s.sharer_handle, s.subject_handle,
            s.total_follows, s.first_sent, s.latest_path, s.window_start, s.window_end, s.window_opened_at,
            s.window_new_follows, s.window_withdrawals, s.window_min_confidence, s.window_sample
            """;

    private final JdbcClient jdbc;

    StreamStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Loads the stream for update, creating it empty first when it does not exist yet. */
    StoredStream lockOrCreate(StreamKey key, Person sharer, Person subject, int partition, Instant now) {
        jdbc.sql("""
                        INSERT INTO streams (sharer_ref, subject_ref, cascade_id, sharer_handle, subject_handle,
                                             partition_id, created_at, updated_at)
                        VALUES (:sharer, :subject, :cascade, :sharerHandle, :subjectHandle, :partition, :now, :now)
                        ON CONFLICT (sharer_ref, subject_ref, cascade_id) DO NOTHING
                        """)
                .param("sharer", key.sharerRef())
                .param("subject", key.subjectRef())
                .param("cascade", key.cascadeId())
                .param("sharerHandle", sharer.handle())
                .param("subjectHandle", subject.handle())
                .param("partition", partition)
                .param("now", Timestamp.from(now))
                .update();
        return jdbc.sql("SELECT " + COLUMNS + """
                          FROM streams s
                         WHERE s.sharer_ref = :sharer AND s.subject_ref = :subject AND s.cascade_id = :cascade
                           FOR UPDATE
                        """)
                .param("sharer", key.sharerRef())
                .param("subject", key.subjectRef())
                .param("cascade", key.cascadeId())
                .query((rs, row) -> map(rs, null))
                .single();
    }

    StoredStream lock(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM streams s WHERE s.id = :id FOR UPDATE")
                .param("id", id)
                .query((rs, row) -> map(rs, null))
                .single();
    }

    /**
     * Locks streams whose open window may be due: opened before {@code openedBefore}, or ending at or before the
     * watermark of the stream's partition. Rows locked by another transaction are skipped.
     */
    List<StoredStream> lockDue(String topic, Instant openedBefore, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + ", w.event_time AS watermark" + """
                          FROM streams s
                          LEFT JOIN watermarks w ON w.topic = :topic AND w.partition_id = s.partition_id
                         WHERE s.window_end IS NOT NULL
                           AND (s.window_opened_at <= :openedBefore OR s.window_end <= w.event_time)
                         ORDER BY s.window_opened_at
                         LIMIT :limit
                           FOR UPDATE OF s SKIP LOCKED
                        """)
                .param("topic", topic)
                .param("openedBefore", Timestamp.from(openedBefore))
                .param("limit", limit)
                .query((rs, row) -> map(rs, instant(rs, "watermark")))
                .list();
    }

    void save(long id, int partition, StreamState state, Instant now) {
        DigestWindow window = state.window();
        jdbc.sql("""
                        UPDATE streams
                           SET sharer_handle = :sharerHandle, subject_handle = :subjectHandle,
                               partition_id = :partition, total_follows = :total, first_sent = :firstSent,
                               latest_path = :path, window_start = :windowStart, window_end = :windowEnd,
                               window_opened_at = :windowOpenedAt, window_new_follows = :newFollows,
                               window_withdrawals = :withdrawals, window_min_confidence = :minConfidence,
                               window_sample = :sample, updated_at = :now
                         WHERE id = :id
                        """)
                .param("id", id)
                .param("sharerHandle", state.sharer().handle())
                .param("subjectHandle", state.subject().handle())
                .param("partition", partition)
                .param("total", state.totalFollows())
                .param("firstSent", state.firstSent())
                .param("path", textArray(state.path()))
                .param("windowStart", window == null ? null : Timestamp.from(window.start()), Types.TIMESTAMP)
                .param("windowEnd", window == null ? null : Timestamp.from(window.end()), Types.TIMESTAMP)
                .param("windowOpenedAt", window == null ? null : Timestamp.from(window.openedAt()), Types.TIMESTAMP)
                .param("newFollows", window == null ? 0 : window.newFollows())
                .param("withdrawals", window == null ? 0 : window.withdrawals())
                .param("minConfidence", window == null ? null : window.minConfidence(), Types.DOUBLE)
                .param("sample", textArray(window == null ? List.of() : window.sampleFollowers()))
                .param("now", Timestamp.from(now))
                .update();
    }

    static SqlParameterValue textArray(List<String> values) {
        return new SqlParameterValue(Types.ARRAY, values.toArray(String[]::new));
    }

    private static StoredStream map(ResultSet rs, Instant watermark) throws SQLException {
        StreamKey key =
                new StreamKey(rs.getString("sharer_ref"), rs.getString("subject_ref"), rs.getString("cascade_id"));
        Person sharer = new Person(key.sharerRef(), rs.getString("sharer_handle"));
        Person subject = new Person(key.subjectRef(), rs.getString("subject_handle"));
        DigestWindow window = null;
        Instant windowStart = instant(rs, "window_start");
        if (windowStart != null) {
            double lowest = rs.getDouble("window_min_confidence");
            Double minConfidence = rs.wasNull() ? null : lowest;
            window = new DigestWindow(
                    windowStart,
                    instant(rs, "window_end"),
                    instant(rs, "window_opened_at"),
                    rs.getInt("window_new_follows"),
                    rs.getInt("window_withdrawals"),
                    minConfidence,
                    strings(rs.getArray("window_sample")));
        }
        StreamState state = new StreamState(
                key,
                sharer,
                subject,
                rs.getInt("total_follows"),
                rs.getBoolean("first_sent"),
                window,
                strings(rs.getArray("latest_path")));
        return new StoredStream(rs.getLong("id"), rs.getInt("partition_id"), state, watermark);
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
