package dev.ripple.cascade.store;

import dev.ripple.events.EventJson;
import tools.jackson.core.type.TypeReference;

/** JSON columns use the same mapper as the events, so times and names read the same everywhere. */
final class Json {

    private Json() {}

    static String write(Object value) {
        return EventJson.mapper().writeValueAsString(value);
    }

    static <T> T read(String json, TypeReference<T> type) {
        return EventJson.mapper().readValue(json, type);
    }
}
