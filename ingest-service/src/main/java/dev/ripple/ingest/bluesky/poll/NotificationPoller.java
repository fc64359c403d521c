package dev.ripple.ingest.bluesky.poll;

import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.ingest.bluesky.AccountDirectory;
import dev.ripple.ingest.bluesky.Notification;
import dev.ripple.ingest.bluesky.NotificationCursor;
import dev.ripple.ingest.bluesky.RecentSharers;
import dev.ripple.ingest.bluesky.RecordMapper;
import dev.ripple.ingest.bluesky.Watched;
import dev.ripple.ingest.bluesky.xrpc.PdsSession;
import dev.ripple.ingest.bluesky.xrpc.XrpcClient;
import dev.ripple.ingest.source.Checkpoints;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Notifications of a watched account that gave an app password: {@code app.bsky.notification.listNotifications}
 * through its PDS, newest first, page by page (the cursor passed back unchanged) until the page that reaches what was
 * already read (less the overlap) or the last page (no cursor). Reposts, quotes, mentions, replies, follows, likes and
 * the {@code *-via-repost} reasons become events by their full record ({@link RecordMapper}); other reasons are
 * skipped. Events, exposure snapshots and the new cursor are committed together.
 */
public final class NotificationPoller implements Poller {

    public static final String CE_SOURCE = "/ripple/ingest/bluesky/notifications";

    private static final Logger log = LoggerFactory.getLogger(NotificationPoller.class);

    private final String did;
    private final PdsSession session;
    private final URI pds;
    private final URI appview;
    private final XrpcClient xrpc;
    private final RecordMapper mapper;
    private final AccountDirectory accounts;
    private final RecentSharers sharers;
    private final ExposureProbe probe;
    private final Checkpoints checkpoints;
    private final Supplier<Watched> watched;
    private final Clock clock;
    private final Duration overlap;
    private final Duration initialLookback;
    private final int maxPages;
    private long skipped;

    public NotificationPoller(
            String did,
            PdsSession session,
            URI pds,
            URI appview,
            XrpcClient xrpc,
            RecordMapper mapper,
            AccountDirectory accounts,
            RecentSharers sharers,
            ExposureProbe probe,
            Checkpoints checkpoints,
            Supplier<Watched> watched,
            Clock clock,
            Duration overlap,
            Duration initialLookback,
            int maxPages) {
        this.did = did;
        this.session = session;
        this.pds = pds;
        this.appview = appview;
        this.xrpc = xrpc;
        this.mapper = mapper;
        this.accounts = accounts;
        this.sharers = sharers;
        this.probe = probe;
        this.checkpoints = checkpoints;
        this.watched = watched;
        this.clock = clock;
        this.overlap = overlap;
        this.initialLookback = initialLookback;
        this.maxPages = maxPages;
    }

    @Override
    public String sourceKey() {
        return "bluesky:" + did + ":notifications";
    }

    public PdsSession session() {
        return session;
    }

    /** Malformed notifications and records skipped so far. */
    public long skipped() {
        return skipped;
    }

    @Override
    public int poll() throws InterruptedException {
        NotificationCursor cursor =
                checkpoints.cursor(sourceKey()).flatMap(this::decode).orElse(null);
        Instant stopAt = cursor == null
                ? clock.instant().minus(initialLookback)
                : cursor.newest().minus(overlap);
        Set<String> seen = cursor == null ? Set.of() : cursor.seen();

        List<Notification> fresh = new ArrayList<>();
        String page = null;
        for (int pages = 0; pages < maxPages; pages++) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("limit", "100");
            if (page != null) {
                params.put("cursor", page);
            }
            JsonNode body =
                    session.call(token -> xrpc.query(pds, "app.bsky.notification.listNotifications", params, token));
            Notification.Page read = Notification.page(body);
            read.problems().forEach(problem -> {
                skipped++;
                log.warn("{}: skipping a malformed notification: {}", sourceKey(), problem);
            });
            boolean reachedKnown = false;
            for (Notification item : read.items()) {
                if (item.indexedAt().isBefore(stopAt)) {
                    reachedKnown = true;
                } else if (!seen.contains(item.uri())) {
                    fresh.add(item);
                }
            }
            page = read.cursor();
            if (reachedKnown || page == null) {
                break;
            }
            if (pages == maxPages - 1) {
                log.warn(
                        "{}: read {} pages of notifications without reaching the last one read; older ones are "
                                + "skipped (ripple.bluesky.max-pages)",
                        sourceKey(),
                        maxPages);
            }
        }
        fresh.sort(Comparator.comparing(Notification::indexedAt));

        Watched targets = withSelf(watched.get());
        Map<String, RippleEvent> events = new LinkedHashMap<>();
        for (Notification item : fresh) {
            accounts.learn(item.authorDid(), item.authorHandle(), null);
            if (!item.used()) {
                continue;
            }
            RecordMapper.Mapping mapping = mapper.map(item.commit(), targets);
            if (mapping.malformed()) {
                skipped++;
                log.warn("{}: skipping notification {}: {}", sourceKey(), item.uri(), mapping.problem());
                continue;
            }
            mapping.events().forEach(event -> events.putIfAbsent(event.id(), event));
        }
        List<RippleEvent> batch = new ArrayList<>(events.values());
        sharers.record(batch);
        List<FollowingObserved> snapshots = probe.explain(appview, batch);
        batch.addAll(snapshots);

        NotificationCursor next = advance(cursor, fresh);
        if (!batch.isEmpty() || cursor == null || !next.equals(cursor)) {
            checkpoints.commit(sourceKey(), CE_SOURCE, batch, next.encode());
        }
        return batch.size();
    }

    private NotificationCursor advance(NotificationCursor cursor, List<Notification> fresh) {
        Instant newest = cursor == null ? clock.instant().minus(initialLookback) : cursor.newest();
        for (Notification item : fresh) {
            if (item.indexedAt().isAfter(newest)) {
                newest = item.indexedAt();
            }
        }
        Instant keepFrom = newest.minus(overlap);
        Set<String> seen = new LinkedHashSet<>();
        if (cursor != null) {
            seen.addAll(cursor.seen());
        }
        fresh.forEach(item -> seen.add(item.uri()));
        // Only what a later poll can read again (indexedAt within the overlap) needs remembering.
        Map<String, Instant> times = new LinkedHashMap<>();
        fresh.forEach(item -> times.put(item.uri(), item.indexedAt()));
        seen.removeIf(uri -> times.containsKey(uri) && times.get(uri).isBefore(keepFrom));
        if (seen.size() > 1000) {
            List<String> all = new ArrayList<>(seen);
            seen.retainAll(all.subList(all.size() - 1000, all.size()));
        }
        return new NotificationCursor(newest, seen);
    }

    private Watched withSelf(Watched all) {
        if (all.contains(did)) {
            return all;
        }
        Set<String> dids = new LinkedHashSet<>(all.dids());
        dids.add(did);
        return new Watched(dids);
    }

    private java.util.Optional<NotificationCursor> decode(String text) {
        try {
            return java.util.Optional.of(NotificationCursor.decode(text));
        } catch (IllegalArgumentException e) {
            log.warn(
                    "{}: ignoring an unreadable cursor ({}); reading from the initial look-back",
                    sourceKey(),
                    e.getMessage());
            return java.util.Optional.empty();
        }
    }
}
