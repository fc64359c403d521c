package dev.ripple.cascade.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.testsupport.RealInfrastructure;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The per-row values of the multi-row statements read back from PostgreSQL exactly as they were written. */
class SqlArraysIT {

    private final RealInfrastructure.Database database = RealInfrastructure.newDatabase("sql_arrays");
    private final JdbcClient jdbc =
            JdbcClient.create(new DriverManagerDataSource(database.url(), database.user(), database.password()));

    @Test
    void arrayLiteralsKeepEveryCharacter() {
        List<List<String>> rows = List.of(
                List.of(),
                List.of("bluesky:did:plc:abc"),
                List.of("a,b", "{braces}", "quote\"d", "back\\slash", "NULL", " spaced ", ""));
        String[] literals = rows.stream().map(Sql::arrayLiteral).toArray(String[]::new);

        List<List<String>> read = jdbc.sql("select cast(r as text[]) from unnest(cast(:rows as text[])) as r")
                .param("rows", literals)
                .query((rs, row) -> List.of(Sql.strings(rs.getArray(1))))
                .list();

        assertThat(read).isEqualTo(rows);
    }

    @Test
    void timesAsTextKeepMicrosecondsAndNulls() {
        Instant precise = Instant.parse("2009-09-18T15:20:30.123456Z");
        Instant whole = Instant.parse("2026-01-01T00:00:00Z");
        String[] times = {Sql.text(precise), Sql.text(whole), Sql.text(null)};

        List<String> read = jdbc.sql("select t from unnest(cast(:times as timestamptz[])) as t")
                .param("times", times)
                .query((rs, row) -> {
                    java.time.OffsetDateTime at = rs.getObject(1, java.time.OffsetDateTime.class);
                    return at == null ? "null" : at.toInstant().toString();
                })
                .list();

        assertThat(read).containsExactly(precise.toString(), whole.toString(), "null");
    }
}
