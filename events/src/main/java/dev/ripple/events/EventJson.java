package dev.ripple.events;

import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON wire format of Ripple's events: field names as in the record components, ISO-8601 UTC times,
 * nulls written explicitly, unknown fields ignored on read (so producers may add optional fields).
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private EventJson() {}

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(RippleEvent event) {
        return MAPPER.writeValueAsBytes(event);
    }

    public static String encodeToString(RippleEvent event) {
        return MAPPER.writeValueAsString(event);
    }

    /**
     * Decodes and validates an event.
     *
     * @throws InvalidEventException naming every problem, when the bytes are not JSON of that event or the event
     *     is invalid
     */
    public static <T extends RippleEvent> T decode(byte[] json, Class<T> type) {
        T event;
        try {
            event = MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            throw new InvalidEventException(List.of(describe(e)), e);
        }
        if (event == null) {
            throw new InvalidEventException(List.of("payload is empty or JSON null"));
        }
        List<String> problems = event.problems();
        if (!problems.isEmpty()) {
            throw new InvalidEventException(problems);
        }
        return event;
    }

    public static <T extends RippleEvent> T decode(String json, Class<T> type) {
        return decode(json.getBytes(StandardCharsets.UTF_8), type);
    }

    /** Decodes and validates an event given as an already parsed tree. */
    public static <T extends RippleEvent> T decode(JsonNode tree, Class<T> type) {
        T event;
        try {
            event = MAPPER.treeToValue(tree, type);
        } catch (JacksonException e) {
            throw new InvalidEventException(List.of(describe(e)), e);
        }
        List<String> problems = event.problems();
        if (!problems.isEmpty()) {
            throw new InvalidEventException(problems);
        }
        return event;
    }

    /** A one-line reason naming the field, without Jackson's source excerpts. */
    static String describe(JacksonException e) {
        String field = fieldPath(e);
        String prefix = field.isEmpty() ? "" : field + ": ";
        if (e instanceof InvalidFormatException invalid) {
            return prefix + "cannot read '" + invalid.getValue() + "' as "
                    + invalid.getTargetType().getSimpleName();
        }
        if (e instanceof MismatchedInputException) {
            return prefix + e.getOriginalMessage();
        }
        return "not valid JSON: " + e.getOriginalMessage();
    }

    private static String fieldPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
