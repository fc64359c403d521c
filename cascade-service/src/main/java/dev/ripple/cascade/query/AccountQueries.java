package dev.ripple.cascade.query;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Accounts as sharers (what they started) and as subjects (who brought them followers). */
@Repository
public class AccountQueries {

    private final JdbcClient jdbc;
    private final CustomPlans plans;

    AccountQueries(JdbcClient jdbc, CustomPlans plans) {
        this.jdbc = jdbc;
        this.plans = plans;
    }

    /** An account as last seen. */
    public record AccountRow(String ref, String platform, String handle, Long followers) {}

    /** What an account's shares started. */
    public record Impact(
            long cascadesStarted,
            long cascadesJoined,
            long shares,
            long follows,
            long directFollows,
            double expectedFollows,
            long subjectsHelped,
            Instant firstFollowAt,
            Instant lastFollowAt) {}

    /** Follows an account's shares brought one subject. */
    public record SubjectHelped(String subjectRef, long follows, long directFollows, double expectedFollows) {}

    /** Follows of a subject by tier ({@code null} key = not decided yet), and how many credit a sharer. */
    public record Outcomes(long total, long attributed, Map<String, Long> byTier) {

        /** Keeps the map's order and allows the null key (undecided), which immutable maps do not. */
        public Outcomes {
            byTier = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byTier));
        }

        public long undecided() {
            return byTier.getOrDefault(null, 0L);
        }

        /** Decided, but credited to no sharer (nothing explains them, or a starter pack or burst does). */
        public long notCredited() {
            return total - attributed - undecided();
        }
    }

    /** One account that brought a subject followers. */
    public record Bridge(
            String sharerRef,
            long follows,
            long directFollows,
            long cascades,
            double meanConfidence,
            double expectedFollows,
            Instant firstFollowAt,
            Instant lastFollowAt) {}

    /** The top bridges and how many there are in all. */
    public record Bridges(List<Bridge> top, long count) {}

    public Optional<AccountRow> find(String ref) {
        return jdbc.sql("select ref, platform, handle, followers from account where ref = :ref")
                .param("ref", ref)
                .query((rs, row) ->
                        new AccountRow(rs.getString("ref"), rs.getString("platform"), rs.getString("handle"), (Long)
                                rs.getObject("followers")))
                .optional();
    }

    /** Handles of the given refs that are known. */
    public Map<String, String> handles(Collection<String> refs) {
        Map<String, String> handles = new HashMap<>();
        if (refs.isEmpty()) {
            return handles;
        }
        jdbc.sql("select ref, handle from account where ref = any(cast(:refs as text[]))")
                .param("refs", refs.stream().distinct().toArray(String[]::new))
                .query(rs -> {
                    handles.put(rs.getString("ref"), rs.getString("handle"));
                });
        return handles;
    }

    public Impact impact(String ref) {
        return plans.read(() -> {
            String[] refs = {ref};
            return jdbc.sql("""
                            select (select count(*) from cascade where root_actor_ref = :ref and merged_into is null) as started,
                                   (select count(distinct cascade_id) from share_node where actor_ref = :ref) as joined,
                                   (select count(*) from share_node where actor_ref = :ref) as shares,
                                   f.follows, f.direct, f.expected, f.subjects, f.first_follow, f.last_follow
                              from (select count(*) as follows,
                                           count(*) filter (where exposer_ref = :ref) as direct,
                                           coalesce(sum(confidence), 0) as expected,
                                           count(distinct followee_ref) as subjects,
                                           min(occurred_at) as first_follow,
                                           max(occurred_at) as last_follow
                                      from follow
                                     where credited_refs @> cast(:refs as text[])) f
                            """)
                    .param("ref", ref)
                    .param("refs", refs)
                    .query((rs, row) -> new Impact(
                            rs.getLong("started"),
                            rs.getLong("joined"),
                            rs.getLong("shares"),
                            rs.getLong("follows"),
                            rs.getLong("direct"),
                            rs.getDouble("expected"),
                            rs.getLong("subjects"),
                            Rows.instant(rs, "first_follow"),
                            Rows.instant(rs, "last_follow")))
                    .single();
        });
    }

    public List<SubjectHelped> subjectsHelped(String ref, int limit) {
        return plans.read(() -> {
            return jdbc.sql("""
                            select followee_ref, count(*) as follows,
                                   count(*) filter (where exposer_ref = :ref) as direct,
                                   coalesce(sum(confidence), 0) as expected
                              from follow
                             where credited_refs @> cast(:refs as text[])
                             group by followee_ref
                             order by follows desc, followee_ref
                             limit :limit
                            """)
                    .param("ref", ref)
                    .param("refs", new String[] {ref})
                    .param("limit", limit)
                    .query((rs, row) -> new SubjectHelped(
                            rs.getString("followee_ref"),
                            rs.getLong("follows"),
                            rs.getLong("direct"),
                            rs.getDouble("expected")))
                    .list();
        });
    }

    /** Follows of a subject in {@code [from, to)} (either bound optional) by tier. */
    public Outcomes outcomes(String subjectRef, Instant from, Instant to) {
        return plans.read(() -> {
            Map<String, Long> byTier = new LinkedHashMap<>();
            long[] totals = new long[2];
            // One pass over a covering index (follow_followee_outcome, V20).
            jdbc.sql("""
                            select tier, count(*) as follows, count(*) filter (where %s) as attributed
                              from follow
                             where followee_ref = :subject%s
                             group by tier
                             order by tier nulls last
                            """.formatted(CascadeQueries.CREDITED, timeRange(from, to)))
                    .params(timeParams(subjectRef, from, to))
                    .query(rs -> {
                        long follows = rs.getLong("follows");
                        byTier.put(rs.getString("tier"), follows);
                        totals[0] += follows;
                        totals[1] += rs.getLong("attributed");
                    });
            return new Outcomes(totals[0], totals[1], byTier);
        });
    }

    /** Who brought a subject followers in {@code [from, to)}: most follows first, at most {@code limit}. */
    public Bridges bridges(String subjectRef, Instant from, Instant to, int limit) {
        return plans.read(() -> {
            long[] count = new long[1];
            List<Bridge> top = jdbc.sql("""
                            select sharer, count(*) as follows,
                                   count(*) filter (where exposer_ref = sharer) as direct,
                                   count(distinct cascade_id) as cascades,
                                   avg(confidence) as mean_confidence,
                                   sum(confidence) as expected,
                                   min(occurred_at) as first_follow,
                                   max(occurred_at) as last_follow,
                                   count(*) over () as bridges
                              from follow, unnest(credited_refs) as sharer
                             where followee_ref = :subject%s and %s
                             group by sharer
                             order by follows desc, expected desc, sharer
                             limit :limit
                            """.formatted(timeRange(from, to), CascadeQueries.CREDITED))
                    .params(timeParams(subjectRef, from, to))
                    .param("limit", limit)
                    .query((rs, row) -> {
                        count[0] = rs.getLong("bridges");
                        return new Bridge(
                                rs.getString("sharer"),
                                rs.getLong("follows"),
                                rs.getLong("direct"),
                                rs.getLong("cascades"),
                                rs.getDouble("mean_confidence"),
                                rs.getDouble("expected"),
                                Rows.instant(rs, "first_follow"),
                                Rows.instant(rs, "last_follow"));
                    })
                    .list();
            return new Bridges(top, count[0]);
        });
    }

    /** The time-range condition on {@code occurred_at}: constant text, the bounds are bind parameters. */
    private static String timeRange(Instant from, Instant to) {
        return (from == null ? "" : " and occurred_at >= :from") + (to == null ? "" : " and occurred_at < :to");
    }

    private static Map<String, Object> timeParams(String subjectRef, Instant from, Instant to) {
        Map<String, Object> params = new HashMap<>();
        params.put("subject", subjectRef);
        if (from != null) {
            params.put("from", Rows.time(from));
        }
        if (to != null) {
            params.put("to", Rows.time(to));
        }
        return params;
    }
}
