package dev.ripple.cascade.query;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The read side of cascades for the API: filtered, keyset-paginated lists, one cascade's shares and the follows they
 * brought. Every value a caller supplies is a bind parameter; the only SQL text that varies is chosen from constants.
 */
@Repository
public class CascadeQueries {

    static final String CASCADE_COLUMNS = """
            c.id, c.subject_ref, c.platform, c.root_uri, c.root_actor_ref, c.size, c.max_depth, c.max_breadth,
            c.structural_virality, c.attributed_follows, c.direct_follows, c.downstream_follows, c.started_at,
            c.first_follow_at, c.last_activity_at, c.updated_at""";

    /** A follow counts as attributed when it credits at least one sharer (the engine's definition). */
    static final String CREDITED = "cardinality(credited_refs) > 0";

    private final JdbcClient jdbc;
    private final CustomPlans plans;

    CascadeQueries(JdbcClient jdbc, CustomPlans plans) {
        this.jdbc = jdbc;
        this.plans = plans;
    }

    /** Follows of a subject by outcome. */
    public record FollowCounts(long total, long attributed, long unattributed, long undecided) {}

    /** One share of a cascade; {@code candidatesJson} only when asked for (the influence DAG edges it considered). */
    public record ShareRow(
            String uri,
            String actorRef,
            String kind,
            String parentUri,
            String rule,
            double confidence,
            int depth,
            Instant occurredAt,
            Instant deletedAt,
            String candidatesJson) {}

    /** A share and its parent, for walking a tree without loading the shares. */
    public record Link(String uri, String parentUri) {}

    /** Follows credited to one sharer within a cascade, and how many of them the sharer's own share exposed. */
    public record Credit(String sharerRef, long follows, long direct) {}

    /** Attributed follows per time bucket: bucket {@code i} covers {@code [from + i·width, from + (i+1)·width)}. */
    public record Histogram(Instant from, Instant to, long[] counts) {}

    /** Cascades matching {@code filter}, in {@code sort} order (descending), after {@code after} when given. */
    public List<CascadeRow> list(CascadeFilter filter, CascadeSort sort, Keyset after, int limit) {
        return plans.read(() -> {
            StringBuilder sql = new StringBuilder("select ")
                    .append(CASCADE_COLUMNS)
                    .append(" from cascade c where c.merged_into is null");
            Map<String, Object> params = new HashMap<>();
            if (filter.subject() != null) {
                sql.append(" and c.subject_ref = :subject");
                params.put("subject", filter.subject());
            }
            if (filter.sharer() != null) {
                sql.append(" and c.id in (select s.cascade_id from share_node s where s.actor_ref = :sharer)");
                params.put("sharer", filter.sharer());
            }
            if (filter.platform() != null) {
                sql.append(" and c.platform = :platform");
                params.put("platform", filter.platform());
            }
            // The range is on last activity, the key of the default order, so a ranged recent page is one index range.
            if (filter.from() != null) {
                sql.append(" and c.last_activity_at >= :from");
                params.put("from", Rows.time(filter.from()));
            }
            if (filter.to() != null) {
                sql.append(" and c.last_activity_at < :to");
                params.put("to", Rows.time(filter.to()));
            }
            if (filter.minSize() != null) {
                sql.append(" and c.size >= :minSize");
                params.put("minSize", filter.minSize());
            }
            if (filter.minFollows() != null) {
                sql.append(" and c.attributed_follows >= :minFollows");
                params.put("minFollows", filter.minFollows());
            }
            String column = "c." + sort.column();
            if (after != null) {
                sql.append(" and (").append(column).append(", c.id) < (:afterKey, :afterId)");
                params.put("afterKey", after.key() instanceof Instant at ? Rows.time(at) : after.key());
                params.put("afterId", after.id());
            }
            sql.append(" order by ").append(column).append(" desc, c.id desc limit :limit");
            params.put("limit", limit);
            return jdbc.sql(sql.toString())
                    .params(params)
                    .query((rs, row) -> Rows.cascade(rs))
                    .list();
        });
    }

    /**
     * A cascade by id; the id of a cascade that was merged into another resolves to the cascade it joined (following
     * at most 32 merges).
     */
    public Optional<CascadeRow> find(UUID id) {
        return jdbc.sql("""
                        with recursive chain (id, merged_into, hops) as (
                            select id, merged_into, 0 from cascade where id = :id
                            union all
                            select c.id, c.merged_into, chain.hops + 1
                              from cascade c join chain on c.id = chain.merged_into
                             where chain.hops < 32)
                        select %s from cascade c
                         where c.id = (select id from chain where merged_into is null order by hops limit 1)
                        """.formatted(CASCADE_COLUMNS))
                .param("id", id)
                .query((rs, row) -> Rows.cascade(rs))
                .optional();
    }

    /** The last change time of each given cascade that exists. */
    public Map<UUID, Instant> versions(Collection<UUID> ids) {
        Map<UUID, Instant> versions = new HashMap<>();
        if (ids.isEmpty()) {
            return versions;
        }
        jdbc.sql("select id, updated_at from cascade where id = any(:ids)")
                .param("ids", ids.toArray(UUID[]::new))
                .query(rs -> {
                    versions.put(rs.getObject("id", UUID.class), Rows.instant(rs, "updated_at"));
                });
        return versions;
    }

