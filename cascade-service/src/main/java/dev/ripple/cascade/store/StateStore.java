package dev.ripple.cascade.store;

import dev.ripple.cascade.correlation.Attribution;
import dev.ripple.cascade.correlation.AttributionFeatures;
import dev.ripple.cascade.correlation.Engagement;
import dev.ripple.cascade.correlation.Follow;
import dev.ripple.cascade.correlation.Node;
import dev.ripple.cascade.correlation.SubjectState;
import dev.ripple.cascade.correlation.TrackedFollow;
import dev.ripple.events.AttributionTier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/**
 * Reads a subject's correlation state back from PostgreSQL (on a cache miss, or when another instance changed it),
 * and serialises work on subjects across instances with row locks on {@code subject_state}, and on accounts' follow
 * graphs with advisory locks.
 */
@Repository
public class StateStore {

    private static final TypeReference<List<Map<String, Object>>> PATH = new TypeReference<>() {};

    private final JdbcClient jdbc;

    StateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serialises work on accounts' follow graphs across instances, until the transaction ends. A batch holding an
     * account's following snapshot (it rewrites the account's edges, then re-decides what the account did within the
     * follow window) locks the account exclusively; a batch with the account's shares, follows or likes (decided from
     * its edges) takes a shared lock. Without this, an instance applying a snapshot could miss a follow that another
     * instance is deciding at the same moment from the edges before the snapshot (neither sees the other's uncommitted
     * work) and the follow would stay unexplained. Transaction-scoped advisory locks, keyed by a 64-bit hash of the ref
     * (a collision only makes two batches wait for each other) and taken in key order, before any subject row lock, so
     * two batches cannot deadlock on them. Each lock held takes a slot of PostgreSQL's lock table (docs/scaling.md).
     */
    public void lockAccounts(Collection<String> readers, Collection<String> writers) {
        TreeMap<Long, Boolean> exclusive = new TreeMap<>();
        readers.forEach(ref -> exclusive.merge(accountLockKey(ref), false, Boolean::logicalOr));
        writers.forEach(ref -> exclusive.merge(accountLockKey(ref), true, Boolean::logicalOr));
        if (exclusive.isEmpty()) {
            return;
        }
        // unnest keeps the array's order, so the locks are taken in key order.
        jdbc.sql("""
                        select case when x then pg_advisory_xact_lock(k) else pg_advisory_xact_lock_shared(k) end
                          from unnest(:keys, :exclusive) as t(k, x)
                        """)
                .param("keys", exclusive.keySet().toArray(Long[]::new))
                .param("exclusive", exclusive.values().toArray(Boolean[]::new))
                .query((rs, row) -> 1)
                .list();
    }

    static long accountLockKey(String ref) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("ripple.cascade.account:" + ref).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Locks the subjects' rows until the transaction ends (in ref order, so two instances cannot deadlock on them)
     * and returns their versions.
     */
    public Map<String, Long> lock(Collection<String> subjects) {
        Map<String, Long> versions = new HashMap<>();
        if (subjects.isEmpty()) {
            return versions;
        }
        String[] sorted = subjects.stream().sorted().toArray(String[]::new);
        jdbc.sql("insert into subject_state (subject_ref) select unnest(:refs) on conflict do nothing")
                .param("refs", sorted)
                .update();
        jdbc.sql(
                        "select subject_ref, version from subject_state where subject_ref = any(cast(:refs as text[])) order by subject_ref for update")
                .param("refs", sorted)
                .query(rs -> {
                    versions.put(rs.getString("subject_ref"), rs.getLong("version"));
                });
        return versions;
    }

    /** Records the subjects' new watermarks and versions (their rows are locked by {@link #lock}). */
    public void saveVersions(Collection<SubjectState> states) {
        if (states.isEmpty()) {
            return;
        }
        List<SubjectState> rows = List.copyOf(states);
        jdbc.sql("""
                        update subject_state s
                           set watermark = r.watermark, version = r.version, updated_at = now()
                          from unnest(cast(:refs as text[]), cast(:watermarks as timestamptz[]),
                                      cast(:versions as bigint[])) as r(ref, watermark, version)
                         where s.subject_ref = r.ref
                        """)
                .param("refs", rows.stream().map(SubjectState::subjectRef).toArray(String[]::new))
                .param(
                        "watermarks",
                        rows.stream().map(state -> Sql.text(state.watermark())).toArray(String[]::new))
                .param("versions", rows.stream().map(SubjectState::version).toArray(Long[]::new))
                .update();
    }

    /**
     * Rebuilds a subject's state: every placed share, the follows of the last {@code followHorizon} before its
     * watermark with their decisions, and the burst detector's history.
     */
    public SubjectState load(String subjectRef, long version, Duration followHorizon) {
        SubjectState state = new SubjectState(subjectRef);
        state.version(version);
        Instant watermark = jdbc.sql("select watermark from subject_state where subject_ref = :ref")
                .param("ref", subjectRef)
                .query((rs, row) -> Sql.instant(rs, "watermark"))
                .optional()
                .orElse(null);
        jdbc.sql("select * from share_node where subject_ref = :ref order by occurred_at, uri")
                .param("ref", subjectRef)
                .query((rs, row) -> {
                    Node node = ShareStore.node(rs);
                    return new Node(
                            node.share(),
                            node.cascadeId(),
                            node.parentUri(),
                            node.rule(),
                            node.confidence(),
                            node.depth(),
                            rs.getInt("decision_version"),
                            List.of());
                })
                .list()
                .forEach(state::put);
        if (watermark != null) {
            state.observe(watermark);
            Instant since = watermark.minus(followHorizon);
            jdbc.sql("""
                            select * from follow
                             where followee_ref = :ref and occurred_at >= :since and decision_version > 0
                             order by occurred_at, event_id
                            """)
                    .param("ref", subjectRef)
                    .param("since", Sql.time(since))
                    .query((rs, row) -> tracked(rs, state))
                    .list()
                    .forEach(state::put);
            jdbc.sql("""
                            select event_id, actor_ref, object_uri, exposure_uri, occurred_at from engagement
                             where subject_ref = :ref and occurred_at >= :since
                             order by occurred_at, event_id
                            """)
                    .param("ref", subjectRef)
                    .param("since", Sql.time(since))
                    .query((rs, row) -> new Engagement(
                            rs.getString("event_id"),
                            rs.getString("actor_ref"),
                            rs.getString("object_uri"),
                            rs.getString("exposure_uri"),
                            Sql.instant(rs, "occurred_at")))
                    .list()
                    .forEach(state::add);
            Map<Long, Integer> hourly = new HashMap<>();
            Instant recentFrom = watermark.minus(Duration.ofMinutes(30));
            List<Instant> recent = new ArrayList<>();
            jdbc.sql("""
                            select occurred_at from follow
                             where followee_ref = :ref and occurred_at >= :from
                            """)
                    .param("ref", subjectRef)
                    .param("from", Sql.time(watermark.minus(Duration.ofDays(15))))
                    .query(rs -> {
                        Instant at = Sql.instant(rs, "occurred_at");
                        if (at.isBefore(recentFrom)) {
                            hourly.merge(Math.floorDiv(at.getEpochSecond(), 3600), 1, Integer::sum);
                        } else {
                            recent.add(at);
                        }
                    });
            state.bursts().loadHourly(hourly);
            recent.stream().sorted().forEach(state.bursts()::record);
        }
        return state;
    }

    private static TrackedFollow tracked(java.sql.ResultSet rs, SubjectState state) throws java.sql.SQLException {
        Follow follow = new Follow(
                rs.getString("event_id"),
                rs.getString("follower_ref"),
                rs.getString("followee_ref"),
                Sql.instant(rs, "occurred_at"),
                rs.getString("via_uri"));
        List<Node> path = new ArrayList<>();
        for (Map<String, Object> step : Json.read(rs.getString("path"), PATH)) {
            Node node = state.node((String) step.get("uri"));
            if (node != null) {
                path.add(node);
            }
        }
        String exposureUri = rs.getString("exposure_uri");
        String features = rs.getString("features");
        Attribution decision = new Attribution(
                AttributionTier.valueOf(rs.getString("tier")),
                rs.getDouble("confidence"),
                exposureUri == null ? null : state.node(exposureUri),
                path,
                List.of(Sql.strings(rs.getArray("credited_refs"))),
                List.of(),
                Sql.instant(rs, "decided_at"),
                features == null ? AttributionFeatures.NONE : Json.read(features, new TypeReference<>() {}),
                rs.getString("cascade_id"));
        return new TrackedFollow(
                follow,
                rs.getString("platform"),
                rs.getInt("decision_version"),
                decision,
                rs.getString("follower_handle"));
    }

    /** Which of these follow ids are stored already (re-deliveries of follows older than the cached window). */
    public Set<String> existingFollows(Collection<String> ids) {
        return existing("select event_id from follow where event_id = any(cast(:ids as text[]))", ids);
    }

    private Set<String> existing(String sql, Collection<String> ids) {
        Set<String> found = new HashSet<>();
        if (!ids.isEmpty()) {
            jdbc.sql(sql).param("ids", ids.toArray(String[]::new)).query(rs -> {
                found.add(rs.getString(1));
            });
        }
        return found;
    }

    /** The subjects in which these accounts followed or shared since {@code since}: where their snapshots matter. */
    public Map<String, Set<String>> involvement(Collection<String> accounts, Instant since) {
        Map<String, Set<String>> subjects = new HashMap<>();
        if (accounts.isEmpty()) {
            return subjects;
        }
        jdbc.sql("""
                        select follower_ref as account, followee_ref as subject from follow
                         where follower_ref = any(cast(:refs as text[])) and occurred_at >= :since
                        union
                        select actor_ref, subject_ref from share_node
                         where actor_ref = any(cast(:refs as text[])) and occurred_at >= :since
                        """)
                .param("refs", accounts.toArray(String[]::new))
                .param("since", Sql.time(since))
                .query(rs -> {
                    subjects.computeIfAbsent(rs.getString("account"), k -> new HashSet<>())
                            .add(rs.getString("subject"));
                });
        return subjects;
    }
}
