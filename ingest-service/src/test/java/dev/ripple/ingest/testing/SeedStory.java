package dev.ripple.ingest.testing;

import dev.ripple.events.EventJson;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.InvalidEventException;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareObserved;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The repo's copy of the seed story ({@code scenarios/seed-story.jsonl}), whose path the build passes in. */
public final class SeedStory {

    public static final String PROPERTY = "ripple.seedStory";
    public static final int SHARES = 5;
    public static final int FOLLOWS = 59;
    public static final int FOLLOWINGS = 59;
    public static final int EVENTS = SHARES + FOLLOWS + FOLLOWINGS;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SeedStory() {}

    public static Path path() {
        String path = System.getProperty(PROPERTY);
        if (path == null) {
            throw new IllegalStateException("system property " + PROPERTY + " is not set (the build sets it)");
        }
        return Path.of(path);
    }

    public static List<String> lines() {
        try {
            return Files.readAllLines(path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A seed-story line as an editable JSON object. */
    public static ObjectNode object(String line) {
        return (ObjectNode) JSON.readTree(line);
    }

    /** The first line of the given type. */
    public static ObjectNode first(String type) {
        return lines().stream()
                .map(SeedStory::object)
                .filter(object -> type.equals(object.path("type").asString()))
                .findFirst()
                .orElseThrow();
    }

    /**
     * The valid events of a scenario in file order, decoded independently of the replay's parser (the expectation
     * the tests compare with).
     */
    public static List<RippleEvent> events(List<String> lines) {
        List<RippleEvent> events = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode tree = JSON.readTree(line);
            Class<? extends RippleEvent> type = switch (tree.path("type").asString()) {
                case "share" -> ShareObserved.class;
                case "follow" -> FollowObserved.class;
                case "following" -> FollowingObserved.class;
                default -> null;
            };
            if (type != null) {
                try {
                    events.add(EventJson.decode(line, type));
                } catch (InvalidEventException notAnEvent) {
                    continue;
                }
            }
        }
        return events;
    }
}
