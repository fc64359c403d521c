package dev.ripple.cascade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.cascade.CascadeServiceApplication;
import dev.ripple.cascade.correlation.Attribution;
import dev.ripple.cascade.correlation.InMemoryCorrelation;
import dev.ripple.cascade.correlation.Node;
import dev.ripple.cascade.correlation.SubjectState;
import dev.ripple.cascade.correlation.TrackedFollow;
import dev.ripple.cascade.eval.Generator;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.testsupport.RealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two cascade-service instances in one consumer group on one database, joining and leaving while a generated world
 * flows through: partitions move between them twice, and the stored cascades and decisions must come out exactly as
 * the in-memory correlation of the same events says.
 */
class CascadeRebalanceIT {

    @Test
    void partitionsMovingBetweenInstancesChangeNoOutcome() {
        RealInfrastructure.Database database = RealInfrastructure.newDatabase("cascade_rebalance");
        String kafka = RealInfrastructure.kafkaBootstrapServers();
        String group = "cascade-rebalance-" + System.nanoTime();
        List<RippleEvent> events = new Generator(Generator.Settings.defaults(77).scaled(3_000, 12, 3))
                .generate()
                .events();
        int third = events.size() / 3;
        long follows = events.stream().filter(FollowObserved.class::isInstance).count();

        try (KafkaTestClient client = new KafkaTestClient(kafka);
                ConfigurableApplicationContext first = start(database, kafka, group)) {
            events.subList(0, third).forEach(client::publish);
            try (ConfigurableApplicationContext second = start(database, kafka, group)) {
                events.subList(third, 2 * third).forEach(client::publish);
                awaitFollows(database, 2 * third > 0 ? countFollows(events.subList(0, 2 * third)) : 0);
            }
            // The second instance left: the first takes its partitions back (with a cache that may be stale).
            events.subList(2 * third, events.size()).forEach(client::publish);
            awaitFollows(database, follows);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> jdbc(database)
                                    .sql("select count(*) from outbox_batch")
                                    .query(Long.class)
                                    .single()
                            == 0);
        }

        InMemoryCorrelation expected = new InMemoryCorrelation(new dev.ripple.cascade.correlation.Correlator(
                dev.ripple.cascade.correlation.CorrelationSettings.DEFAULTS,
                dev.ripple.cascade.eval.CalibrationFile.parse(calibration())));
        expected.applyAll(events);
        Map<String, String> parents = new HashMap<>();
        Map<String, String> decisions = new HashMap<>();
        for (SubjectState state : expected.subjects().values()) {
            for (Node node : state.nodes()) {
                parents.put(state.subjectRef() + " " + node.uri(), String.valueOf(node.parentUri()));
            }
            for (TrackedFollow follow : state.followsBetween(Instant.MIN, Instant.MAX)) {
                Attribution decision = follow.decision();
                decisions.put(
                        follow.id(), decision.tier() + " " + decision.exposureUri() + " " + decision.creditedRefs());
            }
        }
        Map<String, String> storedParents = new HashMap<>();
        jdbc(database)
                .sql("select subject_ref, uri, parent_uri from share_node where subject_ref like 'synthetic:w77:%'")
                .query(rs -> {
                    storedParents.put(
                            rs.getString("subject_ref") + " " + rs.getString("uri"),
                            String.valueOf(rs.getString("parent_uri")));
                });
        Map<String, String> storedDecisions = new HashMap<>();
        jdbc(database)
                .sql("select event_id, tier, exposure_uri, credited_refs from follow where event_id like 'w77-%'")
                .query(rs -> {
                    storedDecisions.put(
                            rs.getString("event_id"),
                            rs.getString("tier") + " " + rs.getString("exposure_uri") + " "
                                    + List.of((String[])
                                            rs.getArray("credited_refs").getArray()));
                });
        assertThat(storedParents).isEqualTo(parents);
        assertThat(storedDecisions).isEqualTo(decisions);
    }

    private static long countFollows(List<RippleEvent> events) {
        return events.stream().filter(FollowObserved.class::isInstance).count();
    }

    private static void awaitFollows(RealInfrastructure.Database database, long expected) {
        await().atMost(Duration.ofSeconds(120))
                .until(() -> jdbc(database)
                                .sql("select count(*) from follow where event_id like 'w77-%'")
                                .query(Long.class)
                                .single()
                        >= expected);
    }

    private static String calibration() {
        try (var in = CascadeRebalanceIT.class.getResourceAsStream("/calibration/model.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConfigurableApplicationContext start(
            RealInfrastructure.Database database, String kafka, String group) {
        return new SpringApplicationBuilder(CascadeServiceApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + database.url(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password(),
                        "--ripple.kafka.bootstrap-servers=" + kafka,
                        "--spring.cloud.stream.kafka.binder.brokers=" + kafka,
                        "--spring.cloud.stream.bindings.correlate-in-0.group=" + group,
                        "--spring.cloud.stream.kafka.bindings.correlate-in-0.consumer.configuration.max.poll.records=200",
                        "--ripple.kafka.partitions=3");
    }

    private static JdbcClient jdbc(RealInfrastructure.Database database) {
        return JdbcClient.create(new DriverManagerDataSource(database.url(), database.user(), database.password()));
    }
}
