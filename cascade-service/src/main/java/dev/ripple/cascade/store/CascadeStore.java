package dev.ripple.cascade.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Cascades and their statistics, and the queries the API answers from. */
@Repository
public class CascadeStore {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;

    CascadeStore(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** A cascade row. */
    public record CascadeRow(
            UUID id,
            String subjectRef,
            String rootUri,
            String rootActorRef,
            String platform,
            Instant startedAt,
            Instant lastActivityAt,
            int size,
            int maxDepth,
            int maxBreadth,
            double structuralVirality,
            int attributedFollows,
            int directFollows,
            int downstreamFollows,
            Instant firstFollowAt) {}

    /** Follows of a subject, attributed or not. */
    public record FollowSummary(long total, long attributed, long unattributed, long undecided) {}

    /** Follows credited to one sharer within a cascade. */
    public record SharerCredit(String sharerRef, long follows) {}

    /** A follow's path, for counting follows downstream of each share. */
    public record FollowPath(String exposureUri, List<String> pathUris) {}

    /** The PostgreSQL NOTIFY channel on which the ids of changed cascades are announced at commit. */
    public static final String CHANGES_CHANNEL = "cascade_changed";

    public Optional<CascadeRow> find(UUID id) {
        return jdbc.sql("select * from cascade where id = :id")
                .param("id", id)
                .query((rs, row) -> row(rs))
                .optional();
    }

    /** Cascades, most recently active first; of one subject when {@code subjectRef} is given. */
    public List<CascadeRow> list(String subjectRef, int limit) {
        if (subjectRef == null) {
            return jdbc.sql(
                            "select * from cascade where merged_into is null order by last_activity_at desc, id limit :limit")
                    .param("limit", limit)
                    .query((rs, row) -> row(rs))
                    .list();
        }
        return jdbc.sql(
                        "select * from cascade where subject_ref = :subject and merged_into is null order by last_activity_at desc, id limit :limit")
                .param("subject", subjectRef)
                .param("limit", limit)
                .query((rs, row) -> row(rs))
                .list();
    }

    public FollowSummary followSummary(String subjectRef) {
        return jdbc.sql("""
                        select count(*) as total,
                               count(*) filter (where cardinality(credited_refs) > 0) as attributed,
                               count(*) filter (where decision_version > 0 and cardinality(credited_refs) = 0)
                                   as unattributed,
                               count(*) filter (where decision_version = 0) as undecided
                          from follow where followee_ref = :subject
                        """)
                .param("subject", subjectRef)
                .query((rs, row) -> new FollowSummary(
                        rs.getLong("total"),
                        rs.getLong("attributed"),
                        rs.getLong("unattributed"),
                        rs.getLong("undecided")))
                .single();
    }

    /** Follows credited to each sharer in a cascade, most first. */
    public List<SharerCredit> credits(UUID cascadeId) {
        return jdbc.sql("""
                        select sharer, count(*) as follows
                          from follow, unnest(credited_refs) as sharer
                         where cascade_id = :id
                         group by sharer
                         order by follows desc, sharer
                        """)
                .param("id", cascadeId)
                .query((rs, row) -> new SharerCredit(rs.getString("sharer"), rs.getLong("follows")))
                .list();
    }

    /** The path of every attributed follow of a cascade. */
    public List<FollowPath> followPaths(UUID cascadeId) {
        return jdbc.sql("""
                        select exposure_uri, array(select p ->> 'uri' from jsonb_array_elements(path) p) as uris
                          from follow
                         where cascade_id = :id and cardinality(credited_refs) > 0
                        """)
                .param("id", cascadeId)
                .query((rs, row) ->
                        new FollowPath(rs.getString("exposure_uri"), List.of(Sql.strings(rs.getArray("uris")))))
                .list();
    }

    /** How many follows each share of a cascade is on the path of. */
    public static Map<String, Long> downstreamCounts(List<FollowPath> paths) {
        return paths.stream()
                .flatMap(path -> path.pathUris().stream())
                .collect(Collectors.groupingBy(uri -> uri, Collectors.counting()));
    }

    static CascadeRow row(ResultSet rs) throws SQLException {
        return new CascadeRow(
                rs.getObject("id", UUID.class),
                rs.getString("subject_ref"),
                rs.getString("root_uri"),
                rs.getString("root_actor_ref"),
                rs.getString("platform"),
                Sql.instant(rs, "started_at"),
                Sql.instant(rs, "last_activity_at"),
                rs.getInt("size"),
                rs.getInt("max_depth"),
                rs.getInt("max_breadth"),
                rs.getDouble("structural_virality"),
                rs.getInt("attributed_follows"),
                rs.getInt("direct_follows"),
                rs.getInt("downstream_follows"),
                Sql.instant(rs, "first_follow_at"));
    }
}
