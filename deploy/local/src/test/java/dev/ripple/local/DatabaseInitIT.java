package dev.ripple.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ripple.testsupport.RealInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatabaseInitIT {

    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final DatabaseInit init = new DatabaseInit(new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    void createsTheRoleAndDatabasesOnceAndTheRoleOwnsThem() throws Exception {
        RealInfrastructure.Database admin = RealInfrastructure.newDatabase("init_admin");

        init.run(admin.url(), admin.user(), admin.password(), "it_ripple", "it's secret", List.of("it_one", "it_two"));
        init.run(admin.url(), admin.user(), admin.password(), "it_ripple", "it's secret", List.of("it_one", "it_two"));

        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("""
                        created role it_ripple
                        created database it_one (owner it_ripple)
                        created database it_two (owner it_ripple)
                        role it_ripple exists
                        database it_one exists
                        database it_two exists
                        """);
        String server = admin.url().substring(0, admin.url().lastIndexOf('/') + 1);
        for (String database : List.of("it_one", "it_two")) {
            try (Connection connection = DriverManager.getConnection(server + database, "it_ripple", "it's secret");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE probe (id bigint PRIMARY KEY)");
                statement.execute("INSERT INTO probe VALUES (1)");
                try (ResultSet owner = statement.executeQuery(
                        "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")) {
                    assertThat(owner.next()).isTrue();
                    assertThat(owner.getString(1)).isEqualTo("it_ripple");
                }
            }
        }
    }

    @Test
    void namesThatAreNotPlainIdentifiersAreRefused() {
        RealInfrastructure.Database admin = RealInfrastructure.newDatabase("init_admin");

        assertThatThrownBy(() -> init.run(
                        admin.url(), admin.user(), admin.password(), "ripple", "x", List.of("notify; DROP TABLE x")))
                .isInstanceOf(Args.UsageException.class)
                .hasMessageContaining("database name 'notify; DROP TABLE x' must be lower-case letters, digits and _");
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
