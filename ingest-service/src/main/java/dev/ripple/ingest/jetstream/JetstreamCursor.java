package dev.ripple.ingest.jetstream;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where the Jetstream source stands, committed with the events: the {@code time_us} of the last frame processed and
 * the ids of the events published from the last {@code overlap} before it. A reconnect asks for frames from
 * {@code timeUs − overlap} (Jetstream cursors are times, and another instance may stamp the same event slightly
 * differently); the events those frames produce again are recognised by id and not published twice.
 *
 * @param recent event id → the {@code time_us} of the frame that produced it
 */
public record JetstreamCursor(long timeUs, Map<String, Long> recent) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static final JetstreamCursor START = new JetstreamCursor(-1, Map.of());

    public JetstreamCursor {
        recent = Map.copyOf(new LinkedHashMap<>(recent));
    }

    public String encode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("timeUs", timeUs);
        ObjectNode ids = root.putObject("recent");
        recent.forEach(ids::put);
        return JSON.writeValueAsString(root);
    }

    /** @throws IllegalArgumentException when the text is not a cursor this class wrote */
    public static JetstreamCursor decode(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            if (!root.path("timeUs").isIntegralNumber()) {
                throw new IllegalArgumentException("no timeUs");
            }
            Map<String, Long> recent = new LinkedHashMap<>();
            root.path("recent")
                    .properties()
                    .forEach(
                            entry -> recent.put(entry.getKey(), entry.getValue().asLong()));
            return new JetstreamCursor(root.path("timeUs").asLong(), recent);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("not a Jetstream cursor: " + e.getOriginalMessage(), e);
        }
    }
}
