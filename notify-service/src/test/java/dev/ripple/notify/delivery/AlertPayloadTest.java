package dev.ripple.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.notify.config.NotifyProperties;
import dev.ripple.notify.policy.Alert;
import dev.ripple.notify.policy.AlertReason;
import dev.ripple.notify.policy.Person;
import dev.ripple.notify.policy.StreamKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AlertPayloadTest {

    private static final Person SARAH = new Person("mastodon:example.social:sarah", "@sarah@example.social");
    private static final Person AUTHOR = new Person("mastodon:example.social:author", "@author@example.social");
    private static final Instant START = Instant.parse("2009-09-18T15:20:30.400Z");

    private final AlertPayload payload = new AlertPayload(new NotifyProperties(
            Duration.ofSeconds(60), null, false, List.of(), null, URI.create("https://ripple.example/")));

    @Test
    void digestPayloadHasTheDocumentedShape() {
        Alert alert = new Alert(
                new StreamKey(SARAH.ref(), AUTHOR.ref(), "6f0c5c1e"),
                SARAH,
                AUTHOR,
                AlertReason.DIGEST,
                START.plusSeconds(60),
                25,
                31,
                -1,
                START,
                START.plusSeconds(60),
                List.of("@sarah@example.social", "@julien@example.social"),
                0.6,
                List.of("@chris_fan01@example.social"),
                "Your share of @author@example.social reached @julien@example.social: 25 people followed.");

        String json = new String(payload.render(alert), StandardCharsets.UTF_8);

        assertThat(json)
                .isEqualTo(
                        "{\"type\":\"share.follows\",\"timestamp\":\"2009-09-18T15:21:30.400Z\",\"data\":{"
                                + "\"sharer\":{\"ref\":\"mastodon:example.social:sarah\",\"handle\":\"@sarah@example.social\"},"
                                + "\"subject\":{\"ref\":\"mastodon:example.social:author\",\"handle\":\"@author@example.social\"},"
                                + "\"cascadeId\":\"6f0c5c1e\",\"cascadeUrl\":\"https://ripple.example/api/v1/cascades/6f0c5c1e\","
                                + "\"reason\":\"digest\",\"newFollows\":25,\"totalFollows\":31,\"corrected\":-1,"
                                + "\"windowStart\":\"2009-09-18T15:20:30.400Z\",\"windowEnd\":\"2009-09-18T15:21:30.400Z\","
                                + "\"path\":[\"@sarah@example.social\",\"@julien@example.social\"],\"confidence\":0.6,"
                                + "\"sampleFollowers\":[\"@chris_fan01@example.social\"],"
                                + "\"text\":\"Your share of @author@example.social reached @julien@example.social: 25 people followed.\"}}");
    }

    @Test
    void firstPayloadHasNoWindow() {
        Alert alert = new Alert(
                new StreamKey(SARAH.ref(), AUTHOR.ref(), "c/1"),
                SARAH,
                AUTHOR,
                AlertReason.FIRST,
                START,
                1,
                1,
                0,
                null,
                null,
                List.of("@sarah@example.social"),
                0.9,
                List.of("@fan@example.social"),
                "text");

        String json = new String(payload.render(alert), StandardCharsets.UTF_8);

        assertThat(json)
                .contains("\"timestamp\":\"2009-09-18T15:20:30.400Z\"")
                .contains("\"reason\":\"first\"")
                .contains("\"windowStart\":null,\"windowEnd\":null")
                .contains("\"cascadeUrl\":\"https://ripple.example/api/v1/cascades/c%2F1\"");
    }

    @Test
    void deepCascadesStayWellUnderTwentyKilobytes() {
        List<String> path = IntStream.range(0, 500)
                .mapToObj(i -> "@a-rather-long-handle-number-%04d@a.long.instance.example".formatted(i))
                .toList();
        Alert alert = new Alert(
                new StreamKey(SARAH.ref(), AUTHOR.ref(), "c"),
                SARAH,
                AUTHOR,
                AlertReason.DIGEST,
                START,
                1000,
                5000,
                0,
                START,
                START,
                path,
                0.1,
                path.subList(0, 5),
                "x".repeat(600));

        byte[] body = payload.render(alert);

        assertThat(body.length).isLessThan(20_000);
        assertThat(AlertPayload.bounded(path))
                .hasSize(AlertPayload.MAX_PATH)
                .startsWith(path.getFirst())
                .endsWith(path.getLast());
    }
}
