package dev.ripple.cascade.store;

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
