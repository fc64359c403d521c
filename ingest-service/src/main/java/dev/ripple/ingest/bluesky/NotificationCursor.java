package dev.ripple.ingest.bluesky;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How far an account's notifications have been read: the newest {@code indexedAt} published, and the URIs of the
 * notifications published within the overlap before it (the AppView may deliver a notification late, so every poll
 * reads back that far, and skips what it already published).
 */
public record NotificationCursor(Instant newest, Set<String> seen) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public NotificationCursor {
        seen = Set.copyOf(new LinkedHashSet<>(seen));
    }

    public String encode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("newest", newest.toString());
        ArrayNode uris = root.putArray("seen");
        seen.stream().sorted().forEach(uris::add);
        return JSON.writeValueAsString(root);
    }

    /** @throws IllegalArgumentException when the text is not a cursor this class wrote */
    public static NotificationCursor decode(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            Instant newest = RecordMapper.parseTime(RecordMapper.text(root.get("newest")));
            if (newest == null) {
                throw new IllegalArgumentException("no newest time");
            }
            Set<String> seen = new LinkedHashSet<>();
            root.path("seen").forEach(uri -> seen.add(uri.asString()));
            return new NotificationCursor(newest, seen);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a notification cursor: " + e.getOriginalMessage(), e);
        }
    }
}
