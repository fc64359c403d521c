package dev.ripple.ingest.jetstream;

import dev.ripple.events.RippleEvent;
import dev.ripple.ingest.bluesky.AccountDirectory;
import dev.ripple.ingest.bluesky.AtUri;
import dev.ripple.ingest.bluesky.Dids;
import dev.ripple.ingest.bluesky.RecordIndex;
import dev.ripple.ingest.bluesky.RecordMapper;
import dev.ripple.ingest.bluesky.Watched;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Jetstream filter: takes every frame of the network's stream (v1 wire, as served by {@code /subscribe} of v1 and
 * v2), keeps what concerns the watched accounts and maps it to events. Frames that name no watched DID are dropped
 * after a substring scan, without parsing; malformed frames are counted by reason and skipped, never stopping the
 * stream. One thread uses an instance (the stream is ordered); the watched set may be replaced from another.
 *
 * <p>It tracks the source's position ({@link #cursor()}): the last frame's {@code time_us} and the ids published from
 * the last {@code overlapUs}, which a restart uses to publish nothing twice.
 */
public final class JetstreamProcessor {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RecordMapper mapper;
    private final AccountDirectory accounts;
    private final RecordIndex index;
    private final JetstreamStats stats;
    private final long overlapUs;
    private volatile Watched watched = Watched.NONE;
    private volatile List<String> collections = List.of();

    private long timeUs = -1;
    /** Event id → frame time_us, oldest first. */
    private final LinkedHashMap<String, Long> recent = new LinkedHashMap<>();

    /** What one frame produced. */
    public record Outcome(List<RippleEvent> events) {
        static final Outcome NONE = new Outcome(List.of());
    }

    public JetstreamProcessor(
            RecordMapper mapper, AccountDirectory accounts, RecordIndex index, JetstreamStats stats, long overlapUs) {
        this.mapper = mapper;
        this.accounts = accounts;
        this.index = index;
        this.stats = stats;
        this.overlapUs = overlapUs;
    }

    public void watch(Watched watched, List<String> collections) {
        this.watched = watched;
        this.collections = List.copyOf(collections);
    }

    public Watched watched() {
        return watched;
    }

    /** Continues from a committed position. */
    public void restore(JetstreamCursor cursor) {
        timeUs = cursor.timeUs();
        recent.clear();
        cursor.recent().entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(entry -> recent.put(entry.getKey(), entry.getValue()));
    }

    public JetstreamCursor cursor() {
        return new JetstreamCursor(timeUs, recent);
    }

    public long timeUs() {
        return timeUs;
    }

    public Outcome process(String frame) {
        stats.frames.increment();
        long frameTime = Frames.timeUs(frame);
        if (frameTime < 0) {
            // Heartbeat replies carry no time and no data; anything else without a time is malformed.
            if (!"heartbeat".equals(Frames.field(frame, "kind"))) {
                stats.malformed("no-time", abbreviate(frame));
            }
            return Outcome.NONE;
        }
        if (frameTime > timeUs) {
            timeUs = frameTime;
            stats.lastTimeUs.set(frameTime);
        }
        Watched current = watched;
        if (Frames.namesAny(frame, current.dids())) {
            return parsed(frame, frameTime, current);
        }
        if (Frames.isDelete(frame)) {
            return unparsedDelete(frame, frameTime);
        }
        if (Frames.isIdentity(frame)) {
            String did = Frames.field(frame, "did");
            if (did != null && accounts.knows(did)) {
                return parsed(frame, frameTime, current);
            }
        }
        return Outcome.NONE;
    }

    /** A delete of a record not by a watched account: only a record remembered from its create matters. */
    private Outcome unparsedDelete(String frame, long frameTime) {
        String did = Frames.field(frame, "did");
        String collection = Frames.field(frame, "collection");
        String rkey = Frames.field(frame, "rkey");
        if (did == null || collection == null || rkey == null) {
            stats.malformed("delete", "did, collection or rkey missing: " + abbreviate(frame));
            return Outcome.NONE;
        }
        return deleted(AtUri.of(did, collection, rkey), frameTime);
    }

