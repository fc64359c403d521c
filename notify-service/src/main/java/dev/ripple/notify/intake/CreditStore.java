package dev.ripple.notify.intake;

import dev.ripple.events.FollowAttributed;
import java.sql.Timestamp;
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

    /** The version stored for the pair, locked for the rest of the transaction. */
    Optional<Integer> lockVersion(String followId, String sharerRef) {
        return jdbc.sql("""
                        SELECT decision_version FROM credits
                         WHERE follow_id = :followId AND sharer_ref = :sharer
                           FOR UPDATE
                        """)
                .param("followId", followId)
                .param("sharer", sharerRef)
                .query(Integer.class)
                .optional();
    }

    /** Records the decision as the newest for its (follow, sharer) pair. */
    void record(FollowAttributed event, Instant now) {
        jdbc.sql("""
                        INSERT INTO credits (follow_id, sharer_ref, decision_version, event_id, credited, tier,
                                             cascade_id, subject_ref, follower_ref, follower_handle, followed_at,
                                             decided_at, confidence, consumed_at)
                        VALUES (:followId, :sharer, :version, :eventId, :credited, :tier, :cascade, :subject,
                                :followerRef, :followerHandle, :followedAt, :decidedAt, :confidence, :now)
                        ON CONFLICT (follow_id, sharer_ref) DO UPDATE
                           SET decision_version = EXCLUDED.decision_version, event_id = EXCLUDED.event_id,
                               credited = EXCLUDED.credited, tier = EXCLUDED.tier, cascade_id = EXCLUDED.cascade_id,
                               subject_ref = EXCLUDED.subject_ref, follower_ref = EXCLUDED.follower_ref,
                               follower_handle = EXCLUDED.follower_handle, followed_at = EXCLUDED.followed_at,
                               decided_at = EXCLUDED.decided_at, confidence = EXCLUDED.confidence,
                               consumed_at = EXCLUDED.consumed_at
                         WHERE credits.decision_version < EXCLUDED.decision_version
                        """)
                .param("followId", event.followId())
                .param("sharer", event.sharer().ref())
                .param("version", event.decisionVersion())
                .param("eventId", event.id())
                .param("credited", event.credited())
                .param("tier", event.tier().name())
                .param("cascade", event.cascadeId())
                .param("subject", event.subject().ref())
                .param("followerRef", event.follower().ref())
                .param("followerHandle", event.follower().handle())
                .param("followedAt", Timestamp.from(event.followedAt()))
                .param("decidedAt", Timestamp.from(event.decidedAt()))
                .param("confidence", event.confidence())
                .param("now", Timestamp.from(now))
                .update();
    }
}
