package dev.ripple.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;

class DemoSummaryTest {

    static final Instant DEMO_START = Instant.parse("2026-11-28T18:00:00Z");

    @Test
    void summarySaysHowManyWhoGotWhatAndWhereToLook() {
        ArrayNode log = Json.MAPPER.createArrayNode();
        log.add(delivery("msg_1", "18:00:41.250", true, false, alert("sarah", 1, 1, "2009-09-17T17:46:00Z", 1)));
        log.add(delivery("msg_2", "18:00:40", true, false, alert("julien", 1, 1, "2009-09-17T17:46:00Z", 2)));
        log.add(delivery("msg_3", "18:00:45", true, false, alert("sarah", 25, 56, "2009-09-18T15:21:30Z", 2)));
        log.add(delivery("msg_3", "18:00:46", true, true, alert("sarah", 25, 56, "2009-09-18T15:21:30Z", 2)));
        log.add(delivery("msg_4", "18:00:44", true, false, alert("julien", 3, 56, "2009-09-18T15:30:00Z", 2)));

        List<String> lines = DemoSummary.summarize(log, DEMO_START, URI.create("http://localhost:8080"));

        assertThat(String.join("\n", lines))
                .contains("4 alerts to sharers received; every signature verified (1 repeated deliveries).")
                .contains("First alert 40.0 s after the demo started.")
                .contains("  @sarah@example.social               56  (root sharer; first alert 41.3 s after the demo"
                        + " started)\n  @julien@example.social              56\n")
                .contains("curl 'http://localhost:8080/api/v1/cascades?subject=mastodon:example.social:author'")
                .contains("curl 'http://localhost:8080/api/v1/cascades/c-1'");
    }

    @Test
    void failedSignaturesAreCalledOut() {
        ArrayNode log = Json.MAPPER.createArrayNode();
        log.add(delivery("msg_1", "18:00:10", false, false, alert("sarah", 1, 1, "2009-09-17T17:46:00Z", 1)));

        assertThat(DemoSummary.summarize(log, DEMO_START, URI.create("http://localhost:8080")))
                .contains(
                        "0 alerts to sharers received; 1 deliveries FAILED signature verification (0 repeated deliveries).");
    }

    static tools.jackson.databind.JsonNode delivery(
            String id, String time, boolean verified, boolean duplicate, String payload) {
        return Json.MAPPER
                .createObjectNode()
                .put("id", id)
                .put("timestamp", 1)
                .put("receivedAt", "2026-11-28T" + time + "Z")
                .put("verified", verified)
                .put("duplicate", duplicate)
                .set("payload", Json.MAPPER.readTree(payload));
    }

    static String alert(String sharer, int newFollows, int totalFollows, String timestamp, int pathLength) {
        // Paths run from the root sharer (Sarah) to the exposing sharer.
        String path = pathLength == 1
                ? "[\"@sarah@example.social\"]"
                : "[\"@sarah@example.social\",\"@julien@example.social\"]";
        return "{\"type\":\"share.follows.digest\",\"timestamp\":\"" + timestamp + "\",\"data\":{\"sharer\":{\"ref\":"
                + "\"mastodon:example.social:" + sharer + "\",\"handle\":\"@" + sharer + "@example.social\"},"
                + "\"subject\":{\"ref\":\"mastodon:example.social:author\",\"handle\":\"@author@example.social\"},"
                + "\"cascadeId\":\"c-1\",\"cascadeUrl\":\"http://localhost:8080/api/v1/cascades/c-1\","
                + "\"newFollows\":" + newFollows + ",\"totalFollows\":" + totalFollows + ",\"path\":" + path + "}}";
    }
}
