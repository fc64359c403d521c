package dev.ripple.ingest.bluesky;

import dev.ripple.events.EngagementObserved;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareDeleted;
import dev.ripple.events.ShareObserved;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The create → record-key mapping that makes deletes meaningful: a Jetstream delete carries only
 * {@code (did, collection, rkey)}, so what was un-reposted, un-liked or unfollowed is known only from the create that
 * was seen before. Holds the records that produced events (few: only those about watched accounts); bounded, least
 * recently used forgotten first. Thread-safe.
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
    }

    private final int capacity;
    private final Map<String, Entry> entries;

    public RecordIndex(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RecordIndex.Entry> eldest) {
                return size() > RecordIndex.this.capacity;
            }
        };
    }

    /** Remembers the record behind these events (all from one record). */
    public void remember(String uri, List<RippleEvent> events) {
        if (events.isEmpty()) {
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
            entries.put(uri, entry);
        }
    }

    /** The record a delete removes, forgotten from now on; empty when its create was not seen (or forgotten). */
    public synchronized Optional<Entry> deleted(String uri) {
        return Optional.ofNullable(entries.remove(uri));
    }

    public synchronized int size() {
        return entries.size();
    }
}
