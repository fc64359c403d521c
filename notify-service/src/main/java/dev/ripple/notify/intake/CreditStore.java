package dev.ripple.notify.intake;

import dev.ripple.events.FollowAttributed;
import dev.ripple.notify.policy.PriorCredit;
import dev.ripple.notify.policy.StreamKey;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The newest attribution decision applied per (follow, sharer): what makes re-deliveries change nothing. */
@Repository
class CreditStore {

    private final JdbcClient jdbc;

    CreditStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StoredCredit> lock(String followId, String sharerRef) {
        return jdbc.sql("""
                        SELECT c.decision_version, c.credited, c.stream_id,
                               s.sharer_ref AS stream_sharer, s.subject_ref AS stream_subject, s.cascade_id
                          FROM credits c
                          LEFT JOIN streams s ON s.id = c.stream_id
                         WHERE c.follow_id = :followId AND c.sharer_ref = :sharer
                           FOR UPDATE OF c
                        """)
                .param("followId", followId)
                .param("sharer", sharerRef)
                .query((rs, row) -> {
                    long streamId = rs.getLong("stream_id");
                    boolean hasStream = !rs.wasNull();
                    StreamKey stream = hasStream
                            ? new StreamKey(
                                    rs.getString("stream_sharer"),
                                    rs.getString("stream_subject"),
                                    rs.getString("cascade_id"))
                            : null;
                    PriorCredit prior =
                            new PriorCredit(rs.getInt("decision_version"), rs.getBoolean("credited"), stream);
                    return new StoredCredit(prior, hasStream ? streamId : null);
                })
                .optional();
    }

    /** Records the decision as the newest for its (follow, sharer) pair. */
    void record(FollowAttributed event, Long streamId, Instant now) {
        jdbc.sql("""
                        INSERT INTO credits (follow_id, sharer_ref, decision_version, event_id, credited, stream_id,
                                             follower_ref, follower_handle, followed_at, decided_at, confidence,
                                             consumed_at)
                        VALUES (:followId, :sharer, :version, :eventId, :credited, :streamId, :followerRef,
                                :followerHandle, :followedAt, :decidedAt, :confidence, :now)
                        ON CONFLICT (follow_id, sharer_ref) DO UPDATE
                           SET decision_version = EXCLUDED.decision_version, event_id = EXCLUDED.event_id,
                               credited = EXCLUDED.credited, stream_id = EXCLUDED.stream_id,
                               follower_ref = EXCLUDED.follower_ref, follower_handle = EXCLUDED.follower_handle,
                               followed_at = EXCLUDED.followed_at, decided_at = EXCLUDED.decided_at,
                               confidence = EXCLUDED.confidence, consumed_at = EXCLUDED.consumed_at
                         WHERE credits.decision_version < EXCLUDED.decision_version
                        """)
                .param("followId", event.followId())
                .param("sharer", event.sharer().ref())
                .param("version", event.decisionVersion())
                .param("eventId", event.id())
                .param("credited", event.credited())
                .param("streamId", streamId, Types.BIGINT)
                .param("followerRef", event.follower().ref())
                .param("followerHandle", event.follower().handle())
                .param("followedAt", Timestamp.from(event.followedAt()))
                .param("decidedAt", Timestamp.from(event.decidedAt()))
                .param("confidence", event.confidence())
                .param("now", Timestamp.from(now))
                .update();
    }
}
