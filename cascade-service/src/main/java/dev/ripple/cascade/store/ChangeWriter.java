package dev.ripple.cascade.store;

import dev.ripple.cascade.correlation.Attribution;
import dev.ripple.cascade.correlation.Engagement;
import dev.ripple.cascade.correlation.Node;
import dev.ripple.cascade.correlation.TrackedFollow;
import dev.ripple.cascade.store.BatchWrite.CascadeWrite;
import dev.ripple.cascade.store.BatchWrite.FollowWrite;
import dev.ripple.cascade.store.BatchWrite.PlacedShare;
import dev.ripple.events.ShareDeleted;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
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
        List<CascadeWrite> roots =
                cascades.stream().filter(cascade -> cascade.root() != null).toList();
        if (roots.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into cascade (id, subject_ref, root_uri, root_actor_ref, platform, started_at,
                                             last_activity_at, size, max_depth)
                        select r.id, r.subject, r.root_uri, r.root_actor, r.platform, r.at, r.at, 1, 0
                          from unnest(cast(:ids as uuid[]), cast(:subjects as text[]), cast(:rootUris as text[]),
                                      cast(:rootActors as text[]), cast(:platforms as text[]),
                                      cast(:ats as timestamptz[]))
                               as r(id, subject, root_uri, root_actor, platform, at)
                        on conflict do nothing
                        """)
                .param("ids", column(roots, CascadeWrite::id))
                .param("subjects", column(roots, CascadeWrite::subjectRef))
                .param("rootUris", column(roots, c -> c.root().uri()))
                .param("rootActors", column(roots, c -> c.root().actorRef()))
                .param("platforms", column(roots, CascadeWrite::platform))
                .param("ats", column(roots, c -> Sql.text(c.root().at())))
                .update();
    }

    /** One column of a multi-row statement, as text (cast to the column's type in SQL). */
    private static <T> String[] column(List<T> rows, Function<T, String> value) {
        String[] column = new String[rows.size()];
        for (int i = 0; i < column.length; i++) {
            column[i] = value.apply(rows.get(i));
        }
        return column;
    }

    private void insertShares(List<PlacedShare> placed, String modelVersion) {
        if (placed.isEmpty()) {
            return;
        }
        List<Node> nodes = placed.stream().map(PlacedShare::node).toList();
        jdbc.sql("""
                        insert into share_node (subject_ref, uri, event_id, platform, kind, actor_ref, actor_handle,
                                                actor_followers, object_uri, via_uri, mention_refs, occurred_at,
                                                cascade_id, parent_uri, rule, confidence, depth, decision_version,
                                                candidates, model_version)
                        select r.subject, r.uri, r.event_id, r.platform, r.kind, r.actor, r.actor_handle,
                               r.actor_followers, r.object_uri, r.via_uri, cast(r.mentions as text[]), r.at,
                               r.cascade_id, r.parent_uri, r.rule, r.confidence, r.depth, r.version,
                               cast(r.candidates as jsonb), :modelVersion
                          from unnest(cast(:subjects as text[]), cast(:uris as text[]), cast(:eventIds as text[]),
                                      cast(:platforms as text[]), cast(:kinds as text[]), cast(:actors as text[]),
                                      cast(:actorHandles as text[]), cast(:actorFollowers as bigint[]),
                                      cast(:objectUris as text[]), cast(:viaUris as text[]),
                                      cast(:mentions as text[]), cast(:ats as timestamptz[]),
                                      cast(:cascadeIds as uuid[]), cast(:parentUris as text[]),
                                      cast(:rules as text[]), cast(:confidences as float8[]),
                                      cast(:depths as int[]), cast(:versions as int[]), cast(:candidates as text[]))
                               as r(subject, uri, event_id, platform, kind, actor, actor_handle, actor_followers,
                                    object_uri, via_uri, mentions, at, cascade_id, parent_uri, rule, confidence,
                                    depth, version, candidates)
                        on conflict do nothing
                        """)
                .param("subjects", column(nodes, n -> n.share().subjectRef()))
                .param("uris", column(nodes, Node::uri))
                .param("eventIds", column(nodes, n -> n.share().eventId()))
                .param("platforms", column(placed, PlacedShare::platform))
                .param("kinds", column(nodes, n -> n.share().kind().name()))
                .param("actors", column(nodes, Node::actorRef))
                .param("actorHandles", column(placed, PlacedShare::actorHandle))
                .param(
                        "actorFollowers",
                        nodes.stream().map(n -> n.share().actorFollowers()).toArray(Long[]::new))
                .param("objectUris", column(nodes, n -> n.share().objectUri()))
                .param("viaUris", column(nodes, n -> n.share().viaUri()))
                .param(
                        "mentions",
                        column(
                                nodes,
                                n -> Sql.arrayLiteral(n.share().mentionRefs().stream()
                                        .sorted()
                                        .toList())))
                .param("ats", column(nodes, n -> Sql.text(n.at())))
                .param("cascadeIds", column(nodes, Node::cascadeId))
                .param("parentUris", column(nodes, Node::parentUri))
                .param("rules", column(nodes, n -> n.rule().name()))
                .param("confidences", nodes.stream().map(Node::confidence).toArray(Double[]::new))
                .param("depths", nodes.stream().map(Node::depth).toArray(Integer[]::new))
                .param("versions", nodes.stream().map(Node::version).toArray(Integer[]::new))
                .param("candidates", column(nodes, n -> Json.write(n.candidates())))
                .param("modelVersion", modelVersion)
                .update();
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
        insertFollows(follows.stream().filter(FollowWrite::insert).toList(), modelVersion);
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

    private void insertFollows(List<FollowWrite> inserts, String modelVersion) {
        if (inserts.isEmpty()) {
            return;
        }
        List<TrackedFollow> tracked = inserts.stream().map(FollowWrite::follow).toList();
        List<Attribution> decisions =
                tracked.stream().map(TrackedFollow::decision).toList();
        jdbc.sql("""
                        insert into follow (event_id, platform, follower_ref, follower_handle, followee_ref,
                                            occurred_at, via_uri, decision_version, tier, confidence, cascade_id,
                                            exposure_uri, exposer_ref, path, credited_refs, candidates, decided_at,
                                            model_version, features)
                        select r.id, r.platform, r.follower, r.follower_handle, r.followee, r.at, r.via, r.version,
                               r.tier, r.confidence, r.cascade_id, r.exposure_uri, r.exposer_ref,
                               cast(r.path as jsonb), cast(r.credited as text[]), cast(r.candidates as jsonb),
                               r.decided_at, :modelVersion, cast(r.features as jsonb)
                          from unnest(cast(:ids as text[]), cast(:platforms as text[]), cast(:followers as text[]),
                                      cast(:followerHandles as text[]), cast(:followees as text[]),
                                      cast(:ats as timestamptz[]), cast(:vias as text[]), cast(:versions as int[]),
                                      cast(:tiers as text[]), cast(:confidences as float8[]),
                                      cast(:cascadeIds as uuid[]), cast(:exposureUris as text[]),
                                      cast(:exposerRefs as text[]), cast(:paths as text[]),
                                      cast(:credited as text[]), cast(:candidates as text[]),
                                      cast(:decidedAts as timestamptz[]), cast(:features as text[]))
                               as r(id, platform, follower, follower_handle, followee, at, via, version, tier,
                                    confidence, cascade_id, exposure_uri, exposer_ref, path, credited, candidates,
                                    decided_at, features)
                        on conflict (event_id) do nothing
                        """)
                .param("ids", column(tracked, TrackedFollow::id))
                .param("platforms", column(tracked, TrackedFollow::platform))
                .param("followers", column(tracked, f -> f.follow().followerRef()))
                .param("followerHandles", column(inserts, FollowWrite::followerHandle))
                .param("followees", column(tracked, f -> f.follow().subjectRef()))
                .param("ats", column(tracked, f -> Sql.text(f.follow().at())))
                .param("vias", column(tracked, f -> f.follow().viaUri()))
                .param("versions", tracked.stream().map(TrackedFollow::version).toArray(Integer[]::new))
                .param("tiers", column(decisions, d -> d.tier().name()))
                .param(
                        "confidences",
                        decisions.stream().map(Attribution::confidence).toArray(Double[]::new))
                .param("cascadeIds", column(decisions, Attribution::cascadeId))
                .param("exposureUris", column(decisions, Attribution::exposureUri))
                .param(
                        "exposerRefs",
                        column(
                                decisions,
                                d -> d.exposure() == null ? null : d.exposure().actorRef()))
                .param("paths", column(decisions, d -> Json.write(path(d))))
                .param("credited", column(decisions, d -> Sql.arrayLiteral(d.creditedRefs())))
                .param("candidates", column(decisions, d -> Json.write(d.candidates())))
                .param("decidedAts", column(decisions, d -> Sql.text(d.decidedAt())))
                .param("features", column(decisions, d -> Json.write(d.features())))
                .param("modelVersion", modelVersion)
                .update();
    }

    /** The credited path as stored: {@code [{"uri", "actorRef", "rule", "at"}, …]}. */
    private static List<Map<String, Object>> path(Attribution decision) {
        return decision.path().stream()
                .map(node -> Map.<String, Object>of(
                        "uri", node.uri(),
                        "actorRef", node.actorRef(),
                        "rule", node.rule().name(),
                        "at", node.at().toString()))
                .toList();
    }

    private static MapSqlParameterSource followParams(FollowWrite write, String modelVersion) {
        Attribution decision = write.follow().decision();
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
                .addValue("path", Json.write(path(decision)))
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
        if (cascades.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update cascade c
                           set size = case when c.merged_into is null then r.size else 0 end,
                               max_depth = r.depth, max_breadth = r.breadth, structural_virality = r.virality,
                               attributed_follows = c.attributed_follows + r.attributed,
                               direct_follows = c.direct_follows + r.direct,
                               downstream_follows = c.downstream_follows + r.downstream,
                               first_follow_at = case when r.first_follow is null then c.first_follow_at
                                                      else least(c.first_follow_at, r.first_follow) end,
                               last_activity_at = greatest(c.last_activity_at,
                                                           coalesce(r.last_activity, c.last_activity_at)),
                               updated_at = now()
                          from unnest(cast(:ids as uuid[]), cast(:sizes as int[]), cast(:depths as int[]),
                                      cast(:breadths as int[]), cast(:viralities as float8[]),
                                      cast(:attributed as int[]), cast(:direct as int[]),
                                      cast(:downstream as int[]), cast(:firstFollows as timestamptz[]),
                                      cast(:lastActivities as timestamptz[]))
                               as r(id, size, depth, breadth, virality, attributed, direct, downstream,
                                    first_follow, last_activity)
                         where c.id = r.id
                        """)
                .param("ids", column(cascades, CascadeWrite::id))
                .param("sizes", cascades.stream().map(CascadeWrite::size).toArray(Integer[]::new))
                .param("depths", cascades.stream().map(CascadeWrite::depth).toArray(Integer[]::new))
                .param("breadths", cascades.stream().map(CascadeWrite::breadth).toArray(Integer[]::new))
                .param(
                        "viralities",
                        cascades.stream().map(CascadeWrite::virality).toArray(Double[]::new))
                .param(
                        "attributed",
                        cascades.stream().map(CascadeWrite::attributedDelta).toArray(Integer[]::new))
                .param(
                        "direct",
                        cascades.stream().map(CascadeWrite::directDelta).toArray(Integer[]::new))
                .param(
                        "downstream",
                        cascades.stream().map(CascadeWrite::downstreamDelta).toArray(Integer[]::new))
                .param("firstFollows", column(cascades, c -> Sql.text(c.firstFollow())))
                .param("lastActivities", column(cascades, c -> Sql.text(c.lastActivity())))
                .update();
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
