package dev.ripple.cascade.store;

import dev.ripple.cascade.correlation.Edge;
import dev.ripple.events.FollowedAccount;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Following snapshots and the edges they listed. */
@Repository
public class GraphStore {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;

    GraphStore(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Records a snapshot; false when this snapshot id was seen before (a re-delivery). */
    public boolean recordSnapshot(String eventId, String accountRef, Instant observedAt, int size) {
        return jdbc.sql("""
                                insert into following_snapshot (event_id, account_ref, observed_at, size)
                                values (:id, :account, :observedAt, :size)
                                on conflict (event_id) do nothing
                                """)
                        .param("id", eventId)
                        .param("account", accountRef)
                        .param("observedAt", Sql.time(observedAt))
                        .param("size", size)
                        .update()
                == 1;
    }

    /** Merges the snapshot's edges: the earliest observation and the earliest known {@code since} win. */
    public void mergeEdges(String accountRef, List<FollowedAccount> follows, Instant observedAt) {
        Map<String, FollowedAccount> unique = new LinkedHashMap<>();
        for (FollowedAccount followed : follows) {
            unique.merge(followed.ref(), followed, (a, b) -> a.since() != null ? a : b);
        }
        MapSqlParameterSource[] rows = unique.values().stream()
                .sorted(Comparator.comparing(FollowedAccount::ref))
                .map(followed -> new MapSqlParameterSource()
                        .addValue("account", accountRef)
                        .addValue("followed", followed.ref())
                        .addValue("since", Sql.time(followed.since()))
                        .addValue("observedAt", Sql.time(observedAt)))
                .toArray(MapSqlParameterSource[]::new);
        if (rows.length == 0) {
            return;
        }
        batch.batchUpdate("""
                insert into following_edge (account_ref, followed_ref, since, first_observed_at, last_observed_at)
                values (:account, :followed, :since, :observedAt, :observedAt)
                on conflict (account_ref, followed_ref) do update
                   set since = coalesce(least(following_edge.since, excluded.since), following_edge.since, excluded.since),
                       first_observed_at = least(following_edge.first_observed_at, excluded.first_observed_at),
                       last_observed_at = greatest(following_edge.last_observed_at, excluded.last_observed_at)
                """, rows);
    }

    /** The edges of each given account, by followed ref. */
    public Map<String, Map<String, Edge>> edgesOf(Collection<String> accountRefs) {
        Map<String, Map<String, Edge>> edges = new HashMap<>();
        for (String ref : accountRefs) {
            edges.put(ref, new HashMap<>());
        }
        if (accountRefs.isEmpty()) {
            return edges;
        }
        jdbc.sql("""
                        select account_ref, followed_ref, since, first_observed_at
                          from following_edge where account_ref = any(:refs)
                        """).param("refs", accountRefs.toArray(String[]::new)).query(rs -> {
            edges.get(rs.getString("account_ref"))
                    .put(
                            rs.getString("followed_ref"),
                            new Edge(Sql.instant(rs, "since"), Sql.instant(rs, "first_observed_at")));
        });
        return edges;
    }
}
