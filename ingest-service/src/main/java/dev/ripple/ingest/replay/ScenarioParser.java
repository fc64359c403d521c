package dev.ripple.ingest.replay;

import dev.ripple.events.EventJson;
import dev.ripple.events.InvalidEventException;
import dev.ripple.events.RippleEvent;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one line of the scenario format ({@code scenarios/README.md}): a JSON object whose {@code type} selects the
 * event ({@code share}, {@code follow}, {@code following}) and whose other fields are that event's fields. Says
 * exactly why a line is not an event.
 */
final class ScenarioParser {

    /** Reasons are reported back to users; a pathological line must not make a report huge. */
    static final int MAX_REASON_LENGTH = 500;

    private static final ObjectReader TREE_READER = EventJson.mapper()
            .readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private ScenarioParser() {}

    /** What one line of a scenario file is. */
    sealed interface Line {}

    /** An empty or whitespace-only line: skipped silently. */
    record Blank() implements Line {}

    record Parsed(RippleEvent event) implements Line {}

    record Rejected(String reason) implements Line {}

    private static final Blank BLANK = new Blank();

    static Line parse(String text) {
        if (text.isBlank()) {
            return BLANK;
        }
        JsonNode tree;
        try {
            tree = TREE_READER.readTree(text);
        } catch (JacksonException e) {
            return rejected("not valid JSON: " + e.getOriginalMessage());
        }
        if (!(tree instanceof ObjectNode fields)) {
            return rejected(
                    "not a JSON object (found " + tree.getNodeType().name().toLowerCase(Locale.ROOT) + ")");
        }
        JsonNode typeNode = fields.remove("type");
        if (typeNode == null || typeNode.isNull()) {
            return rejected("type is missing (one of " + EventType.NAMES + ")");
        }
        if (!typeNode.isString()) {
            return rejected("type must be a string (one of " + EventType.NAMES + "), found " + typeNode);
        }
        Optional<EventType> type = EventType.named(typeNode.asString());
        if (type.isEmpty()) {
            return rejected("unknown type '" + typeNode.asString() + "' (one of " + EventType.NAMES + ")");
        }
        try {
            return new Parsed(EventJson.decode(fields, type.get().eventClass));
        } catch (InvalidEventException e) {
            return rejected("invalid " + type.get().wireName + ": " + String.join("; ", e.problems()));
        }
    }

    private static Rejected rejected(String reason) {
        String oneLine = reason.replaceAll("\\s+", " ").strip();
        if (oneLine.length() > MAX_REASON_LENGTH) {
            oneLine = oneLine.substring(0, MAX_REASON_LENGTH - 1) + "…";
        }
        return new Rejected(oneLine);
    }
}
