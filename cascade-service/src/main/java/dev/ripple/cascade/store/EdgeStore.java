package dev.ripple.cascade.store;

import dev.ripple.cascade.correlation.Edge;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.type.TypeReference;

/** Whom each account follows (table {@code account_follows}: one JSON row per account, versioned). */
@Repository
public class EdgeStore {

    private static final TypeReference<Map<String, List<Object>>> FOLLOWS = new TypeReference<>() {};

    private final JdbcClient jdbc;

    EdgeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An account's known follows and the version they were stored at (0 when nothing is stored). */
    public record AccountEdges(Map<String, Edge> follows, long version) {}

    public Map<String, AccountEdges> load(Collection<String> accounts) {
        Map<String, AccountEdges> found = new HashMap<>();
        if (accounts.isEmpty()) {
            return found;
        }
        jdbc.sql(
                        "select account_ref, follows::text as follows, version from account_follows where account_ref = any(cast(:refs as text[]))")
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
        jdbc.sql("select account_ref, version from account_follows where account_ref = any(cast(:refs as text[]))")
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
        List<Map.Entry<String, AccountEdges>> rows =
                accounts.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
        jdbc.sql("""
                        insert into account_follows (account_ref, follows, version, updated_at)
                        select r.account, cast(r.follows as json), r.version, now()
                          from unnest(cast(:accounts as text[]), cast(:follows as text[]), cast(:versions as bigint[]))
                               as r(account, follows, version)
                        on conflict (account_ref) do update
                           set follows = excluded.follows, version = excluded.version, updated_at = now()
                        """)
                .param("accounts", rows.stream().map(Map.Entry::getKey).toArray(String[]::new))
                .param(
                        "follows",
                        rows.stream()
                                .map(entry -> json(entry.getValue().follows()))
                                .toArray(String[]::new))
                .param(
                        "versions",
                        rows.stream().map(entry -> entry.getValue().version()).toArray(Long[]::new))
                .update();
    }

    /**
     * Compact: {@code {"<followed ref>": [since epoch ms or null, first observed epoch ms]}}. Written by hand: every
     * growing snapshot rewrites the account's whole list, and a generic mapper over sorted maps of boxed lists cost
     * the consumer more than the insert itself. Key order does not matter, so none is imposed here.
     */
    static String json(Map<String, Edge> follows) {
        StringBuilder json = new StringBuilder(follows.size() * 64 + 2).append('{');
        for (Map.Entry<String, Edge> entry : follows.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"');
            JsonStringEncoder.getInstance().quoteAsString(entry.getKey(), json);
            json.append("\":[");
            Instant since = entry.getValue().since();
            if (since == null) {
                json.append("null");
            } else {
                json.append(since.toEpochMilli());
            }
            json.append(',')
                    .append(entry.getValue().firstObservedAt().toEpochMilli())
                    .append(']');
        }
        return json.append('}').toString();
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
