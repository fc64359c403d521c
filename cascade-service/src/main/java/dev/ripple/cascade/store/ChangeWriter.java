package dev.ripple.cascade.store;

import dev.ripple.cascade.correlation.Attribution;
import dev.ripple.cascade.correlation.Engagement;
import dev.ripple.cascade.correlation.Node;
import dev.ripple.cascade.store.BatchWrite.CascadeWrite;
import dev.ripple.cascade.store.BatchWrite.FollowWrite;
import dev.ripple.cascade.store.BatchWrite.PlacedShare;
import dev.ripple.events.ShareDeleted;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes a batch's changes with batched statements (one round trip per kind of row, rewritten into multi-row
 * inserts by the driver): PostgreSQL, not Kafka, bounds the pipeline, and one statement per event would cap it near
 * a thousand events a second.
 */
@Repository
public class ChangeWriter {

    /** The PostgreSQL channel changed cascades are announced on, at commit (the API's {@code CascadeChanges}). */
    public static final String CHANGES_CHANNEL = "cascade_changed";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final AccountStore accounts;
    private final EdgeStore edges;
    private final OutboxStore outbox;
    private final StateStore states;

    ChangeWriter(
            JdbcClient jdbc,
            NamedParameterJdbcTemplate batch,
            AccountStore accounts,
            EdgeStore edges,
            OutboxStore outbox,
            StateStore states) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.accounts = accounts;
        this.edges = edges;
        this.outbox = outbox;
        this.states = states;
    }

    public void write(BatchWrite write) {
        accounts.upsert(write.accounts());
        insertCascades(write.cascades());
        insertShares(write.placed(), write.modelVersion());
        updateShares(write.moved(), write.modelVersion());
        writeFollows(write.follows(), write.modelVersion());
        insertEngagements(write.engagements());
        recordDeletions(write.deletions());
        edges.save(write.edges());
        markMerged(write.merged());
        updateCascades(write.cascades());
        outbox.add(write.messages(), write.traceContexts());
        states.saveVersions(write.subjects());
        notifyChanged(write.cascades());
    }

    private void insertCascades(List<CascadeWrite> cascades) {
        MapSqlParameterSource[] rows = cascades.stream()
                .filter(cascade -> cascade.root() != null)
                .map(cascade -> new MapSqlParameterSource()
                        .addValue("id", UUID.fromString(cascade.id()))
                        .addValue("subject", cascade.subjectRef())
                        .addValue("rootUri", cascade.root().uri())
                        .addValue("rootActor", cascade.root().actorRef())
                        .addValue("platform", cascade.platform())
                        .addValue("at", Sql.time(cascade.root().at())))
                .toArray(MapSqlParameterSource[]::new);
        if (rows.length > 0) {
            batch.batchUpdate("""
                    insert into cascade (id, subject_ref, root_uri, root_actor_ref, platform, started_at,
                                         last_activity_at, size, max_depth)
                    values (:id, :subject, :rootUri, :rootActor, :platform, :at, :at, 1, 0)
                    on conflict do nothing
                    """, rows);
        }
    }

    private void insertShares(List<PlacedShare> placed, String modelVersion) {
        MapSqlParameterSource[] rows = placed.stream()
                .map(p -> nodeParams(p.node(), modelVersion)
                        .addValue("platform", p.platform())
                        .addValue("actorHandle", p.actorHandle())
                        .addValue("eventId", p.node().share().eventId())
                        .addValue("kind", p.node().share().kind().name())
                        .addValue("actorFollowers", p.node().share().actorFollowers())
                        .addValue("objectUri", p.node().share().objectUri())
                        .addValue("viaUri", p.node().share().viaUri())
                        .addValue(
                                "mentions",
                                p.node().share().mentionRefs().stream().sorted().toArray(String[]::new))
                        .addValue("at", Sql.time(p.node().at())))
                .toArray(MapSqlParameterSource[]::new);
        if (rows.length > 0) {
            batch.batchUpdate("""
                    insert into share_node (subject_ref, uri, event_id, platform, kind, actor_ref, actor_handle,
                                            actor_followers, object_uri, via_uri, mention_refs, occurred_at,
                                            cascade_id, parent_uri, rule, confidence, depth, decision_version,
                                            candidates, model_version)
                    values (:subject, :uri, :eventId, :platform, :kind, :actor, :actorHandle, :actorFollowers,
                            :objectUri, :viaUri, :mentions, :at, :cascadeId, :parentUri, :rule, :confidence, :depth,
                            :version, cast(:candidates as jsonb), :modelVersion)
                    on conflict do nothing
                    """, rows);
        }
    }

    private void updateShares(List<Node> moved, String modelVersion) {
        MapSqlParameterSource[] rows = moved.stream()
                .map(node -> nodeParams(node, modelVersion)
                        .addValue("hasCandidates", !node.candidates().isEmpty()))
                .toArray(MapSqlParameterSource[]::new);
        if (rows.length > 0) {
            batch.batchUpdate("""
                    update share_node
                       set cascade_id = :cascadeId, parent_uri = :parentUri, rule = :rule, confidence = :confidence,
                           depth = :depth, decision_version = :version, model_version = :modelVersion,
                           candidates = case when :hasCandidates then cast(:candidates as jsonb) else candidates end
                     where subject_ref = :subject and uri = :uri
                    """, rows);
        }
    }

    private static MapSqlParameterSource nodeParams(Node node, String modelVersion) {
        return new MapSqlParameterSource()
                .addValue("subject", node.share().subjectRef())
                .addValue("uri", node.uri())
                .addValue("actor", node.actorRef())
                .addValue("cascadeId", UUID.fromString(node.cascadeId()))
                .addValue("parentUri", node.parentUri())
                .addValue("rule", node.rule().name())
                .addValue("confidence", node.confidence())
                .addValue("depth", node.depth())
                .addValue("version", node.version())
                .addValue("candidates", Json.write(node.candidates()))
                .addValue("modelVersion", modelVersion);
    }

    private void writeFollows(List<FollowWrite> follows, String modelVersion) {
        MapSqlParameterSource[] inserts = follows.stream()
                .filter(FollowWrite::insert)
                .map(f -> followParams(f, modelVersion))
                .toArray(MapSqlParameterSource[]::new);
        if (inserts.length > 0) {
            batch.batchUpdate("""
                    insert into follow (event_id, platform, follower_ref, follower_handle, followee_ref, occurred_at,
                                        via_uri, decision_version, tier, confidence, cascade_id, exposure_uri,
                                        exposer_ref, path, credited_refs, candidates, decided_at, model_version,
                                        features)
                    values (:id, :platform, :follower, :followerHandle, :followee, :at, :via, :version, :tier,
                            :confidence, :cascadeId, :exposureUri, :exposerRef, cast(:path as jsonb), :credited,
                            cast(:candidates as jsonb), :decidedAt, :modelVersion, cast(:features as jsonb))
                    on conflict (event_id) do nothing
                    """, inserts);
        }
        MapSqlParameterSource[] updates = follows.stream()
                .filter(f -> !f.insert())
                .map(f -> followParams(f, modelVersion))
                .toArray(MapSqlParameterSource[]::new);
        if (updates.length > 0) {
            batch.batchUpdate("""
                    update follow
                       set decision_version = :version, tier = :tier, confidence = :confidence,
                           cascade_id = :cascadeId, exposure_uri = :exposureUri, exposer_ref = :exposerRef,
                           path = cast(:path as jsonb), credited_refs = :credited,
                           candidates = cast(:candidates as jsonb), decided_at = :decidedAt,
                           model_version = :modelVersion, features = cast(:features as jsonb)
                     where event_id = :id and decision_version < :version
                    """, updates);
        }
    }

    private static MapSqlParameterSource followParams(FollowWrite write, String modelVersion) {
        Attribution decision = write.follow().decision();
        List<Map<String, Object>> path = decision.path().stream()
                .map(node -> Map.<String, Object>of(
                        "uri", node.uri(),
                        "actorRef", node.actorRef(),
                        "rule", node.rule().name(),
                        "at", node.at().toString()))
                .toList();
        return new MapSqlParameterSource()
                .addValue("id", write.follow().id())
                .addValue("platform", write.follow().platform())
                .addValue("follower", write.follow().follow().followerRef())
                .addValue("followerHandle", write.followerHandle())
                .addValue("followee", write.follow().follow().subjectRef())
                .addValue("at", Sql.time(write.follow().follow().at()))
                .addValue("via", write.follow().follow().viaUri())
                .addValue("version", write.follow().version())
                .addValue("tier", decision.tier().name())
                .addValue("confidence", decision.confidence())
                .addValue("cascadeId", decision.cascadeId() == null ? null : UUID.fromString(decision.cascadeId()))
                .addValue("exposureUri", decision.exposureUri())
                .addValue(
                        "exposerRef",
                        decision.exposure() == null ? null : decision.exposure().actorRef())
                .addValue("path", Json.write(path))
                .addValue("credited", decision.creditedRefs().toArray(String[]::new))
                .addValue("candidates", Json.write(decision.candidates()))
                .addValue("decidedAt", Sql.time(decision.decidedAt()))
                .addValue("modelVersion", modelVersion)
                .addValue("features", Json.write(decision.features()));
    }

    private void insertEngagements(List<Object[]> engagements) {
        MapSqlParameterSource[] rows = engagements.stream()
                .map(pair -> {
                    Engagement e = (Engagement) pair[1];
                    return new MapSqlParameterSource()
                            .addValue("id", e.eventId())
                            .addValue("subject", pair[0])
                            .addValue("actor", e.actorRef())
                            .addValue("object", e.objectUri())
                            .addValue("exposure", e.exposureUri())
                            .addValue("at", Sql.time(e.at()));
                })
                .toArray(MapSqlParameterSource[]::new);
        if (rows.length > 0) {
            batch.batchUpdate("""
                    insert into engagement (event_id, subject_ref, actor_ref, object_uri, exposure_uri, occurred_at)
                    values (:id, :subject, :actor, :object, :exposure, :at)
                    on conflict (event_id) do nothing
                    """, rows);
        }
    }

    /** Marks shares deleted (the earliest delete wins), and tells the API's listeners which cascades held them. */
    private void recordDeletions(List<ShareDeleted> deletions) {
        if (deletions.isEmpty()) {
            return;
        }
        MapSqlParameterSource[] rows = deletions.stream()
                .map(d -> new MapSqlParameterSource()
                        .addValue("subject", d.subject().ref())
                        .addValue("uri", d.uri())
                        .addValue("id", d.id())
                        .addValue("at", Sql.time(d.deletedAt())))
                .toArray(MapSqlParameterSource[]::new);
        batch.batchUpdate("""
                insert into share_deletion (subject_ref, uri, event_id, deleted_at)
                values (:subject, :uri, :id, :at)
                on conflict (subject_ref, uri) do update
                set deleted_at = least(share_deletion.deleted_at, excluded.deleted_at),
                    event_id = case when excluded.deleted_at < share_deletion.deleted_at
                                    then excluded.event_id else share_deletion.event_id end
                """, rows);
        jdbc.sql("""
                        select pg_notify('%s', c.id::text)
                        from (select distinct n.cascade_id as id
                              from share_node n
                              join unnest(:subjects, :uris) as d(subject_ref, uri)
                                on n.subject_ref = d.subject_ref and n.uri = d.uri
                              order by 1) c
                        """.formatted(CHANGES_CHANNEL))
                .param(
                        "subjects",
                        deletions.stream().map(d -> d.subject().ref()).toArray(String[]::new))
                .param("uris", deletions.stream().map(ShareDeleted::uri).toArray(String[]::new))
                .query((rs, row) -> 1)
                .list();
    }

    private void markMerged(Map<String, String> merged) {
        MapSqlParameterSource[] rows = merged.entrySet().stream()
                .map(e -> new MapSqlParameterSource()
                        .addValue("from", UUID.fromString(e.getKey()))
                        .addValue("into", UUID.fromString(e.getValue())))
                .toArray(MapSqlParameterSource[]::new);
        if (rows.length > 0) {
            batch.batchUpdate(
                    "update cascade set merged_into = :into, size = 0, updated_at = now() where id = :from", rows);
        }
    }

    private void updateCascades(List<CascadeWrite> cascades) {
        MapSqlParameterSource[] rows = cascades.stream()
                .map(c -> new MapSqlParameterSource()
                        .addValue("id", UUID.fromString(c.id()))
                        .addValue("size", c.size())
                        .addValue("depth", c.depth())
                        .addValue("breadth", c.breadth())
                        .addValue("virality", c.virality())
                        .addValue("attributed", c.attributedDelta())
                        .addValue("direct", c.directDelta())
                        .addValue("downstream", c.downstreamDelta())
                        .addValue("firstFollow", Sql.time(c.firstFollow()))
                        .addValue("lastActivity", Sql.time(c.lastActivity())))
                .toArray(MapSqlParameterSource[]::new);
        if (rows.length > 0) {
            batch.batchUpdate("""
                    update cascade
                       set size = case when merged_into is null then :size else 0 end,
                           max_depth = :depth, max_breadth = :breadth, structural_virality = :virality,
                           attributed_follows = attributed_follows + :attributed,
                           direct_follows = direct_follows + :direct,
                           downstream_follows = downstream_follows + :downstream,
                           first_follow_at = case when cast(:firstFollow as timestamptz) is null then first_follow_at
                                                  else least(first_follow_at, cast(:firstFollow as timestamptz)) end,
                           last_activity_at = greatest(last_activity_at, coalesce(cast(:lastActivity as timestamptz),
                                                                                   last_activity_at)),
                           updated_at = now()
                     where id = :id
                    """, rows);
        }
    }

    private void notifyChanged(List<CascadeWrite> cascades) {
        if (cascades.isEmpty()) {
            return;
        }
        jdbc.sql("select pg_notify('" + CHANGES_CHANNEL + "', id) from unnest(:ids) as id")
                .param("ids", cascades.stream().map(CascadeWrite::id).sorted().toArray(String[]::new))
                .query((rs, row) -> 1)
                .list();
    }
}
