package dev.ripple.ingest.mastodon;

import dev.ripple.events.Account;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a watched account's poller stands, stored as JSON in the cursor topic and committed in the same Kafka
 * transaction as the events read up to it. One cursor per watched account holds everything (notification position,
 * follower markers, per-status boost markers, pending exposure lookups), so any step commits its events and the whole
 * position together.
 */
final class MastodonCursor {

    static final int VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Boost markers of one of the account's statuses (token-less polling). */
    record StatusMarks(long reblogs, List<String> knownBoosters) {}

    /** Token: the newest notification id read (the {@code min_id} of the next poll). */
    String minId;
    /** Token-less: the account's id on the watched instance. */
    String accountId;
    /** Token-less: ids of the newest followers seen, newest first (where new followers end). */
    List<String> knownFollowers = new ArrayList<>();
    /** Token-less: when the follower list was last read. */
    Instant followersCheckedAt;
    /** Token-less: the newest status id at the time polling began (older statuses' boosts were not new). */
    String statusesSince;
    /** Token-less: boost markers per recent status id. */
    Map<String, StatusMarks> statuses = new LinkedHashMap<>();
    /** Following-list lookups still to do, any order (the poller takes the most recent first). */
    List<ExposureRequest> pending = new ArrayList<>();

    static MastodonCursor decode(String text) {
        MastodonCursor cursor = new MastodonCursor();
        if (text == null) {
            return cursor;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new MalformedDataException("the stored cursor is not JSON: " + e.getOriginalMessage());
        }
        if (!tree.isObject() || tree.path("v").asInt(0) != VERSION) {
            throw new MalformedDataException("the stored cursor is not a version " + VERSION + " Mastodon cursor");
        }
        cursor.minId = string(tree, "minId");
        cursor.accountId = string(tree, "accountId");
        tree.path("knownFollowers").forEach(id -> cursor.knownFollowers.add(id.asString()));
        cursor.followersCheckedAt = instant(tree, "followersCheckedAt");
        cursor.statusesSince = string(tree, "statusesSince");
        tree.path("statuses").properties().forEach(entry -> {
            List<String> known = new ArrayList<>();
            entry.getValue().path("known").forEach(id -> known.add(id.asString()));
            cursor.statuses.put(
                    entry.getKey(),
                    new StatusMarks(entry.getValue().path("reblogs").asLong(0), known));
        });
        for (JsonNode item : tree.path("pending")) {
            JsonNode account = item.path("account");
            cursor.pending.add(new ExposureRequest(
                    string(item, "id"),
                    string(item, "acct"),
                    string(item, "uri"),
                    new Account(
                            string(account, "ref"),
                            string(account, "handle"),
                            account.hasNonNull("followers")
                                    ? account.get("followers").asLong()
                                    : null),
                    instant(item, "at"),
                    item.path("attempts").asInt(0)));
        }
        return cursor;
    }

    String encode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("v", VERSION);
        putIfSet(root, "minId", minId);
        putIfSet(root, "accountId", accountId);
        if (!knownFollowers.isEmpty()) {
            ArrayNode known = root.putArray("knownFollowers");
            knownFollowers.forEach(known::add);
        }
        putIfSet(root, "followersCheckedAt", followersCheckedAt == null ? null : followersCheckedAt.toString());
        putIfSet(root, "statusesSince", statusesSince);
        if (!statuses.isEmpty()) {
            ObjectNode byId = root.putObject("statuses");
            statuses.forEach((id, marks) -> {
                ObjectNode status = byId.putObject(id);
                status.put("reblogs", marks.reblogs());
                ArrayNode known = status.putArray("known");
                marks.knownBoosters().forEach(known::add);
            });
        }
        if (!pending.isEmpty()) {
            ArrayNode list = root.putArray("pending");
            for (ExposureRequest request : pending) {
                ObjectNode item = list.addObject();
                item.put("id", request.accountId());
                item.put("acct", request.acct());
                putIfSet(item, "uri", request.uri());
                ObjectNode account = item.putObject("account");
                account.put("ref", request.account().ref());
                account.put("handle", request.account().handle());
                if (request.account().followers() != null) {
                    account.put("followers", request.account().followers());
                }
                item.put("at", request.at().toString());
                if (request.attempts() > 0) {
                    item.put("attempts", request.attempts());
                }
            }
        }
        return JSON.writeValueAsString(root);
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Instant instant(JsonNode node, String field) {
        String value = string(node, field);
        return value == null ? null : Instant.parse(value);
    }
}
