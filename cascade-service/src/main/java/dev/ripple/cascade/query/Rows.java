package dev.ripple.cascade.query;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Conversions between Java values and PostgreSQL columns, independent of the JVM's time zone. */
final class Rows {

    private Rows() {}

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    static CascadeRow cascade(ResultSet rs) throws SQLException {
        return new CascadeRow(
                rs.getObject("id", UUID.class),
                rs.getString("subject_ref"),
                rs.getString("platform"),
                rs.getString("root_uri"),
                rs.getString("root_actor_ref"),
                rs.getInt("size"),
                rs.getInt("max_depth"),
                rs.getInt("max_breadth"),
                rs.getDouble("structural_virality"),
                rs.getInt("attributed_follows"),
                rs.getInt("direct_follows"),
                rs.getInt("downstream_follows"),
                instant(rs, "started_at"),
                instant(rs, "first_follow_at"),
                instant(rs, "last_activity_at"),
                instant(rs, "updated_at"));
    }
}
