package dev.ripple.ingest.bluesky;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One {@code app.bsky.notification.listNotifications} item: who did what ({@code record}, in full, with its
 * {@code via}, facets and times) and why the watched account was told ({@code reason}).
 */
public record Notification(
        String uri,
        AtUri record,
        String reason,
        String reasonSubject,
        String authorDid,
        String authorHandle,
        JsonNode value,
        Instant indexedAt) {

    /** The reasons that carry shares, follows or engagements; others (verified, starterpack-joined, …) are not. */
    public static final List<String> USED_REASONS =
            List.of("repost", "quote", "mention", "reply", "follow", "like", "repost-via-repost", "like-via-repost");

    /** A page: the items that could be read and the problems with those that could not, and the next cursor. */
    public record Page(List<Notification> items, List<String> problems, String cursor) {}

    public static Page page(JsonNode body) {
        JsonNode list = body == null ? null : body.get("notifications");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("listNotifications answered without a notifications array");
        }
        List<Notification> items = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode item : list) {
            String uri = RecordMapper.text(item.get("uri"));
            Optional<AtUri> record = AtUri.parse(uri);
            JsonNode author = item.get("author");
            Instant indexedAt = RecordMapper.parseTime(RecordMapper.text(item.get("indexedAt")));
            if (record.isEmpty() || author == null || indexedAt == null) {
                problems.add("notification " + uri + ": uri, author or indexedAt missing or invalid");
                continue;
            }
            items.add(new Notification(
                    uri,
                    record.get(),
                    RecordMapper.text(item.get("reason")),
                    RecordMapper.text(item.get("reasonSubject")),
                    record.get().did(),
                    RecordMapper.text(author.get("handle")),
                    item.get("record"),
                    indexedAt));
        }
        String cursor = RecordMapper.text(body.get("cursor"));
        return new Page(items, problems, cursor == null || cursor.isEmpty() ? null : cursor);
    }

    public boolean used() {
        return reason != null && USED_REASONS.contains(reason);
    }

    public RecordMapper.Commit commit() {
        return new RecordMapper.Commit(record.did(), record.collection(), record.rkey(), value, indexedAt);
    }
}
