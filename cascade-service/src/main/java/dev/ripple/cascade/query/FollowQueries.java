package dev.ripple.cascade.query;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A follow's attribution decision with everything needed to explain it. */
@Repository
public class FollowQueries {

    private final JdbcClient jdbc;
    private final CustomPlans plans;

    FollowQueries(JdbcClient jdbc, CustomPlans plans) {
        this.jdbc = jdbc;
        this.plans = plans;
    }

    /**
     * A stored follow and its current decision ({@code decisionVersion} 0 = not decided yet); {@code pathJson} and
     * {@code candidatesJson} as the engine stored them.
     */
    public record FollowDecision(
            String id,
            String platform,
            String followerRef,
            String subjectRef,
            Instant followedAt,
            String viaUri,
            int decisionVersion,
            String tier,
            Double confidence,
            UUID cascadeId,
            String exposureUri,
            String exposerRef,
            String pathJson,
            List<String> creditedRefs,
            String candidatesJson,
            Instant decidedAt,
            String modelVersion) {}

    /** How a share was placed, to enrich the steps of a follow's path. */
    public record Placement(String uri, String kind, String rule, double confidence, int depth) {}

    public Optional<FollowDecision> find(String id) {
        return jdbc.sql("""
                        select event_id, platform, follower_ref, followee_ref, occurred_at, via_uri, decision_version,
                               tier, confidence, cascade_id, exposure_uri, exposer_ref, path::text as path,
                               credited_refs, candidates::text as candidates, decided_at, model_version
                          from follow where event_id = :id
                        """)
                .param("id", id)
                .query((rs, row) -> new FollowDecision(
                        rs.getString("event_id"),
                        rs.getString("platform"),
                        rs.getString("follower_ref"),
                        rs.getString("followee_ref"),
                        Rows.instant(rs, "occurred_at"),
                        rs.getString("via_uri"),
                        rs.getInt("decision_version"),
                        rs.getString("tier"),
                        (Double) rs.getObject("confidence"),
                        rs.getObject("cascade_id", UUID.class),
                        rs.getString("exposure_uri"),
                        rs.getString("exposer_ref"),
                        rs.getString("path"),
                        Rows.strings(rs, "credited_refs"),
                        rs.getString("candidates"),
                        Rows.instant(rs, "decided_at"),
                        rs.getString("model_version")))
                .optional();
    }

    /** How the given shares of a subject were placed, by uri. */
    public Map<String, Placement> placements(String subjectRef, List<String> uris) {
        Map<String, Placement> placements = new HashMap<>();
        if (uris.isEmpty()) {
            return placements;
        }
        jdbc.sql("""
                        select uri, kind, rule, confidence, depth from share_node
                         where subject_ref = :subject and uri = any(:uris)
                        """)
                .param("subject", subjectRef)
                .param("uris", uris.toArray(String[]::new))
                .query(rs -> {
                    placements.put(
                            rs.getString("uri"),
                            new Placement(
                                    rs.getString("uri"),
                                    rs.getString("kind"),
                                    rs.getString("rule"),
                                    rs.getDouble("confidence"),
                                    rs.getInt("depth")));
                });
        return placements;
    }
}
