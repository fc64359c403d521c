package dev.ripple.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class RealInfrastructureIT {

    @Test
    void postgresIsVersion17AndDatabasesAreIsolated() throws Exception {
        RealInfrastructure.Database first = RealInfrastructure.newDatabase("probe");
        RealInfrastructure.Database second = RealInfrastructure.newDatabase("probe");

        assertThat(first.url()).isNotEqualTo(second.url());
        try (Connection connection = first.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("show server_version_num")) {
            result.next();
            assertThat(result.getInt(1)).isBetween(170000, 179999);
        }
    }

    @Test
    void kafkaAcceptsTopics() throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("probe.v1", 2, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS))
                    .contains("probe.v1");
        }
    }
}
