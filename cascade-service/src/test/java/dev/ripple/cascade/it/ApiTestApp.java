package dev.ripple.cascade.it;

import static org.awaitility.Awaitility.await;

import dev.ripple.cascade.correlation.SeedStory;
import dev.ripple.events.Account;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import dev.ripple.events.Topics;
import dev.ripple.testsupport.RealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * cascade-service started for the API's integration tests on a fresh database, with the seed story fed in through
 * Kafka and the real pipeline (as ingest-service would), API keys required.
 */
final class ApiTestApp implements AutoCloseable {

    static final String KEY = "it-key-0123456789abcdef";
    static final String SECOND_KEY = "it-key-second-0123456789";

    final RealInfrastructure.Database database;
    final ConfigurableApplicationContext context;
    final KafkaTestClient kafka;
    final ApiClient api;

    private ApiTestApp(RealInfrastructure.Database database, ConfigurableApplicationContext context) {
        this.database = database;
        this.context = context;
        this.kafka = new KafkaTestClient(RealInfrastructure.kafkaBootstrapServers(), Topics.ATTRIBUTIONS);
        String port = context.getEnvironment().getProperty("local.server.port");
        this.api = new ApiClient("http://127.0.0.1:" + port, KEY);
    }

    static ApiTestApp start(String name, String... extraArgs) {
        RealInfrastructure.Database database = RealInfrastructure.newDatabase(name);
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--ripple.kafka.bootstrap-servers=" + RealInfrastructure.kafkaBootstrapServers(),
                "--spring.cloud.stream.kafka.binder.brokers=" + RealInfrastructure.kafkaBootstrapServers(),
                "--ripple.kafka.partitions=3",
                "--ripple.api.keys=" + KEY + "," + SECOND_KEY));
        args.addAll(List.of(extraArgs));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(
                        dev.ripple.cascade.CascadeServiceApplication.class)
                .run(args.toArray(String[]::new));
        return new ApiTestApp(database, context);
    }

    /** Publishes the seed story and waits until every one of its follows is decided. */
    ApiTestApp withSeedStory() {
        SeedStory.events().forEach(kafka::publish);
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            ApiClient.Response response = api.get("/api/v1/cascades?subject=" + SeedStory.AUTHOR);
            return response.status() == 200
                    && response.json().at("/follows/total").asLong() == 59
                    && response.json().at("/follows/undecided").asLong() == 0
                    && response.json().at("/follows/attributed").asLong() == 56;
        });
        return this;
    }

    String authorCascadeId() {
        return api.json("/api/v1/cascades?subject=" + SeedStory.AUTHOR)
                .at("/cascades/0/id")
                .asString();
    }

    JdbcClient jdbc() {
        return JdbcClient.create(new DriverManagerDataSource(database.url(), database.user(), database.password()));
    }

    static ShareObserved share(String id, String actor, String subject, String uri, String objectUri, Instant at) {
        return new ShareObserved(
                id,
                "mastodon",
                ShareKind.RESHARE,
                uri,
                account(actor),
                account(subject),
                objectUri,
                List.of(),
                null,
                at);
    }

    static Account account(String ref) {
        String name = ref.substring(ref.lastIndexOf(':') + 1);
        return new Account(ref, "@" + name + "@example.social", null);
    }

    @Override
    public void close() {
        kafka.close();
        context.close();
    }
}
