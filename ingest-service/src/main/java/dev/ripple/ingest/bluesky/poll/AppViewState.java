package dev.ripple.ingest.bluesky.poll;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the public-AppView path knows of a watched account, committed as its cursor: the newest followers (the place
 * where reading the newest-first follower list stops) and, for each recent post, the repost and quote counts and the
 * newest reposters and quotes already published. Bounded, so the cursor stays small.
 */
record AppViewState(List<String> followers, Map<String, PostState> posts) {

    static final int KEEP = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record PostState(long reposts, long quotes, List<String> reposters, List<String> quoteUris) {

        static final PostState NEW = new PostState(0, 0, List.of(), List.of());

        PostState {
            reposters = List.copyOf(reposters.subList(0, Math.min(KEEP, reposters.size())));
            quoteUris = List.copyOf(quoteUris.subList(0, Math.min(KEEP, quoteUris.size())));
        }
    }

    static final AppViewState FIRST = new AppViewState(null, Map.of());

    AppViewState {
        followers = followers == null ? null : List.copyOf(followers.subList(0, Math.min(KEEP, followers.size())));
        posts = Map.copyOf(posts);
    }

    boolean first() {
        return followers == null;
    }

    String encode() {
        ObjectNode root = JSON.createObjectNode();
        if (followers != null) {
            followers.forEach(root.putArray("followers")::add);
        }
        ObjectNode postsNode = root.putObject("posts");
        posts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            ObjectNode post = postsNode.putObject(entry.getKey());
            post.put("reposts", entry.getValue().reposts());
            post.put("quotes", entry.getValue().quotes());
            entry.getValue().reposters().forEach(post.putArray("reposters")::add);
            entry.getValue().quoteUris().forEach(post.putArray("quoteUris")::add);
        });
        return JSON.writeValueAsString(root);
    }

    static AppViewState decode(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            List<String> followers = root.has("followers") ? strings(root.get("followers")) : null;
            Map<String, PostState> posts = new LinkedHashMap<>();
            root.path("posts")
                    .properties()
                    .forEach(entry -> posts.put(
                            entry.getKey(),
                            new PostState(
                                    entry.getValue().path("reposts").asLong(),
                                    entry.getValue().path("quotes").asLong(),
                                    strings(entry.getValue().path("reposters")),
                                    strings(entry.getValue().path("quoteUris")))));
            return new AppViewState(followers, posts);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not an AppView cursor: " + e.getOriginalMessage(), e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }
}
