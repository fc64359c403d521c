package dev.ripple.cascade.correlation;

import dev.ripple.events.EventJson;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareObserved;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The seed story of {@code scenarios/seed-story.jsonl}, read as events (the repo's copy of the shared scenario). */
public final class SeedStory {

    public static final String AUTHOR = "mastodon:example.social:author";
    public static final String SARAH = "mastodon:example.social:sarah";
    public static final String JULIEN = "mastodon:example.social:julien";
    public static final String CHRIS = "mastodon:example.social:chris";

    private SeedStory() {}

    public static Path file() {
        Path path = Path.of(System.getProperty("ripple.scenarios", "../scenarios"), "seed-story.jsonl");
        if (!Files.exists(path)) {
            throw new IllegalStateException("seed story not found at " + path.toAbsolutePath());
        }
        return path;
    }

    public static List<RippleEvent> events() {
        try {
            List<RippleEvent> events = new ArrayList<>();
            for (String line : Files.readAllLines(file())) {
                if (line.isBlank()) {
                    continue;
                }
                ObjectNode node = (ObjectNode) EventJson.mapper().readTree(line);
                JsonNode type = node.remove("type");
                events.add(
                        switch (type.asString()) {
                            case "share" -> EventJson.decode(node, ShareObserved.class);
                            case "follow" -> EventJson.decode(node, FollowObserved.class);
                            case "following" -> EventJson.decode(node, FollowingObserved.class);
                            default -> throw new IllegalStateException("unknown type " + type);
                        });
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
