package dev.ripple.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AlertFormatterTest {

    final AlertFormatter formatter = new AlertFormatter(ZoneOffset.UTC);
    final Instant received = Instant.parse("2026-11-28T18:00:05Z");

    @Test
    void digestAlertReadsAsItsTextAndOneLineOfFacts() {
        Delivery delivery = verified(WebhookSinkTest.ALERT);

        assertThat(formatter.format(delivery))
                .isEqualTo("2009-09-18 15:21:30  ✓ Your mention of @author@example.social reached"
                        + " @julien@example.social and @chris@example.social: 25 people followed"
                        + " @author@example.social within a minute (31 in all). Zoë 😀\n"
                        + "                       → digest · @sarah@example.social · cascade 1234abcd · 25 new, 31 in all"
                        + " · path @sarah → @julien → @chris");
    }

    @Test
    void withdrawnFollowsAreShownNeverHidden() {
        Delivery delivery = verified("""
                {"type":"share.follows.digest","timestamp":"2009-09-18T16:00:00Z","data":{"sharer":{"ref":"r:chris"},\
                "cascadeId":"c1","newFollows":2,"totalFollows":39,"corrected":-1,"path":["@chris@example.social"]}}""");

        assertThat(formatter.format(delivery))
                .endsWith("→ digest · r:chris · cascade c1 · 2 new, 39 in all · 1 withdrawn · path @chris");
    }

    @Test
    void theWeakestClaimOfAnAlertIsShownAsAPercentage() {
        Delivery delivery = verified("""
                {"type":"share.follows.digest","timestamp":"2009-09-18T18:00:00Z","data":{"sharer":{"ref":"r:sarah"},\
                "cascadeId":"c1","newFollows":3,"totalFollows":44,"confidence":0.3786,"path":["@sarah"]}}""");

        assertThat(formatter.format(delivery))
                .endsWith("→ digest · r:sarah · cascade c1 · 3 new, 44 in all · weakest claim 38 % · path @sarah");
    }

    @Test
    void rejectedDeliveryShowsWhenItCameAndWhy() {
        Delivery delivery = new Delivery(
                "msg_9", "1", received, false, false, "No matching signature found", Json.MAPPER.readTree("{}"));

        assertThat(formatter.format(delivery))
                .isEqualTo("received 18:00:05    ✗ signature rejected for msg_9: No matching signature found"
                        + " (answered 400)");
    }

    @Test
    void repeatedDeliveryIsOneShortLine() {
        Delivery delivery =
                new Delivery("msg_1", "1", received, true, true, null, Json.MAPPER.readTree(WebhookSinkTest.ALERT));

        assertThat(formatter.format(delivery))
                .startsWith("2009-09-18 15:21:30  ✓ ↺ msg_1 again")
                .doesNotContain("\n");
    }

    @Test
    void otherPayloadsAreShownCompactly() {
        Delivery delivery = verified("{\"type\":\"ping\",\"timestamp\":\"2026-01-02T03:04:05Z\",\"data\":{}}");

        assertThat(formatter.format(delivery))
                .isEqualTo("2026-01-02 03:04:05  ✓ ping msg_1: {\"type\":\"ping\",\"timestamp\":"
                        + "\"2026-01-02T03:04:05Z\",\"data\":{}}");
    }

    @Test
    void handlesAndIdsAreShortenedOnlyWhereThatLosesNothingImportant() {
        assertThat(AlertFormatter.shortHandle("@sarah@example.social")).isEqualTo("@sarah");
        assertThat(AlertFormatter.shortHandle("@alice.bsky.social")).isEqualTo("@alice.bsky.social");
        assertThat(AlertFormatter.shortHandle("sarah")).isEqualTo("sarah");
        assertThat(AlertFormatter.shortId("0193f0a2-7c1e-7abc-9def-0123456789ab"))
                .isEqualTo("0193f0a2");
        assertThat(AlertFormatter.shortId("42")).isEqualTo("42");
        JsonNode noHandle = Json.MAPPER.readTree("{\"ref\":\"mastodon:example.social:x\"}");
        assertThat(AlertFormatter.handle(noHandle)).isEqualTo("mastodon:example.social:x");
    }

    private Delivery verified(String payload) {
        return new Delivery("msg_1", "1", received, true, false, null, Json.MAPPER.readTree(payload));
    }

    @Test
    void everyAlertTypeIsLabelled() {
        Delivery milestone = verified("""
                {"type":"share.follows.milestone","timestamp":"2009-09-18T16:00:00Z","data":{"sharer":{"ref":"r:s"},\
                "cascadeId":"c1","newFollows":25,"totalFollows":31,"milestone":25,"text":"Past 25."}}""");
        Delivery summary = verified("""
                {"type":"cascade.summary","timestamp":"2009-09-19T16:00:00Z","data":{"sharer":{"ref":"r:s"},\
                "cascadeId":"c1","newFollows":0,"totalFollows":56,"burstFollows":12,"text":"After a quiet day."}}""");
        Delivery subject = verified("""
                {"type":"subject.follows.digest","timestamp":"2009-09-18T16:00:00Z","data":{\
                "subject":{"ref":"r:a","handle":"@author@example.social"},"newFollows":25,"totalFollows":31,\
                "sharers":[{"ref":"r:c","handle":"@chris@example.social","follows":24}],"text":"25 people."}}""");

        assertThat(formatter.format(milestone)).contains("✓ Past 25.").contains("→ milestone · r:s · cascade c1");
        assertThat(formatter.format(summary)).contains("→ summary · r:s").contains("~12 more in the burst");
        assertThat(formatter.format(subject))
                .contains("→ who brought followers · @author@example.social · 25 new, 31 in all · by @chris (24)");
    }
}
