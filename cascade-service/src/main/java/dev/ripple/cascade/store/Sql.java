package dev.ripple.cascade.store;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between Java values and PostgreSQL columns, independent of the JVM's time zone. */
final class Sql {

    private Sql() {}

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** An ISO-8601 time with {@code Z} or an offset (PostgreSQL writes {@code +00:00} into JSON). */
    static Instant parseTime(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }

    /**
     * A time as ISO-8601 text, for the arrays of multi-row statements ({@code cast(:times as timestamptz[])});
     * PostgreSQL rounds to microseconds exactly as it does for a bound timestamp.
     */
    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /**
     * A text array literal ({@code {"a","b"}}): one row's array inside the text array of a multi-row statement
     * (unnest flattens arrays of arrays, so each row's array travels as text and is cast back per row).
     */
    static String arrayLiteral(java.util.Collection<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (String value : values) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }

    static String[] strings(Array array) throws SQLException {
        return array == null ? new String[0] : (String[]) array.getArray();
    }
}
