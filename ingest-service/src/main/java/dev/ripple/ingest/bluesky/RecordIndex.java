package dev.ripple.ingest.bluesky;

import dev.ripple.events.EngagementObserved;
import dev.ripple.events.EventJson;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareDeleted;
import dev.ripple.events.ShareObserved;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The create → record-key mapping that makes deletes meaningful: a Jetstream delete carries only
 * {@code (did, collection, rkey)}, so what was un-reposted, un-liked or unfollowed is known only from the create that
 * was seen before. Holds the records that produced events (few: only those about watched accounts); bounded, least
 * recently used forgotten first. Thread-safe.
 *
 * <p>The entries with shares (the only ones whose delete publishes something) outlive a restart: every change to
 * them — remembered, deleted, forgotten for room — is queued as a {@link Change} that the source commits with the
 * events it belongs to ({@link #changes()}), and {@link #restore} rebuilds the index from what was committed. So the
 * committed entries are always exactly the share entries held in memory, never more than the capacity.
 */
public final class RecordIndex {

    /**
     * A record that produced events.
     *
     * @param kind {@code RESHARE}, {@code QUOTE}, {@code REPLY}, {@code MENTION}, {@code LIKE} or {@code FOLLOW}
     * @param subjectDid the watched account it concerned (the first, for a post naming several)
     * @param eventIds the ids of the events it produced
     * @param shares the shares among them (one per subject a post named): what a delete of the record takes back
     */
    public record Entry(String uri, String kind, String subjectDid, List<String> eventIds, List<ShareObserved> shares) {

        /** The events that say the record's shares are gone, at the delete's time. */
        public List<ShareDeleted> deletions(Instant deletedAt) {
            return shares.stream()
                    .map(share -> new ShareDeleted(
                            share.id() + "#deleted", share.platform(), share.uri(), share.subject(), deletedAt))
                    .toList();
        }

        boolean kept() {
            return !shares.isEmpty();
        }
    }

    /**
     * A change to the kept entries, to be committed with the events of the same frames.
     *
     * @param uri the record's at-uri
     * @param entry the entry as JSON ({@link #encode}), or null when the record is forgotten (a tombstone)
     */
    public record Change(String uri, String entry) {}

    /** How a restore went: entries loaded, entries that did not fit the capacity, entries that could not be read. */
    public record Restored(int loaded, int overflow, int unreadable) {}

    private final int capacity;
    private final Map<String, Entry> entries;
    /** Entry uri → its order of remembering; persisted, so that a restore keeps the least recently used order. */
    private final Map<String, Long> order = new HashMap<>();
    /** Changes not yet handed out, by uri: the latest change of a record is all that needs committing. */
    private final Map<String, String> pending = new LinkedHashMap<>();

    private long sequence;

    public RecordIndex(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RecordIndex.Entry> eldest) {
                if (size() <= RecordIndex.this.capacity) {
                    return false;
                }
                forgotten(eldest.getKey(), eldest.getValue());
                return true;
            }
        };
    }

    /** Remembers the record behind these events (all from one record). */
    public void remember(String uri, List<RippleEvent> events) {
        if (events.isEmpty() || capacity == 0) {
            return;
        }
        RippleEvent first = events.getFirst();
        String kind = switch (first) {
            case ShareObserved share -> share.kind().name();
            case EngagementObserved engagement -> engagement.kind().name();
            case FollowObserved ignored -> "FOLLOW";
            default -> first.getClass().getSimpleName();
        };
        String key = first.key();
        String subject = key != null && key.startsWith("bluesky:") ? key.substring("bluesky:".length()) : key;
        Entry entry = new Entry(
                uri,
                kind,
                subject,
                events.stream().map(RippleEvent::id).toList(),
                events.stream()
                        .filter(ShareObserved.class::isInstance)
                        .map(ShareObserved.class::cast)
                        .toList());
        synchronized (this) {
            if (entry.kept()) {
                order.put(uri, sequence);
                pending.put(uri, encode(entry, sequence++));
            }
            Entry replaced = entries.put(uri, entry);
            if (!entry.kept() && replaced != null) {
                forgotten(uri, replaced);
            }
        }
    }

    /** The record a delete removes, forgotten from now on; empty when its create was not seen (or forgotten). */
    public synchronized Optional<Entry> deleted(String uri) {
        Entry entry = entries.remove(uri);
        if (entry != null) {
            forgotten(uri, entry);
        }
        return Optional.ofNullable(entry);
    }

    /** A kept entry was committed: its tombstone is committed too. */
    private void forgotten(String uri, Entry entry) {
        order.remove(uri);
        if (entry.kept()) {
            pending.put(uri, null);
        }
    }

    /** The changes since the last call, oldest first; the caller commits them (with the events they go with). */
    public synchronized List<Change> changes() {
        List<Change> changes = new ArrayList<>(pending.size());
        pending.forEach((uri, entry) -> changes.add(new Change(uri, entry)));
        pending.clear();
        return changes;
    }

    /**
     * Replaces everything with the committed entries (uri → {@link #encode}d entry), least recently remembered first;
     * those beyond the capacity are forgotten and their tombstones queued. Pending changes are dropped: they were
     * never committed.
     */
    public synchronized Restored restore(Map<String, String> committed) {
        entries.clear();
        order.clear();
        pending.clear();
        record Decoded(long order, Entry entry) {}
        List<Decoded> decoded = new ArrayList<>(committed.size());
        int unreadable = 0;
        for (Map.Entry<String, String> stored : committed.entrySet()) {
            try {
                JsonNode node = EventJson.mapper().readTree(stored.getValue());
                decoded.add(new Decoded(node.get("order").longValue(), decode(stored.getKey(), node)));
            } catch (RuntimeException e) {
                // Not JSON, or not an entry (Jackson's and validation errors are unchecked): never a reason to stop the
                // stream; that record's delete is just not recognised. Forgotten for good.
                unreadable++;
                pending.put(stored.getKey(), null);
            }
        }
        decoded.sort(Comparator.comparingLong(Decoded::order));
        for (Decoded each : decoded) {
            // Put in the order they were remembered: those beyond the capacity are the least recent, forgotten here.
            order.put(each.entry().uri(), each.order());
            entries.put(each.entry().uri(), each.entry());
        }
        sequence = decoded.isEmpty() ? 0 : decoded.getLast().order() + 1;
        int overflow = decoded.size() - entries.size();
        return new Restored(entries.size(), overflow, unreadable);
    }

    public synchronized int size() {
        return entries.size();
    }

    /** An entry as kept: only what a delete needs (the shares give the deletions' subjects and so their keys). */
    static String encode(Entry entry, long order) {
        ObjectNode node = EventJson.mapper().createObjectNode();
        node.put("order", order);
        node.put("kind", entry.kind());
        node.put("subjectDid", entry.subjectDid());
        ArrayNode ids = node.putArray("eventIds");
        entry.eventIds().forEach(ids::add);
        ArrayNode shares = node.putArray("shares");
        entry.shares().forEach(share -> shares.add(EventJson.mapper().valueToTree(share)));
        return node.toString();
    }

    private static Entry decode(String uri, JsonNode node) {
        List<String> ids = new ArrayList<>();
        node.get("eventIds").forEach(id -> ids.add(id.stringValue()));
        List<ShareObserved> shares = new ArrayList<>();
        node.get("shares").forEach(share -> shares.add(EventJson.decode(share, ShareObserved.class)));
        if (shares.isEmpty() || !node.get("kind").isString()) {
            throw new IllegalArgumentException("no shares or no kind");
        }
        JsonNode subject = node.get("subjectDid");
        return new Entry(
                uri,
                node.get("kind").stringValue(),
                subject == null || subject.isNull() ? null : subject.stringValue(),
                List.copyOf(ids),
                List.copyOf(shares));
    }
}
