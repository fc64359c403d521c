package dev.ripple.cascade.store;

import dev.ripple.cascade.correlation.Candidate;
import dev.ripple.cascade.correlation.Node;
import dev.ripple.cascade.correlation.ParentRule;
import dev.ripple.cascade.correlation.Share;
import dev.ripple.events.ShareKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Shares placed in cascades (table {@code share_node}). */
@Repository
public class ShareStore {

    private final JdbcClient jdbc;

    ShareStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises work on one account until the transaction ends (a PostgreSQL advisory lock on its ref). */
    public void lockAccount(String ref) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:ref, 0))")
                .param("ref", ref)
                .query((rs, row) -> 1)
                .list();
    }

    /** A share already stored under this event id or under the same (subject, uri) is the same share. */
    public boolean exists(String eventId, String subjectRef, String uri) {
        return jdbc.sql(
                        "select exists(select 1 from share_node where event_id = :id or (subject_ref = :subject and uri = :uri))")
                .param("id", eventId)
                .param("subject", subjectRef)
                .param("uri", uri)
                .query(Boolean.class)
                .single();
    }

    /** Inserts a placed share; false when it was already there (a re-delivery). */
    public boolean insert(Node node, String platform, List<Candidate> candidates) {
        Share share = node.share();
        int rows = jdbc.sql("""
                        insert into share_node (subject_ref, uri, event_id, platform, kind, actor_ref, actor_followers,
                                                object_uri, via_uri, mention_refs, occurred_at, cascade_id, parent_uri,
                                                rule, confidence, depth, candidates, model_version)
                        values (:subject, :uri, :eventId, :platform, :kind, :actor, :actorFollowers, :objectUri, :viaUri,
                                :mentions, :at, :cascadeId, :parentUri, :rule, :confidence, :depth,
                                cast(:candidates as jsonb), :modelVersion)
                        on conflict do nothing
                        """)
                .param("subject", share.subjectRef())
                .param("uri", share.uri())
                .param("eventId", share.eventId())
                .param("platform", platform)
                .param("kind", share.kind().name())
                .param("actor", share.actorRef())
                .param("actorFollowers", share.actorFollowers())
                .param("objectUri", share.objectUri())
                .param("viaUri", share.viaUri())
                .param("mentions", share.mentionRefs().stream().sorted().toArray(String[]::new))
                .param("at", Sql.time(share.at()))
                .param("cascadeId", UUID.fromString(node.cascadeId()))
                .param("parentUri", node.parentUri())
                .param("rule", node.rule().name())
                .param("confidence", node.confidence())
                .param("depth", node.depth())
                .param("candidates", Json.write(candidates))
                .param("modelVersion", dev.ripple.cascade.correlation.CorrelationSettings.MODEL_VERSION)
                .update();
        return rows == 1;
    }

    /** Every placed share of a subject, by uri, oldest first. */
    public Map<String, Node> nodesOfSubject(String subjectRef) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        jdbc.sql("select * from share_node where subject_ref = :subject order by occurred_at, uri")
                .param("subject", subjectRef)
                .query((rs, row) -> node(rs))
                .list()
                .forEach(node -> nodes.put(node.uri(), node));
        return nodes;
    }

    /** The shares of one cascade, root first. */
    public List<StoredNode> nodesOfCascade(UUID cascadeId) {
        return jdbc.sql("select * from share_node where cascade_id = :id order by depth, occurred_at, uri")
                .param("id", cascadeId)
                .query((rs, row) -> new StoredNode(node(rs), rs.getString("kind"), rs.getString("platform")))
                .list();
    }

    /** A share with the columns the API shows. */
    public record StoredNode(Node node, String kind, String platform) {}

    static Node node(ResultSet rs) throws SQLException {
        Share share = new Share(
                rs.getString("event_id"),
                rs.getString("subject_ref"),
                rs.getString("uri"),
                ShareKind.valueOf(rs.getString("kind")),
                rs.getString("actor_ref"),
                (Long) rs.getObject("actor_followers"),
                rs.getString("object_uri"),
                Set.of(Sql.strings(rs.getArray("mention_refs"))),
                rs.getString("via_uri"),
                Sql.instant(rs, "occurred_at"));
        return new Node(
                share,
                rs.getString("cascade_id"),
                rs.getString("parent_uri"),
                ParentRule.valueOf(rs.getString("rule")),
                rs.getDouble("confidence"),
                rs.getInt("depth"));
    }
}
