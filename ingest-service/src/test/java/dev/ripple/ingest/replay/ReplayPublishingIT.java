package dev.ripple.ingest.replay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.Topics;
import dev.ripple.ingest.publish.KafkaEventPublisher;
import dev.ripple.ingest.publish.KafkaSettings;
import dev.ripple.ingest.testing.SeedStory;
import dev.ripple.ingest.testing.TestKafka;
import dev.ripple.ingest.testing.TopicRecords;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replays through the service's own beans to a real broker, and reads back what landed on the topics. */
class ReplayPublishingIT {

    private static ApplicationContext context;
    private static Replays replays;

    @BeforeAll
    static void startService() {
        context = ApplicationContext.run(
                Map.of("ripple.kafka.bootstrap-servers", TestKafka.bootstrapServers(), "ripple.kafka.partitions", 3));
        replays = context.getBean(Replays.class);
    }

    @AfterAll
    static void stopService() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void startUpCreatesTheThreeTopicsWithSharesAndFollowsCoPartitioned() throws Exception {
        try (Admin admin = Admin.create(TestKafka.clientProperties())) {
            Map<String, TopicDescription> topics = admin.describeTopics(
                            List.of(Topics.SHARES, Topics.FOLLOWS, Topics.FOLLOWING))
                    .allTopicNames()
                    .get();

            assertThat(topics).hasSize(3);
            assertThat(topics.get(Topics.SHARES).partitions())
                    .hasSameSizeAs(topics.get(Topics.FOLLOWS).partitions());
        }
    }

    @Test
    void seedStoryLandsOnTheThreeTopicsWithKeysHeadersAndPayloadsInFileOrderPerKey() {
        List<RippleEvent> story = SeedStory.events(SeedStory.lines());
        try (TopicRecords records = TopicRecords.markEnd(Topics.SHARES, Topics.FOLLOWS, Topics.FOLLOWING)) {

            ReplayReport report = replays.run(ReplayInput.of(SeedStory.path()), 0);

            assertThat(report.status()).isEqualTo(ReplayStatus.COMPLETED);
            assertThat(report.published()).isEqualTo(new ReplayReport.Published(5, 59, 59));
            List<ConsumerRecord<String, byte[]>> shares = records.since(Topics.SHARES);
            List<ConsumerRecord<String, byte[]>> follows = records.since(Topics.FOLLOWS);
            List<ConsumerRecord<String, byte[]>> followings = records.since(Topics.FOLLOWING);
            assertThat(shares).hasSize(5);
            assertThat(follows).hasSize(59);
            assertThat(followings).hasSize(59);

            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(shares);
            all.addAll(follows);
            all.addAll(followings);
            Map<String, RippleEvent> byId = story.stream().collect(Collectors.toMap(RippleEvent::id, event -> event));
            List<String> traceIds = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : all) {
                RippleEvent expected = byId.get(header(record, CloudEvents.ID));
                assertThat(expected)
                        .as("record %s", header(record, CloudEvents.ID))
                        .isNotNull();
                assertThat(record.topic()).isEqualTo(Topics.of(expected));
                assertThat(record.key()).isEqualTo(expected.key());
                Map<String, String> headers = headers(record);
                String traceparent = headers.remove("traceparent");
                assertThat(headers).isEqualTo(CloudEvents.headers(expected, "/ripple/ingest/replay"));
                // The W3C trace context of the span that published it (docs/observability.md).
                assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
                traceIds.add(traceparent.substring(3, 35));
                assertThat(EventJson.decode(record.value(), expected.getClass()))
                        .isEqualTo(expected);
            }
            assertThat(all).extracting(record -> header(record, CloudEvents.ID)).doesNotHaveDuplicates();
            // Started without a caller's trace, each event is the root of a trace of its own.
            assertThat(traceIds).doesNotHaveDuplicates();

            assertThat(idsPerKey(shares)).isEqualTo(idsPerKey(story, Topics.SHARES));
            assertThat(idsPerKey(follows)).isEqualTo(idsPerKey(story, Topics.FOLLOWS));
            assertThat(idsPerKey(followings)).isEqualTo(idsPerKey(story, Topics.FOLLOWING));
        }
    }

    @Test
    void badLinesInTheMiddleAreReportedAndEverythingAfterThemIsPublished() {
        List<String> lines = new ArrayList<>(SeedStory.lines());
        lines.add(40, "{\"type\":\"follow\",\"id\":\"broken-1\"}");
        lines.add(80, "this is not JSON");
        byte[] content = String.join("\n", lines).getBytes(UTF_8);
        try (TopicRecords records = TopicRecords.markEnd(Topics.SHARES, Topics.FOLLOWS, Topics.FOLLOWING)) {

            ReplayReport report = replays.run(ReplayInput.of("story with bad lines", content), 0);

            assertThat(report.status()).isEqualTo(ReplayStatus.COMPLETED);
            assertThat(report.rejections())
                    .extracting(ReplayReport.Rejection::line)
                    .containsExactly(41L, 81L);
            assertThat(report.rejections().getFirst().reason())
                    .startsWith("invalid follow: platform is missing; follower is missing; followee is missing");
            assertThat(report.rejections().getLast().reason()).startsWith("not valid JSON");
            List<String> published = new ArrayList<>();
            for (String topic : List.of(Topics.SHARES, Topics.FOLLOWS, Topics.FOLLOWING)) {
                records.since(topic).forEach(record -> published.add(header(record, CloudEvents.ID)));
            }
            List<String> afterTheLastBadLine = SeedStory.events(lines.subList(81, lines.size())).stream()
                    .map(RippleEvent::id)
                    .toList();
            assertThat(afterTheLastBadLine).hasSize(SeedStory.EVENTS - 79);
            assertThat(published).hasSize(SeedStory.EVENTS).containsAll(afterTheLastBadLine);
        }
    }

    @Test
    void replayWhoseBrokerIsDownFailsWithinTheDeliveryTimeoutSayingWhy() {
        KafkaSettings unreachable =
                new KafkaSettings("127.0.0.1:1", 3, 1, Duration.ofSeconds(2), Duration.ofSeconds(2));
        KafkaEventPublisher publisher = new KafkaEventPublisher(unreachable);
        try (Replays isolated = new Replays(publisher, Sleeper.SYSTEM, Clock.systemUTC(), 10, 1)) {
            Instant start = Instant.now();

            ReplayReport report = isolated.run(ReplayInput.of(SeedStory.path()), 0);

            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(15));
            assertThat(report.status()).isEqualTo(ReplayStatus.FAILED);
            assertThat(report.failed()).isPositive();
            assertThat(report.published().total()).isZero();
            assertThat(report.error()).startsWith("Kafka did not accept ").contains("TimeoutException");
        } finally {
            publisher.close();
        }
    }

    private static Map<String, List<String>> idsPerKey(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<String>> perKey = new LinkedHashMap<>();
        records.forEach(record ->
                perKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(header(record, CloudEvents.ID)));
        return sorted(perKey);
    }

    private static Map<String, List<String>> idsPerKey(List<RippleEvent> story, String topic) {
        Map<String, List<String>> perKey = new LinkedHashMap<>();
        story.stream()
                .filter(event -> Topics.of(event).equals(topic))
                .forEach(event -> perKey.computeIfAbsent(event.key(), key -> new ArrayList<>())
                        .add(event.id()));
        return sorted(perKey);
    }

    private static Map<String, List<String>> sorted(Map<String, List<String>> perKey) {
        return new java.util.TreeMap<>(perKey);
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), UTF_8));
        }
        return headers;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), UTF_8);
    }
}
