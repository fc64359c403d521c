package dev.ripple.ingest.mastodon;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Mastodon API bodies into the few fields Ripple uses, and says exactly what is wrong otherwise
 * ({@code notifications[3].account.acct is missing}). A body that is not JSON (an HTML error page, a truncated
 * response) fails as a whole; a bad item fails alone, so that the caller can skip it and keep the rest. Unknown fields
 * are ignored.
 */
final class MastodonJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int EXCERPT = 120;

    private MastodonJson() {}

    static JsonNode tree(String body, String what) {
        if (body == null || body.isBlank()) {
            throw new MalformedDataException(what + ": empty body");
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedDataException(what + ": not JSON (" + excerpt(body) + "): " + e.getOriginalMessage());
        }
    }

    static List<JsonNode> array(String body, String what) {
        JsonNode tree = tree(body, what);
        if (!tree.isArray()) {
            throw new MalformedDataException(what + ": expected a JSON array, got " + kind(tree));
        }
        List<JsonNode> items = new ArrayList<>();
        tree.forEach(items::add);
        return items;
    }

    static MastodonNotification notification(JsonNode node, String path) {
        requireObject(node, path);
        String type = text(node, path, "type", true);
        MastodonAccount account = node.hasNonNull("account") ? account(node.get("account"), path + ".account") : null;
        MastodonStatus status = node.hasNonNull("status") ? status(node.get("status"), path + ".status") : null;
        return new MastodonNotification(
                text(node, path, "id", true), type, instant(node, path, "created_at", true), account, status);
    }

    static MastodonAccount account(JsonNode node, String path) {
        requireObject(node, path);
        String acct = text(node, path, "acct", true);
        if (acct.startsWith("@") || acct.chars().filter(c -> c == '@').count() > 1 || acct.endsWith("@")) {
            throw new MalformedDataException(path + ".acct '" + acct + "' is not user or user@domain");
        }
        return new MastodonAccount(
                text(node, path, "id", true),
                text(node, path, "username", false),
                acct,
                text(node, path, "uri", false),
                count(node, path, "followers_count"),
                count(node, path, "following_count"),
                node.path("hide_collections").asBoolean(false));
    }

    static MastodonStatus status(JsonNode node, String path) {
        requireObject(node, path);
        List<MastodonStatus.Mention> mentions = new ArrayList<>();
        JsonNode listed = node.path("mentions");
        if (!listed.isMissingNode() && !listed.isNull()) {
            if (!listed.isArray()) {
                throw new MalformedDataException(path + ".mentions must be an array");
            }
            for (int i = 0; i < listed.size(); i++) {
                JsonNode mention = listed.get(i);
                String at = path + ".mentions[" + i + "]";
                requireObject(mention, at);
                mentions.add(new MastodonStatus.Mention(
                        text(mention, at, "id", true),
                        text(mention, at, "username", false),
                        text(mention, at, "acct", true)));
            }
        }
        MastodonStatus reblog = node.hasNonNull("reblog") ? status(node.get("reblog"), path + ".reblog") : null;
        MastodonStatus.Quote quote = null;
        JsonNode quoted = node.path("quote");
        if (quoted.isObject()) {
            MastodonStatus quotedStatus = quoted.hasNonNull("quoted_status")
                    ? status(quoted.get("quoted_status"), path + ".quote.quoted_status")
                    : null;
            quote = new MastodonStatus.Quote(
                    text(quoted, path + ".quote", "state", false),
                    quotedStatus,
                    text(quoted, path + ".quote", "quoted_status_id", false));
        }
        String cardUrl = node.path("card").isObject() ? text(node.get("card"), path + ".card", "url", false) : null;
        Long reblogs = count(node, path, "reblogs_count");
        return new MastodonStatus(
                text(node, path, "id", true),
                text(node, path, "uri", true),
                instant(node, path, "created_at", true),
                account(require(node, path, "account"), path + ".account"),
                mentions,
                reblog,
                quote,
                cardUrl,
                reblogs == null ? 0 : reblogs);
    }

    private static JsonNode require(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new MalformedDataException(path + "." + field + " is missing");
        }
        return value;
    }

    private static void requireObject(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new MalformedDataException(path + " must be a JSON object, got " + kind(node));
        }
    }

    private static String text(JsonNode node, String path, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new MalformedDataException(path + "." + field + " is missing");
            }
            return null;
        }
        // Ids are strings in Mastodon, but some servers send numbers: accepted, never parsed as numbers.
        if (!value.isString() && !value.isIntegralNumber()) {
            throw new MalformedDataException(path + "." + field + " must be a string, got " + kind(value));
        }
        String text = value.asString();
        if (required && text.isBlank()) {
            throw new MalformedDataException(path + "." + field + " is empty");
        }
        return text;
    }

    private static Instant instant(JsonNode node, String path, String field, boolean required) {
        String text = text(node, path, field, required);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedDataException(path + "." + field + " '" + text + "' is not an ISO-8601 time");
        }
    }

    private static Long count(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            throw new MalformedDataException(path + "." + field + " must be a non-negative integer, got " + value);
        }
        return value.asLong();
    }

    private static String kind(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    static String excerpt(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > EXCERPT ? oneLine.substring(0, EXCERPT) + "…" : oneLine;
    }
}
