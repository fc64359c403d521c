package dev.ripple.cascade.store;

import dev.ripple.cascade.correlation.Edge;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/** Whom each account follows (table {@code account_follows}: one JSON row per account, versioned). */
@Repository
public class EdgeStore {

    private static final TypeReference<Map<String, List<Object>>> FOLLOWS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;

    EdgeStore(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** An account's known follows and the version they were stored at (0 when nothing is stored). */
    public record AccountEdges(Map<String, Edge> follows, long version) {}

    public Map<String, AccountEdges> load(Collection<String> accounts) {
        Map<String, AccountEdges> found = new HashMap<>();
        if (accounts.isEmpty()) {
            return found;
        }
        jdbc.sql(
                        "select account_ref, follows::text as follows, version from account_follows where account_ref = any(:refs)")
                .param("refs", accounts.toArray(String[]::new))
                .query(rs -> {
                    Map<String, List<Object>> raw = Json.read(rs.getString("follows"), FOLLOWS);
                    Map<String, Edge> edges = new HashMap<>(raw.size() * 2);
                    raw.forEach(
                            (followed, times) -> edges.put(followed, new Edge(time(times.get(0)), time(times.get(1)))));
                    found.put(rs.getString("account_ref"), new AccountEdges(edges, rs.getLong("version")));
                });
        return found;
    }

    /** The stored versions of accounts' edges (accounts without a row are absent). */
    public Map<String, Long> versions(Collection<String> accounts) {
        Map<String, Long> versions = new HashMap<>();
        if (accounts.isEmpty()) {
            return versions;
        }
        jdbc.sql("select account_ref, version from account_follows where account_ref = any(:refs)")
                .param("refs", accounts.toArray(String[]::new))
                .query(rs -> {
                    versions.put(rs.getString("account_ref"), rs.getLong("version"));
                });
        return versions;
    }

    /** Writes accounts' complete follow lists, each at the given new version. */
    public void save(Map<String, AccountEdges> accounts) {
        if (accounts.isEmpty()) {
            return;
        }
        MapSqlParameterSource[] rows = accounts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> new MapSqlParameterSource()
                        .addValue("account", entry.getKey())
                        .addValue("follows", Json.write(json(entry.getValue().follows())))
                        .addValue("version", entry.getValue().version()))
                .toArray(MapSqlParameterSource[]::new);
        batch.batchUpdate("""
                insert into account_follows (account_ref, follows, version, updated_at)
                values (:account, cast(:follows as jsonb), :version, now())
                on conflict (account_ref) do update
                   set follows = excluded.follows, version = excluded.version, updated_at = now()
                """, rows);
    }

    /** Compact: {@code {"<followed ref>": [since epoch ms or null, first observed epoch ms]}}. */
    private static Map<String, List<Long>> json(Map<String, Edge> follows) {
        Map<String, List<Long>> json = new LinkedHashMap<>();
        follows.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> json.put(
                        entry.getKey(),
                        java.util.Arrays.asList(
                                entry.getValue().since() == null
                                        ? null
                                        : entry.getValue().since().toEpochMilli(),
                                entry.getValue().firstObservedAt().toEpochMilli())));
        return json;
    }

    /** Epoch milliseconds, or ISO-8601 text (rows written by the V4 migration). */
    private static Instant time(Object value) {
        return switch (value) {
            case null -> null;
            case Number millis -> Instant.ofEpochMilli(millis.longValue());
            default -> Sql.parseTime(value.toString());
        };
    }
}
