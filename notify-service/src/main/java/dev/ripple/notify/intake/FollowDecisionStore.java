package dev.ripple.notify.intake;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The newest decision per follow over all of its messages (one per credited sharer, or one with no sharer): whether it
 * is attributed to someone, or only cascade-level burst credit.
 */
@Repository
class FollowDecisionStore {

    /** What one version decided about a follow as a whole. */
    record FollowDecision(
            int version,
            String subjectRef,
            String cascadeId,
            boolean attributed,
            boolean burst,
            double confidence,
            String exposerRef,
            String exposerHandle,
            String followerHandle,
            Instant followedAt) {}

    private final JdbcClient jdbc;

    FollowDecisionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<FollowDecision> lock(String followId) {
        return jdbc.sql("""
                        SELECT decision_version, subject_ref, cascade_id, attributed, burst, confidence, exposer_ref,
                               exposer_handle, follower_handle, followed_at
                          FROM follow_decisions WHERE follow_id = :follow FOR UPDATE
                        """)
                .param("follow", followId)
                .query((rs, row) -> new FollowDecision(
                        rs.getInt("decision_version"),
                        rs.getString("subject_ref"),
                        rs.getString("cascade_id"),
                        rs.getBoolean("attributed"),
                        rs.getBoolean("burst"),
                        rs.getDouble("confidence"),
                        rs.getString("exposer_ref"),
                        rs.getString("exposer_handle"),
                        rs.getString("follower_handle"),
                        rs.getTimestamp("followed_at").toInstant()))
                .optional();
    }

    void save(String followId, FollowDecision decision, Instant now) {
        jdbc.sql("""
                        INSERT INTO follow_decisions (follow_id, decision_version, subject_ref, cascade_id, attributed,
                                                      burst, confidence, exposer_ref, exposer_handle, follower_handle,
                                                      followed_at, updated_at)
                        VALUES (:follow, :version, :subject, :cascade, :attributed, :burst, :confidence, :exposerRef,
                                :exposerHandle, :followerHandle, :followedAt, :now)
                        ON CONFLICT (follow_id) DO UPDATE
                           SET decision_version = EXCLUDED.decision_version, subject_ref = EXCLUDED.subject_ref,
                               cascade_id = EXCLUDED.cascade_id, attributed = EXCLUDED.attributed,
                               burst = EXCLUDED.burst, confidence = EXCLUDED.confidence,
                               exposer_ref = EXCLUDED.exposer_ref, exposer_handle = EXCLUDED.exposer_handle,
                               follower_handle = EXCLUDED.follower_handle, followed_at = EXCLUDED.followed_at,
                               updated_at = EXCLUDED.updated_at
                        """)
                .param("follow", followId)
                .param("version", decision.version())
                .param("subject", decision.subjectRef())
                .param("cascade", decision.cascadeId())
                .param("attributed", decision.attributed())
                .param("burst", decision.burst())
                .param("confidence", decision.confidence())
                .param("exposerRef", decision.exposerRef())
                .param("exposerHandle", decision.exposerHandle())
                .param("followerHandle", decision.followerHandle())
                .param("followedAt", Timestamp.from(decision.followedAt()))
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Follows of the cascade whose newest decision is burst-level credit only. */
    int burstFollows(String cascadeId) {
        return jdbc.sql("SELECT count(*) FROM follow_decisions WHERE cascade_id = :cascade AND burst")
                .param("cascade", cascadeId)
                .query(Integer.class)
                .single();
    }

    /** Records activity in a cascade (any decision about one of its follows). */
    void touchCascade(String cascadeId, String subjectRef, Instant eventTime, Instant now) {
        jdbc.sql("""
                        INSERT INTO cascade_activity (cascade_id, subject_ref, last_event_time, last_seen_at)
                        VALUES (:cascade, :subject, :eventTime, :now)
                        ON CONFLICT (cascade_id) DO UPDATE
                           SET last_event_time = GREATEST(cascade_activity.last_event_time, EXCLUDED.last_event_time),
                               last_seen_at = EXCLUDED.last_seen_at
                        """)
                .param("cascade", cascadeId)
                .param("subject", subjectRef)
                .param("eventTime", Timestamp.from(eventTime))
                .param("now", Timestamp.from(now))
                .update();
    }
}
