package dev.ripple.local;

import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One POST the sink received.
 *
 * @param id the {@code webhook-id} header (null when missing)
 * @param timestamp the {@code webhook-timestamp} header as sent (null when missing)
 * @param receivedAt when the sink received it
 * @param verified whether the Standard Webhooks signature verified with the current secret
 * @param duplicate whether a verified delivery with the same {@code webhook-id} arrived before
 * @param error why verification failed (null when verified)
 * @param payload the body as JSON, or as a JSON string when it was not JSON
 */
record Delivery(
        String id,
        String timestamp,
        Instant receivedAt,
        boolean verified,
        boolean duplicate,
        String error,
        JsonNode payload) {

    /** The alert's {@code data} object (a missing node for other payloads). */
    JsonNode data() {
        return payload.path("data");
    }

    ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("id", id);
        if (timestamp != null && timestamp.matches("\\d{1,18}")) {
            json.put("timestamp", Long.parseLong(timestamp));
        } else {
            json.put("timestamp", timestamp);
        }
        json.put("receivedAt", receivedAt.toString());
        json.put("verified", verified);
        json.put("duplicate", duplicate);
        json.put("error", error);
        json.set("payload", payload);
        return json;
    }
}
