package dev.ripple.notify.delivery;

import dev.ripple.notify.config.NotifyProperties;
import dev.ripple.notify.policy.Alert;
import dev.ripple.notify.policy.AlertType;
import dev.ripple.notify.policy.Contributor;
import dev.ripple.notify.policy.Person;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The webhook bodies, serialized once: these bytes are stored, signed and sent on every attempt. Each {@code type} has
 * one JSON Schema in docs/webhooks.md; fields are only ever added.
 */
@Component
public class AlertPayload {

    /** Keeps a payload well under the 20 kB Standard Webhooks recommends, however deep the cascade. */
    static final int MAX_PATH = 32;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String cascadeBase;

    AlertPayload(NotifyProperties settings) {
        String base = settings.cascadeUrl().toString();
        this.cascadeBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /**
     * @param sequence this message's number among the subscription's messages with the same ordering key (1, 2, …)
     */
    byte[] render(Alert alert, long sequence) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", alert.type().wire());
        body.put("timestamp", alert.eventTime().toString());
        ObjectNode data = body.putObject("data");
        if (alert.type() == AlertType.SUBJECT_DIGEST) {
            account(data.putObject("subject"), alert.subject());
        } else {
            account(data.putObject("sharer"), alert.sharer());
            account(data.putObject("subject"), alert.subject());
            data.put("cascadeId", alert.key().cascadeId());
            data.put("cascadeUrl", cascadeUrl(alert.key().cascadeId()));
        }
        data.put("newFollows", alert.newFollows());
        data.put("totalFollows", alert.totalFollows());
        data.put("corrected", alert.corrected());
        switch (alert.type()) {
            case FIRST -> {}
            case DIGEST, SUBJECT_DIGEST -> window(data, alert);
            case MILESTONE -> {
                window(data, alert);
                data.put("milestone", alert.milestone());
            }
            case SUMMARY -> {
                data.put("burstFollows", alert.burstFollows());
                instant(data, "firstFollowAt", alert.firstFollowAt());
                instant(data, "lastFollowAt", alert.lastFollowAt());
            }
        }
        if (alert.type() == AlertType.SUBJECT_DIGEST) {
            ArrayNode by = data.putArray("sharers");
            for (Contributor c : alert.contributors()) {
                by.addObject().put("ref", c.ref()).put("handle", c.handle()).put("follows", c.follows());
            }
        } else {
            ArrayNode path = data.putArray("path");
            bounded(alert.path()).forEach(path::add);
        }
        if (alert.confidence() == null) {
            data.putNull("confidence");
        } else {
            data.put("confidence", alert.confidence());
        }
        ArrayNode sample = data.putArray("sampleFollowers");
        alert.sampleFollowers().forEach(sample::add);
        data.put("sequence", sequence);
        data.put("text", alert.text());
        return JSON.writeValueAsBytes(body);
    }

    /** An operational or test event: {@code data} holds the subscription's id, the facts and a sentence. */
    static byte[] operational(String type, Instant timestamp, ObjectNode data) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type);
        body.put("timestamp", timestamp.toString());
        body.set("data", data);
        return JSON.writeValueAsBytes(body);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    String cascadeUrl(String cascadeId) {
        return cascadeBase + "/api/v1/cascades/" + URLEncoder.encode(cascadeId, StandardCharsets.UTF_8);
    }

    /** The root and the shares closest to the exposer, when a path is longer than {@link #MAX_PATH}. */
    static List<String> bounded(List<String> path) {
        if (path.size() <= MAX_PATH) {
            return path;
        }
        List<String> kept = new ArrayList<>(MAX_PATH);
        kept.add(path.getFirst());
        kept.addAll(path.subList(path.size() - (MAX_PATH - 1), path.size()));
        return kept;
    }

    private static void window(ObjectNode data, Alert alert) {
        instant(data, "windowStart", alert.windowStart());
        instant(data, "windowEnd", alert.windowEnd());
    }

    private static void instant(ObjectNode data, String field, Instant value) {
        if (value == null) {
            data.putNull(field);
        } else {
            data.put(field, value.toString());
        }
    }

    private static void account(ObjectNode node, Person person) {
        node.put("ref", person.ref());
        node.put("handle", person.handle());
    }
}
