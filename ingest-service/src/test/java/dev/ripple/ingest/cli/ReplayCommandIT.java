package dev.ripple.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.events.Topics;
import dev.ripple.ingest.testing.SeedStory;
import dev.ripple.ingest.testing.TestKafka;
import dev.ripple.ingest.testing.TopicRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** The replay command in this JVM against a real broker (ServiceJarIT runs it from the packaged jar). */
class ReplayCommandIT {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path directory;

    @Test
    void seedStoryIsPublishedAndTheReportPrintedWithExitZero() {
        try (TopicRecords records = TopicRecords.markEnd(Topics.SHARES, Topics.FOLLOWS, Topics.FOLLOWING)) {

            int status = command(broker()).run(SeedStory.path().toString(), "--speed", "0");

            assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out())
                    .contains("of " + SeedStory.path() + " at speed 0.0: COMPLETED")
                    .contains("lines read:  123")
                    .contains("published:   123 (5 shares, 59 follows, 59 following snapshots)")
                    .contains("rejected:    0")
                    .doesNotContain("error:");
            assertThat(records.since(Topics.SHARES)).hasSize(5);
            assertThat(records.since(Topics.FOLLOWS)).hasSize(59);
            assertThat(records.since(Topics.FOLLOWING)).hasSize(59);
        }
    }

    @Test
    void rejectedLinesArePrintedWithTheirNumbersAndStillExitZero() throws IOException {
        List<String> lines = new ArrayList<>(SeedStory.lines());
        lines.add(2, "{\"type\":\"repost\"}");
        lines.add(7, "{oops");
        Path story = Files.write(directory.resolve("story.jsonl"), lines);

        int status = command(broker()).run(story.toString());

        assertThat(status).isZero();
        assertThat(out())
                .startsWith("line 3: rejected: unknown type 'repost' (one of share, follow, following)"
                        + System.lineSeparator() + "line 8: rejected: not valid JSON: ")
                .contains("published:   123 ")
                .contains("rejected:    2");
    }

    @Test
    void eventKafkaRefusesMakesTheCommandExitOneSayingWhy() throws IOException {
        ObjectNode share = SeedStory.first("share");
        share.put("objectUri", "https://example.social/" + "x".repeat(2 * 1024 * 1024));
        Path story = Files.write(directory.resolve("too-large.jsonl"), List.of(share.toString()));

        int status = command(broker()).run(story.toString());

        assertThat(status).isEqualTo(ReplayCommand.FAILED);
        assertThat(out())
                .contains(": FAILED")
                .contains("failed:      1")
                .contains("error:       Kafka did not accept 1 event(s): RecordTooLargeException");
    }

    @Test
    void unreachableKafkaExitsOneBeforePublishingAnything() {
        int status = command(
                        Map.of("ripple.kafka.bootstrap-servers", "127.0.0.1:1", "ripple.kafka.admin-timeout", "1s"))
                .run(SeedStory.path().toString());

        assertThat(status).isEqualTo(ReplayCommand.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("ingest-service could not start, nothing was published")
                .contains("Kafka at 127.0.0.1:1 (ripple.kafka.bootstrap-servers, RIPPLE_KAFKA_BOOTSTRAP_SERVERS)");
        assertThat(out()).isEmpty();
    }

    private static Map<String, Object> broker() {
        return Map.of("ripple.kafka.bootstrap-servers", TestKafka.bootstrapServers(), "ripple.kafka.partitions", 3);
    }

    private ReplayCommand command(Map<String, Object> properties) {
        return new ReplayCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                properties);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
