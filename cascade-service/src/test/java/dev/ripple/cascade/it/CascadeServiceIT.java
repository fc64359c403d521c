package dev.ripple.cascade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.ripple.cascade.correlation.SeedStory;
import dev.ripple.events.Account;
import dev.ripple.events.AttributionTier;
import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.FollowAttributed;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowedAccount;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.ShareDeleted;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import dev.ripple.events.Topics;
import dev.ripple.testsupport.RealInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * cascade-service against a real Kafka broker and a real PostgreSQL: the seed story flows in, the expected cascade
 * and credits come out, every decision is published, re-delivery changes nothing, bad records are dead-lettered, and
 * the state survives a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CascadeServiceIT {

    static RealInfrastructure.Database database;
    static ConfigurableApplicationContext app;
    static KafkaTestClient kafka;
    static RestClient http;

    @BeforeAll
    static void start() {
        database = RealInfrastructure.newDatabase("cascade_it");
        app = startApp();
        kafka = new KafkaTestClient(
                RealInfrastructure.kafkaBootstrapServers(), Topics.ATTRIBUTIONS, Topics.CASCADE_DLQ);
    }

    static ConfigurableApplicationContext startApp() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(
                        dev.ripple.cascade.CascadeServiceApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + database.url(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password(),
                        "--ripple.kafka.bootstrap-servers=" + RealInfrastructure.kafkaBootstrapServers(),
                        "--spring.cloud.stream.kafka.binder.brokers=" + RealInfrastructure.kafkaBootstrapServers(),
                        "--ripple.kafka.partitions=3");
        String port = context.getEnvironment().getProperty("local.server.port");
        http = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
        return context;
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void seedStoryBuildsTheExpectedCascadeAndCredits() {
        SeedStory.events().forEach(kafka::publish);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode list = getJson("/api/v1/cascades?subject=" + SeedStory.AUTHOR);
            assertThat(list.at("/follows/total").asLong()).isEqualTo(59);
            assertThat(list.at("/follows/attributed").asLong()).isEqualTo(56);
            assertThat(list.at("/follows/unattributed").asLong()).isEqualTo(3);
        });
        JsonNode list = getJson("/api/v1/cascades?subject=" + SeedStory.AUTHOR);
        assertThat(list.at("/subject/handle").asString()).isEqualTo("@author@example.social");
        assertThat(list.get("cascades")).hasSize(1);
        JsonNode summary = list.get("cascades").get(0);
        assertThat(summary.get("rootUri").asString()).isEqualTo("https://example.social/@sarah/2001");
        assertThat(summary.get("size").asInt()).isEqualTo(4);
        assertThat(summary.get("attributedFollows").asInt()).isEqualTo(56);
        assertThat(summary.get("depth").asInt()).isEqualTo(2);
        assertThat(summary.get("breadth").asInt()).isEqualTo(2);
        assertThat(summary.get("structuralVirality").asDouble()).isCloseTo(10.0 / 6, within(1e-9));
        assertThat(summary.get("directFollows").asInt()).isZero();
        assertThat(summary.get("downstreamFollows").asInt()).isEqualTo(56);
        assertThat(summary.get("firstFollowAt").asString()).isEqualTo("2009-09-17T17:46:00Z");

        JsonNode cascade = getJson("/api/v1/cascades/" + summary.get("id").asString());
        Map<String, String> parents = new HashMap<>();
        for (JsonNode node : cascade.get("nodes")) {
            parents.put(node.get("uri").asString(), node.get("parentUri").asString(null));
        }
        JsonNode expected = readExpected();
        assertThat(parents).containsEntry(expected.at("/cascade/root").asString(), null);
        expected.at("/cascade/parents")
                .properties()
                .forEach(entry -> assertThat(parents)
                        .containsEntry(entry.getKey(), entry.getValue().asString()));
        Map<String, Long> credits = new HashMap<>();
        cascade.get("credits")
                .forEach(credit -> credits.put(
                        credit.at("/sharer/ref").asString(),
                        credit.get("follows").asLong()));
        assertThat(credits)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(SeedStory.SARAH, 56L, SeedStory.JULIEN, 56L, SeedStory.CHRIS, 40L));
        assertThat(cascade.get("nodes").get(0).get("creditedFollows").asLong()).isEqualTo(56);
    }

    @Test
    @Order(2)
    void everyDecisionIsPublishedAndTheLatestVersionCreditsTheWholePath() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, FollowAttributed> latest = latestPerFollowAndSharer();
            long sarahCredits = latest.values().stream()
                    .filter(a -> a.sharer() != null && a.sharer().ref().equals(SeedStory.SARAH) && a.credited())
                    .count();
            assertThat(sarahCredits).isEqualTo(56);
        });
        List<ConsumerRecord<String, byte[]>> records = attributionRecords();
        for (ConsumerRecord<String, byte[]> record : records) {
            FollowAttributed attributed = EventJson.decode(record.value(), FollowAttributed.class);
            assertThat(record.key()).isEqualTo(attributed.key());
            assertThat(KafkaTestClient.header(record, CloudEvents.ID)).isEqualTo(attributed.id());
            assertThat(KafkaTestClient.header(record, CloudEvents.TYPE)).isEqualTo(CloudEvents.FOLLOW_ATTRIBUTED);
            assertThat(KafkaTestClient.header(record, CloudEvents.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(KafkaTestClient.header(record, CloudEvents.TIME))
                    .isEqualTo(attributed.decidedAt().toString());
            if (attributed.sharer() != null) {
                assertThat(attributed.sharer().ref())
                        .isNotEqualTo(attributed.subject().ref());
            }
        }
        // chris_fan01 followed before the snapshot that explains it: first decided unattributed (version 1), then
        // credited to the path (version 2) when the snapshot arrived. Decisions superseded within one batch are not
        // published, so version 1 may or may not have been; versions only ever grow.
        List<FollowAttributed> chrisFan = records.stream()
                .map(record -> EventJson.decode(record.value(), FollowAttributed.class))
                .filter(a -> a.followId().equals("seed-f-007"))
                .sorted(Comparator.comparingInt(FollowAttributed::decisionVersion))
                .toList();
        if (chrisFan.getFirst().decisionVersion() == 1) {
            assertThat(chrisFan.getFirst().tier()).isEqualTo(AttributionTier.UNATTRIBUTED);
            assertThat(chrisFan.getFirst().sharer()).isNull();
        }
        FollowAttributed toSarah = chrisFan.stream()
                .filter(a -> a.sharer() != null && a.sharer().ref().equals(SeedStory.SARAH))
                .findFirst()
                .orElseThrow();
        assertThat(toSarah.decisionVersion()).isEqualTo(2);
        assertThat(toSarah.tier()).isEqualTo(AttributionTier.GRAPH_EXPOSED);
        assertThat(toSarah.path())
                .extracting(step -> step.actor().handle())
                .containsExactly("@sarah@example.social", "@julien@example.social", "@chris@example.social");
        assertThat(toSarah.decidedAt()).isEqualTo(Instant.parse("2009-09-18T15:20:32.400Z"));
        assertThat(toSarah.followedAt()).isEqualTo(Instant.parse("2009-09-18T15:20:30.400Z"));
    }

    @Test
    @Order(3)
    void redeliveredEventsChangeNothing() {
        int before = attributionRecords().size();
        long decisionsBefore = decisionVersions();

        SeedStory.events().forEach(kafka::publish);
        // A marker event after the repeats: once it is processed, the repeats were too.
        FollowObserved marker =
                follow("marker-1", "mastodon:example.social:late_fan", Instant.parse("2009-09-21T10:00:00Z"));
        kafka.publish(marker);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> latestPerFollowAndSharer().keySet().stream().anyMatch(key -> key.startsWith("marker-1/")));
        assertThat(decisionVersions()).isEqualTo(decisionsBefore + 1);
        assertThat(attributionRecords()).hasSize(before + 1);
    }

    @Test
    @Order(4)
    void malformedRecordsAreDeadLetteredWithTheReasonAndDoNotBlockOthers() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEvents.TYPE, CloudEvents.FOLLOW_OBSERVED.getBytes(StandardCharsets.UTF_8));
        kafka.send(new ProducerRecord<>(
                Topics.FOLLOWS,
                null,
                SeedStory.AUTHOR,
                "{\"id\":\"broken\"".getBytes(StandardCharsets.UTF_8),
                headers));
        kafka.send(new ProducerRecord<>(
                Topics.FOLLOWS,
                null,
                SeedStory.AUTHOR,
                "{\"id\":\"no-follower\",\"platform\":\"mastodon\",\"occurredAt\":\"2009-09-21T10:00:00Z\"}"
                        .getBytes(StandardCharsets.UTF_8),
                headers));
        FollowObserved after =
                follow("after-bad", "mastodon:example.social:late_fan2", Instant.parse("2009-09-21T11:00:00Z"));
        kafka.publish(after);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> dead = kafka.received().stream()
                    .filter(record -> record.topic().equals(Topics.CASCADE_DLQ))
                    .toList();
            assertThat(dead).hasSize(2);
            assertThat(KafkaTestClient.header(dead.get(0), CloudEvents.DLQ_REASON))
                    .startsWith("not valid JSON");
            assertThat(KafkaTestClient.header(dead.get(1), CloudEvents.DLQ_REASON))
                    .contains("follower is missing")
                    .contains("followee is missing");
            assertThat(KafkaTestClient.header(dead.get(1), "x-original-topic")).isEqualTo(Topics.FOLLOWS);
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"broken\"");
            assertThat(latestPerFollowAndSharer().keySet()).anyMatch(key -> key.startsWith("after-bad/"));
        });
    }

    @Test
    @Order(5)
    void aLateShareReattributesFollowsItExplains() {
        String subject = "mastodon:example.social:poet";
        Instant shareAt = Instant.parse("2010-01-01T12:00:00Z");
        // The follow and the snapshot arrive first; the share that explains them is observed late.
        kafka.publish(new FollowObserved(
                "late-f-1",
                "mastodon",
                account("mastodon:example.social:reader"),
                account(subject),
                shareAt.plusSeconds(30),
                null));
        kafka.publish(new FollowingObserved(
                "late-g-1",
                "mastodon",
                account("mastodon:example.social:reader"),
                List.of(new FollowedAccount("mastodon:example.social:booster", "@booster@example.social", null)),
                shareAt.plusSeconds(32)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> latestPerFollowAndSharer().containsKey("late-f-1/-"));
        kafka.publish(new ShareObserved(
                "late-s-1",
                "mastodon",
                ShareKind.RESHARE,
                "https://example.social/@booster/1/reblog",
                account("mastodon:example.social:booster"),
                account(subject),
                "https://example.social/@poet/1",
                List.of(),
                null,
                shareAt));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            FollowAttributed credit = latestPerFollowAndSharer().get("late-f-1/mastodon:example.social:booster");
            assertThat(credit).isNotNull();
            assertThat(credit.credited()).isTrue();
            assertThat(credit.decisionVersion()).isEqualTo(2);
        });
    }

    @Test
    @Order(6)
    void aLikeThroughAReshareCreditsItsPathWhenTheLikerFollows() {
        Instant at = Instant.parse("2009-09-18T15:30:00Z");
        kafka.publish(new dev.ripple.events.EngagementObserved(
                "like-1",
                "mastodon",
                dev.ripple.events.EngagementKind.LIKE,
                "https://example.social/likes/1",
                account("mastodon:example.social:liker"),
                account(SeedStory.AUTHOR),
                "https://example.social/@author/1001",
                "https://example.social/@chris/4001/reblog",
                at));
        kafka.publish(follow("liker-follow", "mastodon:example.social:liker", at.plusSeconds(40)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            FollowAttributed credit = latestPerFollowAndSharer().get("liker-follow/" + SeedStory.SARAH);
            assertThat(credit).isNotNull();
            assertThat(credit.tier()).isEqualTo(AttributionTier.ENGAGED);
            assertThat(credit.exposure().uri()).isEqualTo("https://example.social/@chris/4001/reblog");
        });
    }

    @Test
    @Order(7)
    void aDeletedShareIsMarkedAndEveryDecisionThroughItStands() {
        long versionsBefore = decisionVersions();
        String chrisReshare = "https://example.social/@chris/4001/reblog";
        Instant deletedAt = Instant.parse("2009-09-19T09:00:00Z");
        kafka.publish(new ShareDeleted("del-1", "mastodon", chrisReshare, account(SeedStory.AUTHOR), deletedAt));
        kafka.publish(new ShareDeleted(
                "del-1-again", "mastodon", chrisReshare, account(SeedStory.AUTHOR), deletedAt.plusSeconds(60)));
        // A delete that overtakes its share is kept for when the share arrives.
        String early = "https://example.social/@fan/77/reblog";
        kafka.publish(new ShareDeleted(
                "del-2", "mastodon", early, account("mastodon:example.social:poet"), deletedAt.plusSeconds(5)));
        kafka.publish(new ShareObserved(
                "early-s-1",
                "mastodon",
                ShareKind.RESHARE,
                early,
                account("mastodon:example.social:fan"),
                account("mastodon:example.social:poet"),
                "https://example.social/@poet/1",
                List.of(),
                null,
                deletedAt.minusSeconds(600)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(deletions())
                    .containsEntry(chrisReshare, deletedAt)
                    .containsEntry(early, deletedAt.plusSeconds(5));
            assertThat(jdbc().sql("select count(*) from share_node where uri = ?")
                            .param(early)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
        });
        assertThat(jdbc().sql("select count(*) from share_node where uri = ?")
                        .param(chrisReshare)
                        .query(Long.class)
                        .single())
                .as("the deleted share keeps its node")
                .isEqualTo(1);
        assertThat(decisionVersions())
                .as("no decision is re-made because a share was deleted")
                .isEqualTo(versionsBefore);
        String cascadeId = getJson("/api/v1/cascades?subject=" + SeedStory.AUTHOR)
                .get("cascades")
                .get(0)
                .get("id")
                .asString();
        Map<String, String> deletedAtByUri = new HashMap<>();
        for (JsonNode node : getJson("/api/v1/cascades/" + cascadeId).get("nodes")) {
            deletedAtByUri.put(node.get("uri").asString(), node.get("deletedAt").asString(null));
        }
        assertThat(deletedAtByUri)
                .as("the API shows the deleted share, still in its place")
                .containsEntry(chrisReshare, "2009-09-19T09:00:00Z")
                .containsEntry("https://example.social/@sarah/2001", null);
    }

    @Test
    @Order(8)
    void stateSurvivesARestart() {
        JsonNode before = getJson("/api/v1/cascades?subject=" + SeedStory.AUTHOR);
        app.close();
        app = startApp();
        JsonNode after = getJson("/api/v1/cascades?subject=" + SeedStory.AUTHOR);
        assertThat(after).isEqualTo(before);
    }

    private static JdbcClient jdbc() {
        return JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                database.url(), database.user(), database.password()));
    }

    private static Map<String, Instant> deletions() {
        return jdbc()
                .sql("select uri, deleted_at from share_deletion")
                .query((rs, row) ->
                        Map.entry(rs.getString(1), rs.getTimestamp(2).toInstant()))
                .list()
                .stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static long decisionVersions() {
        return jdbc().sql("select coalesce(sum(decision_version), 0) from follow")
                .query(Long.class)
                .single();
    }

    private static List<ConsumerRecord<String, byte[]>> attributionRecords() {
        return kafka.received().stream()
                .filter(record -> record.topic().equals(Topics.ATTRIBUTIONS))
                .toList();
    }

    /** The latest message per (follow, sharer or "-"). */
    private static Map<String, FollowAttributed> latestPerFollowAndSharer() {
        return attributionRecords().stream()
                .map(record -> EventJson.decode(record.value(), FollowAttributed.class))
                .collect(Collectors.toMap(
                        a -> a.followId() + "/"
                                + (a.sharer() == null ? "-" : a.sharer().ref()),
                        Function.identity(),
                        (a, b) -> a.decisionVersion() >= b.decisionVersion() ? a : b));
    }

    private static FollowObserved follow(String id, String follower, Instant at) {
        return new FollowObserved(id, "mastodon", account(follower), account(SeedStory.AUTHOR), at, null);
    }

    private static Account account(String ref) {
        String name = ref.substring(ref.lastIndexOf(':') + 1);
        return new Account(ref, "@" + name + "@example.social", null);
    }

    private static JsonNode getJson(String path) {
        return EventJson.mapper().readTree(http.get().uri(path).retrieve().body(String.class));
    }

    private static JsonNode readExpected() {
        try {
            return EventJson.mapper()
                    .readTree(java.nio.file.Files.readString(
                            SeedStory.file().resolveSibling("seed-story.expected.json")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
