package dev.ripple.cascade.store;

import dev.ripple.cascade.correlation.Attribution;
import dev.ripple.cascade.correlation.Node;
import dev.ripple.events.AttributionTier;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Follows of subjects and their attribution decisions (table {@code follow}). */
@Repository
public class FollowStore {

    private final JdbcClient jdbc;

    FollowStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts an undecided follow; empty when this event id was stored before (a re-delivery). */
    public Optional<FollowRow> insert(
            String eventId, String platform, String followerRef, String followeeRef, Instant at, String viaUri) {
        int rows = jdbc.sql("""
                        insert into follow (event_id, platform, follower_ref, followee_ref, occurred_at, via_uri)
                        values (:id, :platform, :follower, :followee, :at, :via)
                        on conflict (event_id) do nothing
                        """)
                .param("id", eventId)
                .param("platform", platform)
                .param("follower", followerRef)
                .param("followee", followeeRef)
                .param("at", Sql.time(at))
                .param("via", viaUri)
                .update();
        if (rows == 0) {
            return Optional.empty();
        }
        return Optional.of(new FollowRow(
                eventId, platform, followerRef, followeeRef, at, viaUri, 0, null, 0, null, null, List.of(), null));
    }

    /** Follows of a subject that happened in [from, to], locked for re-decision. */
    public List<FollowRow> ofSubjectBetween(String subjectRef, Instant from, Instant to) {
        return jdbc.sql("""
                        select * from follow
                         where followee_ref = :subject and occurred_at between :from and :to
                         order by occurred_at, event_id
                           for update
                        """)
                .param("subject", subjectRef)
                .param("from", Sql.time(from))
                .param("to", Sql.time(to))
                .query((rs, row) -> row(rs))
                .list();
    }

    /** Every follow made by an account (of any subject), locked for re-decision. */
    public List<FollowRow> byFollower(String followerRef) {
        return jdbc.sql("select * from follow where follower_ref = :follower order by occurred_at, event_id for update")
                .param("follower", followerRef)
                .query((rs, row) -> row(rs))
                .list();
    }

    /** Stores a new version of a follow's decision. */
    public void decide(FollowRow follow, int version, Attribution attribution) {
        List<Map<String, Object>> path =
                attribution.path().stream().map(FollowStore::pathStep).toList();
        jdbc.sql("""
                        update follow
                           set decision_version = :version, tier = :tier, confidence = :confidence,
                               cascade_id = :cascadeId, exposure_uri = :exposureUri, exposer_ref = :exposerRef,
                               path = cast(:path as jsonb), credited_refs = :credited,
                               candidates = cast(:candidates as jsonb), decided_at = :decidedAt,
                               model_version = :modelVersion
                         where event_id = :id
                        """)
                .param("version", version)
                .param("tier", attribution.tier().name())
                .param("confidence", attribution.confidence())
                .param("cascadeId", attribution.cascadeId() == null ? null : UUID.fromString(attribution.cascadeId()))
                .param("exposureUri", attribution.exposureUri())
                .param(
                        "exposerRef",
                        attribution.exposure() == null
                                ? null
                                : attribution.exposure().actorRef())
                .param("path", Json.write(path))
                .param("credited", attribution.creditedRefs().toArray(String[]::new))
                .param("candidates", Json.write(attribution.candidates()))
                .param("decidedAt", Sql.time(attribution.decidedAt()))
                .param("modelVersion", dev.ripple.cascade.correlation.CorrelationSettings.MODEL_VERSION)
                .param("id", follow.eventId())
                .update();
    }

    private static Map<String, Object> pathStep(Node node) {
        return Map.of(
                "uri", node.uri(),
                "actorRef", node.actorRef(),
                "rule", node.rule().name(),
                "at", node.at().toString());
    }

    static FollowRow row(ResultSet rs) throws SQLException {
        String tier = rs.getString("tier");
        return new FollowRow(
                rs.getString("event_id"),
                rs.getString("platform"),
                rs.getString("follower_ref"),
                rs.getString("followee_ref"),
                Sql.instant(rs, "occurred_at"),
                rs.getString("via_uri"),
                rs.getInt("decision_version"),
                tier == null ? null : AttributionTier.valueOf(tier),
                rs.getDouble("confidence"),
                rs.getString("cascade_id"),
                rs.getString("exposure_uri"),
                List.of(Sql.strings(rs.getArray("credited_refs"))),
                Sql.instant(rs, "decided_at"));
    }
}