    /**
     * A delete of a remembered record: its shares are published as deleted (at the frame's time: a delete carries no
     * record and so no {@code createdAt}); a like or follow taken back is only counted.
     */
    private Outcome deleted(String uri, long frameTime) {
        Optional<RecordIndex.Entry> entry = index.deleted(uri);
        if (entry.isEmpty()) {
            return Outcome.NONE;
        }
        stats.deleted(entry.get().kind());
        return fresh(entry.get().deletions(Instant.EPOCH.plusNanos(frameTime * 1000)), frameTime);
    }

    private Outcome parsed(String frame, long frameTime, Watched current) {
        stats.parsed.increment();
        JsonNode root;
        try {
            root = JSON.readTree(frame);
        } catch (JacksonException e) {
            stats.malformed("not-json", e.getOriginalMessage());
            return Outcome.NONE;
        }
        if (root == null || !root.isObject()) {
            stats.malformed("not-an-object", abbreviate(frame));
            return Outcome.NONE;
        }
        String did = text(root.get("did"));
        String kind = text(root.get("kind"));
        if (!Dids.isDid(did) || kind == null) {
            stats.malformed("envelope", "did or kind missing or invalid: " + abbreviate(frame));
            return Outcome.NONE;
        }
        return switch (kind) {
            case "commit" -> commit(root, did, frameTime, current);
            case "identity" -> {
                JsonNode identity = root.get("identity");
                accounts.handleChanged(did, identity == null ? null : text(identity.get("handle")));
                yield Outcome.NONE;
            }
            default -> Outcome.NONE;
        };
    }

    private Outcome commit(JsonNode root, String did, long frameTime, Watched current) {
        JsonNode commit = root.get("commit");
        String operation = commit == null ? null : text(commit.get("operation"));
        String collection = commit == null ? null : text(commit.get("collection"));
        String rkey = commit == null ? null : text(commit.get("rkey"));
        if (operation == null || collection == null || rkey == null) {
            stats.malformed("commit", "operation, collection or rkey missing: " + abbreviate(root.toString()));
            return Outcome.NONE;
        }
        String uri = AtUri.of(did, collection, rkey);
        if (operation.equals("delete")) {
            return deleted(uri, frameTime);
        }
        if (!operation.equals("create") && !operation.equals("update")) {
            return Outcome.NONE;
        }
        if (!collections.isEmpty() && !wanted(collection)) {
            return Outcome.NONE;
        }
        RecordMapper.Mapping mapping = mapper.map(
                new RecordMapper.Commit(
                        did, collection, rkey, commit.get("record"), Instant.EPOCH.plusNanos(frameTime * 1000)),
                current);
        if (mapping.malformed()) {
            stats.malformed("record", mapping.problem());
            return Outcome.NONE;
        }
        if (mapping.events().isEmpty()) {
            return Outcome.NONE;
        }
        index.remember(uri, mapping.events());
        return fresh(mapping.events(), frameTime);
    }

    /** The events not published within the overlap already (a restart replays it). */
    private Outcome fresh(List<? extends RippleEvent> events, long frameTime) {
        List<RippleEvent> fresh = new ArrayList<>(events.size());
        for (RippleEvent event : events) {
            if (recent.containsKey(event.id())) {
                stats.duplicates.increment();
            } else {
                recent.put(event.id(), frameTime);
                fresh.add(event);
            }
        }
        forgetBefore(timeUs - 2 * overlapUs);
        stats.events.add(fresh.size());
        return new Outcome(fresh);
    }

    private boolean wanted(String collection) {
        for (String wanted : collections) {
            if (wanted.equals(collection)
                    || (wanted.endsWith(".*") && collection.startsWith(wanted.substring(0, wanted.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    private void forgetBefore(long limit) {
        Iterator<Map.Entry<String, Long>> entries = recent.entrySet().iterator();
        while (entries.hasNext() && (entries.next().getValue() < limit || recent.size() > 10_000)) {
            entries.remove();
        }
    }

    public Optional<Long> lastTimeUs() {
        return timeUs < 0 ? Optional.empty() : Optional.of(timeUs);
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : null;
    }

    private static String abbreviate(String frame) {
        return frame.length() <= 120 ? frame : frame.substring(0, 120) + "…";
    }
}
