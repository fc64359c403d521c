package dev.ripple.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.notify.TestSettings;
import dev.ripple.notify.policy.Alert;
import dev.ripple.notify.policy.AlertType;
import dev.ripple.notify.policy.Contributor;
import dev.ripple.notify.policy.Person;
import dev.ripple.notify.policy.StreamKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AlertPayloadTest {

    private static final Person SARAH = new Person("mastodon:example.social:sarah", "@sarah@example.social");
    private static final Person AUTHOR = new Person("mastodon:example.social:author", "@author@example.social");
    private static final Instant START = Instant.parse("2009-09-18T15:20:30.400Z");

    private final AlertPayload payload = new AlertPayload(TestSettings.defaults());

    static Alert alert(AlertType type, StreamKey key, List<String> path, Integer milestone, Integer burst) {
        boolean window = type == AlertType.DIGEST || type == AlertType.MILESTONE || type == AlertType.SUBJECT_DIGEST;
        return new Alert(
                type,
                key,
                type == AlertType.SUBJECT_DIGEST ? new Person("", "") : SARAH,
                AUTHOR,
                START.plusSeconds(60),
                25,
                31,
                -1,
                window ? START : null,
                window ? START.plusSeconds(60) : null,
                path,
                0.6,
                List.of("@chris_fan01@example.social"),
                milestone,
                burst,
                type == AlertType.SUMMARY ? START : null,
                type == AlertType.SUMMARY ? START.plusSeconds(60) : null,
                type == AlertType.SUBJECT_DIGEST ? List.of(new Contributor("m:x:chris", "@chris", 25)) : List.of(),
                "Zoë 😀 says hi.");
    }

    @Test
    void milestonePayloadHasTheDocumentedShape() {
        Alert alert = alert(
                AlertType.MILESTONE,
                new StreamKey(SARAH.ref(), AUTHOR.ref(), "6f0c5c1e"),
                List.of("@sarah@example.social", "@julien@example.social"),
                25,
                null);

        String json = new String(payload.render(alert, 7), StandardCharsets.UTF_8);

        assertThat(json)
                .isEqualTo("{\"type\":\"share.follows.milestone\",\"timestamp\":\"2009-09-18T15:21:30.400Z\",\"data\":{"
                        + "\"sharer\":{\"ref\":\"mastodon:example.social:sarah\",\"handle\":\"@sarah@example.social\"},"
                        + "\"subject\":{\"ref\":\"mastodon:example.social:author\",\"handle\":\"@author@example.social\"},"
                        + "\"cascadeId\":\"6f0c5c1e\",\"cascadeUrl\":\"https://ripple.example/api/v1/cascades/6f0c5c1e\","
                        + "\"newFollows\":25,\"totalFollows\":31,\"corrected\":-1,"
                        + "\"windowStart\":\"2009-09-18T15:20:30.400Z\",\"windowEnd\":\"2009-09-18T15:21:30.400Z\","
                        + "\"milestone\":25,"
                        + "\"path\":[\"@sarah@example.social\",\"@julien@example.social\"],\"confidence\":0.6,"
                        + "\"sampleFollowers\":[\"@chris_fan01@example.social\"],\"sequence\":7,"
                        + "\"text\":\"Zoë 😀 says hi.\"}}");
    }

    @Test
    void eachTypeCarriesItsOwnFields() {
        StreamKey key = new StreamKey(SARAH.ref(), AUTHOR.ref(), "c/1");
        String first = text(alert(AlertType.FIRST, key, List.of("@sarah@example.social"), null, null));
        String summary = text(alert(AlertType.SUMMARY, key, List.of("@sarah@example.social"), null, 12));
        String subject = text(alert(AlertType.SUBJECT_DIGEST, StreamKey.subject(AUTHOR.ref()), List.of(), null, null));

        assertThat(first)
                .startsWith("{\"type\":\"share.follows.first\"")
                .doesNotContain("windowStart")
                .contains("\"cascadeUrl\":\"https://ripple.example/api/v1/cascades/c%2F1\"");
        assertThat(summary)
                .startsWith("{\"type\":\"cascade.summary\"")
                .contains("\"burstFollows\":12,\"firstFollowAt\":\"2009-09-18T15:20:30.400Z\"");
        assertThat(subject)
                .startsWith("{\"type\":\"subject.follows.digest\"")
                .doesNotContain("\"sharer\"")
                .doesNotContain("cascadeId")
                .contains("\"sharers\":[{\"ref\":\"m:x:chris\",\"handle\":\"@chris\",\"follows\":25}]");
    }

    @Test
    void deepCascadesStayWellUnderTwentyKilobytes() {
        List<String> path = IntStream.range(0, 500)
                .mapToObj(i -> "@a-rather-long-handle-number-%04d@a.long.instance.example".formatted(i))
                .toList();

        byte[] body = payload.render(
                alert(AlertType.DIGEST, new StreamKey(SARAH.ref(), AUTHOR.ref(), "c"), path, null, null), 1);

        assertThat(body.length).isLessThan(20_000);
        assertThat(AlertPayload.bounded(path))
                .hasSize(AlertPayload.MAX_PATH)
                .startsWith(path.getFirst())
                .endsWith(path.getLast());
    }

    private String text(Alert alert) {
        return new String(payload.render(alert, 1), StandardCharsets.UTF_8);
    }
}