    /** Follows of a subject by outcome: attributed (credits a sharer), unattributed (decided, credits nobody). */
    public FollowCounts followCounts(String subjectRef) {
        return plans.read(() -> {
            // Three counts, each over a narrow index alone (V1's follow_followee_time and two partial indexes of V20):
            // cheaper than one pass over the rows, or over a wide covering index, for a subject with 100k follows.
            return jdbc.sql("""
                            select (select count(*) from follow where followee_ref = :subject) as total,
                                   (select count(*) from follow where followee_ref = :subject and %s) as attributed,
                                   (select count(*) from follow where followee_ref = :subject and decision_version = 0)
                                       as undecided
                            """.formatted(CREDITED))
                    .param("subject", subjectRef)
                    .query((rs, row) -> {
                        long total = rs.getLong("total");
                        long attributed = rs.getLong("attributed");
                        long undecided = rs.getLong("undecided");
                        return new FollowCounts(total, attributed, total - attributed - undecided, undecided);
                    })
                    .single();
        });
    }

    /**
     * The first {@code limit} shares of a cascade in breadth-first order (depth, then time), so that any prefix is a
     * connected tree from the root.
     */
    public List<ShareRow> shares(UUID cascadeId, int limit, boolean withCandidates) {
        return plans.read(() -> {
            return jdbc.sql("""
                            select n.uri, n.actor_ref, n.kind, n.parent_uri, n.rule, n.confidence, n.depth,
                                   n.occurred_at, d.deleted_at, %s as candidates
                              from share_node n
                              left join share_deletion d on d.subject_ref = n.subject_ref and d.uri = n.uri
                             where n.cascade_id = :id
                             order by n.depth, n.occurred_at, n.uri
                             limit :limit
                            """.formatted(withCandidates ? "n.candidates::text" : "null::text"))
                    .param("id", cascadeId)
                    .param("limit", limit)
                    .query((rs, row) -> new ShareRow(
                            rs.getString("uri"),
                            rs.getString("actor_ref"),
                            rs.getString("kind"),
                            rs.getString("parent_uri"),
                            rs.getString("rule"),
                            rs.getDouble("confidence"),
                            rs.getInt("depth"),
                            Rows.instant(rs, "occurred_at"),
                            Rows.instant(rs, "deleted_at"),
                            rs.getString("candidates")))
                    .list();
        });
    }

    /** Every share of a cascade with its parent (no other columns). */
    public List<Link> links(UUID cascadeId) {
        return plans.read(() -> {
            return jdbc.sql("select uri, parent_uri from share_node where cascade_id = :id")
                    .param("id", cascadeId)
                    .query((rs, row) -> new Link(rs.getString("uri"), rs.getString("parent_uri")))
                    .list();
        });
    }

    /** Attributed follows of a cascade per exposing share. */
    public Map<String, Long> followsByExposure(UUID cascadeId) {
        return plans.read(() -> {
            Map<String, Long> counts = new HashMap<>();
            jdbc.sql("""
                            select exposure_uri, count(*) as follows
                              from follow
                             where cascade_id = :id and %s and exposure_uri is not null
                             group by exposure_uri
                            """.formatted(CREDITED)).param("id", cascadeId).query(rs -> {
                counts.put(rs.getString("exposure_uri"), rs.getLong("follows"));
            });
            return counts;
        });
    }

    /** The sharers credited in a cascade, most follows first, at most {@code limit}. */
    public List<Credit> credits(UUID cascadeId, int limit) {
        return plans.read(() -> {
            return jdbc.sql("""
                            select sharer, count(*) as follows, count(*) filter (where exposer_ref = sharer) as direct
                              from follow, unnest(credited_refs) as sharer
                             where cascade_id = :id and %s
                             group by sharer
                             order by follows desc, sharer
                             limit :limit
                            """.formatted(CREDITED))
                    .param("id", cascadeId)
                    .param("limit", limit)
                    .query((rs, row) -> new Credit(rs.getString("sharer"), rs.getLong("follows"), rs.getLong("direct")))
                    .list();
        });
    }

    /** Attributed follows of a cascade in {@code buckets} equal slices of {@code [from, to)}. */
    public Histogram followHistogram(UUID cascadeId, Instant from, Instant to, int buckets) {
        return plans.read(() -> {
            long[] counts = new long[buckets];
            jdbc.sql("""
                            select width_bucket(extract(epoch from occurred_at), :from, :to, :buckets) as bucket,
                                   count(*) as follows
                              from follow
                             where cascade_id = :id and %s and occurred_at >= :fromTime and occurred_at < :toTime
                             group by bucket
                            """.formatted(CREDITED))
                    .param("id", cascadeId)
                    .param("from", epochSeconds(from))
                    .param("to", epochSeconds(to))
                    .param("buckets", buckets)
                    .param("fromTime", Rows.time(from))
                    .param("toTime", Rows.time(to))
                    .query(rs -> {
                        int bucket = rs.getInt("bucket");
                        if (bucket >= 1 && bucket <= buckets) {
                            counts[bucket - 1] += rs.getLong("follows");
                        }
                    });
            return new Histogram(from, to, counts);
        });
    }

    private static java.math.BigDecimal epochSeconds(Instant at) {
        return java.math.BigDecimal.valueOf(at.getEpochSecond()).add(java.math.BigDecimal.valueOf(at.getNano(), 9));
    }
}
