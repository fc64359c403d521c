package dev.ripple.ingest.bluesky.poll;

import dev.ripple.events.RippleEvent;
import dev.ripple.ingest.bluesky.AccountDirectory;
import dev.ripple.ingest.bluesky.AtUri;
import dev.ripple.ingest.bluesky.Dids;
import dev.ripple.ingest.bluesky.RecentSharers;
import dev.ripple.ingest.bluesky.RecordMapper;
import dev.ripple.ingest.bluesky.Watched;
import dev.ripple.ingest.bluesky.xrpc.XrpcClient;
import dev.ripple.ingest.bluesky.xrpc.XrpcException;
import dev.ripple.ingest.source.Checkpoints;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A watched account without an app password, through the public AppView (no login):
 *
 * <ul>
 *   <li><b>new followers</b>: {@code app.bsky.graph.getFollowers} newest first, read until the newest follower known
 *       from the last poll; {@code getRelationships} (≤ 30 per call) gives each follow's record, and the record (read
 *       from the follower's PDS) gives its time and any starter-pack {@code via};
 *   <li><b>reposts and quotes of recent posts</b>: {@code getAuthorFeed} lists the account's posts with their repost and
 *       quote counts; when a count grew, {@code getRepostedBy} / {@code getQuotes} (newest first) name the new
 *       resharers, and each reposter's repost record (from its PDS, {@code listRecords}) gives the {@code via};
 *   <li><b>exposure evidence</b> for each new follower and each repost without {@code via} ({@link ExposureProbe}).
 * </ul>
 *
 * The first poll of an account publishes only what happened within the initial look-back; older followers and
 * reposts are the baseline.
 */
public final class AppViewPoller implements Poller {

    public static final String CE_SOURCE = "/ripple/ingest/bluesky/appview";

    private static final Logger log = LoggerFactory.getLogger(AppViewPoller.class);

    private final String did;
    private final URI appview;
    private final XrpcClient xrpc;
    private final DidResolver resolver;
    private final RecordMapper mapper;
    private final AccountDirectory accounts;
    private final RecentSharers sharers;
    private final ExposureProbe probe;
    private final Checkpoints checkpoints;
    private final Supplier<Watched> watched;
    private final Clock clock;
    private final Duration initialLookback;
    private final int maxPages;
    private final int recentPosts;
    private long skipped;

    public AppViewPoller(
            String did,
            URI appview,
            XrpcClient xrpc,
            DidResolver resolver,
            RecordMapper mapper,
            AccountDirectory accounts,
            RecentSharers sharers,
            ExposureProbe probe,
            Checkpoints checkpoints,
            Supplier<Watched> watched,
            Clock clock,
            Duration initialLookback,
            int maxPages,
            int recentPosts) {
        this.did = did;
        this.appview = appview;
        this.xrpc = xrpc;
        this.resolver = resolver;
        this.mapper = mapper;
        this.accounts = accounts;
        this.sharers = sharers;
        this.probe = probe;
        this.checkpoints = checkpoints;
        this.watched = watched;
        this.clock = clock;
        this.initialLookback = initialLookback;
        this.maxPages = maxPages;
        this.recentPosts = recentPosts;
    }

    @Override
    public String sourceKey() {
        return "bluesky:" + did + ":appview";
    }

    public long skipped() {
        return skipped;
    }

    @Override
    public int poll() throws InterruptedException {
        AppViewState state =
                checkpoints.cursor(sourceKey()).flatMap(this::decode).orElse(AppViewState.FIRST);
        Watched targets = withSelf(watched.get());
        Instant since = clock.instant().minus(initialLookback);
        Map<String, RippleEvent> events = new LinkedHashMap<>();

        List<String> followers = followers(state, targets, since, events);
        Map<String, AppViewState.PostState> posts = recentPosts > 0 ? posts(state, targets, since, events) : Map.of();

        List<RippleEvent> batch = new ArrayList<>(events.values());
        sharers.record(batch);
        batch.addAll(probe.explain(appview, batch));
        AppViewState next = new AppViewState(followers, posts);
        if (!batch.isEmpty() || !next.equals(state)) {
            checkpoints.commit(sourceKey(), CE_SOURCE, batch, next.encode());
        }
        return batch.size();
    }

    private List<String> followers(AppViewState state, Watched targets, Instant since, Map<String, RippleEvent> out)
            throws InterruptedException {
        Set<String> known = state.first() ? Set.of() : new HashSet<>(state.followers());
        List<String> fresh = new ArrayList<>();
        String cursor = null;
        int pages = state.first() ? 1 : maxPages;
        boolean reachedKnown = false;
        for (int page = 0; page < pages && !reachedKnown; page++) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("actor", did);
            params.put("limit", "100");
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode body = xrpc.query(appview, "app.bsky.graph.getFollowers", params, null);
            learn(body.path("subject"));
            for (JsonNode follower : body.path("followers")) {
                String followerDid = follower.path("did").asString("");
                learn(follower);
                if (known.contains(followerDid)) {
                    reachedKnown = true;
                    break;
                }
                if (Dids.isDid(followerDid)) {
                    fresh.add(followerDid);
                }
            }
            cursor = body.path("cursor").asString(null);
            if (cursor == null || cursor.isEmpty()) {
                break;
            }
        }
        if (!state.first() && !reachedKnown && !known.isEmpty() && !fresh.isEmpty()) {
            log.warn(
                    "{}: {} pages of new followers without reaching the last known one; older new followers are "
                            + "skipped (ripple.bluesky.max-pages)",
                    sourceKey(),
                    pages);
        }
        List<String> oldestFirst = new ArrayList<>(fresh).reversed();
        for (RippleEvent follow : follows(oldestFirst, targets)) {
            if (!state.first() || !follow.time().isBefore(since)) {
                out.putIfAbsent(follow.id(), follow);
            }
        }
        List<String> newest = new ArrayList<>(fresh);
        if (!state.first()) {
            newest.addAll(state.followers());
        }
        return newest;
    }

    /** The follow records of these followers of the watched account, as events (oldest first). */
    private List<RippleEvent> follows(List<String> followers, Watched targets) throws InterruptedException {
        List<RippleEvent> follows = new ArrayList<>();
        for (int from = 0; from < followers.size(); from += ExposureProbe.PER_CALL) {
            List<String> chunk = followers.subList(from, Math.min(followers.size(), from + ExposureProbe.PER_CALL));
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("actor", did);
            params.put("others", chunk);
            Map<String, String> followRecords = new LinkedHashMap<>();
            for (JsonNode relationship : xrpc.query(appview, "app.bsky.graph.getRelationships", params, null)
                    .path("relationships")) {
                String other = relationship.path("did").asString("");
                String followedBy = relationship.path("followedBy").asString("");
                if (!followedBy.isEmpty()) {
                    followRecords.put(other, followedBy);
                }
            }
            for (String follower : chunk) {
                Optional<AtUri> uri = AtUri.parse(followRecords.get(follower));
                if (uri.isEmpty() || !uri.get().is(AtUri.FOLLOW)) {
                    continue; // unfollowed since the list was read, or blocked: nothing to say
                }
                Optional<JsonNode> record = record(uri.get());
                if (record.isEmpty()) {
                    continue;
                }
                map(new RecordMapper.Commit(follower, AtUri.FOLLOW, uri.get().rkey(), record.get(), null), targets)
                        .forEach(follows::add);
            }
        }
        return follows;
    }

    private Map<String, AppViewState.PostState> posts(
            AppViewState state, Watched targets, Instant since, Map<String, RippleEvent> out)
            throws InterruptedException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("actor", did);
        params.put("filter", "posts_no_replies");
        params.put("limit", String.valueOf(Math.min(100, recentPosts)));
        JsonNode feed = xrpc.query(appview, "app.bsky.feed.getAuthorFeed", params, null);
        Map<String, AppViewState.PostState> next = new LinkedHashMap<>();
        for (JsonNode item : feed.path("feed")) {
            JsonNode post = item.path("post");
            if (item.has("reason")
                    || !did.equals(post.path("author").path("did").asString(""))) {
                continue; // the account's reposts of others, pins: not its own posts
            }
            String uri = post.path("uri").asString("");
            if (AtUri.parse(uri).isEmpty() || next.size() >= recentPosts) {
                continue;
            }
            long reposts = post.path("repostCount").asLong(0);
            long quotes = post.path("quoteCount").asLong(0);
            AppViewState.PostState known = state.posts().get(uri);
            if (known == null) {
                Instant posted = postedAt(post);
                boolean baseline = state.first() && (posted == null || posted.isBefore(since));
                if (baseline) {
                    next.put(uri, new AppViewState.PostState(reposts, quotes, List.of(), List.of()));
                    continue;
                }
                known = AppViewState.PostState.NEW;
            }
            List<String> reposters = new ArrayList<>();
            if (reposts > known.reposts()) {
                reposters = newest(
                        "app.bsky.feed.getRepostedBy",
                        uri,
                        "repostedBy",
                        "did",
                        known.reposters(),
                        reposts - known.reposts());
                for (String reposter : reposters.reversed()) {
                    repost(reposter, uri, targets).forEach(event -> out.putIfAbsent(event.id(), event));
                }
            }
            List<String> quoteUris = new ArrayList<>();
            if (quotes > known.quotes()) {
                List<JsonNode> quotePosts = new ArrayList<>();
                quoteUris = newest(
                        "app.bsky.feed.getQuotes",
                        uri,
                        "posts",
                        "uri",
                        known.quoteUris(),
                        quotes - known.quotes(),
                        quotePosts);
                for (JsonNode quote : quotePosts.reversed()) {
                    quote(quote, targets).forEach(event -> out.putIfAbsent(event.id(), event));
                }
            }
            List<String> allReposters = new ArrayList<>(reposters);
            allReposters.addAll(known.reposters());
            List<String> allQuotes = new ArrayList<>(quoteUris);
            allQuotes.addAll(known.quoteUris());
            next.put(uri, new AppViewState.PostState(reposts, quotes, allReposters, allQuotes));
        }
        return next;
    }

    private List<String> newest(
            String nsid, String uri, String listField, String idField, List<String> known, long atMost)
            throws InterruptedException {
        return newest(nsid, uri, listField, idField, known, atMost, new ArrayList<>());
    }

    /**
     * The ids (newest first) a newest-first list holds before the first one already known, at most {@code atMost}
     * (the growth of the post's count: an account seen before the cursor kept it is not new).
     */
    private List<String> newest(
            String nsid,
            String uri,
            String listField,
            String idField,
            List<String> known,
            long atMost,
            List<JsonNode> items)
            throws InterruptedException {
        Set<String> knownSet = new HashSet<>(known);
        List<String> found = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < maxPages; page++) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("uri", uri);
            params.put("limit", "100");
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode body = xrpc.query(appview, nsid, params, null);
            for (JsonNode item : body.path(listField)) {
                if (item.has("author")) {
                    learn(item.path("author"));
                } else {
                    learn(item);
                }
                String id = item.path(idField).asString("");
                if (knownSet.contains(id) || found.size() >= atMost) {
                    return found;
                }
                found.add(id);
                items.add(item);
            }
            cursor = body.path("cursor").asString(null);
            if (cursor == null || cursor.isEmpty()) {
                break;
            }
        }
        return found;
    }

    /** The reposter's repost record of the post, from its PDS (it carries the via the AppView does not show). */
    private List<RippleEvent> repost(String reposter, String postUri, Watched targets) throws InterruptedException {
        URI pds = resolver.pds(reposter);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("repo", reposter);
        params.put("collection", AtUri.REPOST);
        params.put("limit", "100");
        JsonNode records = xrpc.query(pds, "com.atproto.repo.listRecords", params, null);
        for (JsonNode record : records.path("records")) {
            JsonNode value = record.path("value");
            if (postUri.equals(value.path("subject").path("uri").asString(""))) {
                Optional<AtUri> uri = AtUri.parse(record.path("uri").asString(""));
                if (uri.isPresent() && uri.get().did().equals(reposter)) {
                    return map(
                            new RecordMapper.Commit(
                                    reposter, AtUri.REPOST, uri.get().rkey(), value, null),
                            targets);
                }
            }
        }
        skipped++;
        log.info(
                "{}: the repost of {} by {} is not among its 100 newest reposts (deleted?); skipped",
                sourceKey(),
                postUri,
                reposter);
        return List.of();
    }

    private List<RippleEvent> quote(JsonNode postView, Watched targets) {
        Optional<AtUri> uri = AtUri.parse(postView.path("uri").asString(""));
        if (uri.isEmpty()) {
            skipped++;
            return List.of();
        }
        Instant indexed = postedAt(postView);
        return map(
                new RecordMapper.Commit(
                        uri.get().did(), uri.get().collection(), uri.get().rkey(), postView.path("record"), indexed),
                targets);
    }

    private Optional<JsonNode> record(AtUri uri) throws InterruptedException {
        URI pds = resolver.pds(uri.did());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("repo", uri.did());
        params.put("collection", uri.collection());
        params.put("rkey", uri.rkey());
        try {
            return Optional.of(
                    xrpc.query(pds, "com.atproto.repo.getRecord", params, null).path("value"));
        } catch (XrpcException e) {
            if (e.status() == 400 || e.status() == 404) {
                skipped++;
                log.info("{}: {} is gone ({}); skipped", sourceKey(), uri, e.error());
                return Optional.empty();
            }
            throw e;
        }
    }

    private List<RippleEvent> map(RecordMapper.Commit commit, Watched targets) {
        RecordMapper.Mapping mapping = mapper.map(commit, targets);
        if (mapping.malformed()) {
            skipped++;
            log.warn("{}: skipping {}: {}", sourceKey(), commit.uri(), mapping.problem());
        }
        return mapping.events();
    }

    private static Instant postedAt(JsonNode postView) {
        Instant indexed = parse(postView.path("indexedAt").asString(null));
        return indexed != null
                ? indexed
                : parse(postView.path("record").path("createdAt").asString(null));
    }

    private static Instant parse(String time) {
        try {
            return time == null ? null : java.time.OffsetDateTime.parse(time).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private void learn(JsonNode profile) {
        String profileDid = profile.path("did").asString(null);
        if (profileDid != null) {
            Long followers = profile.path("followersCount").isIntegralNumber()
                    ? profile.path("followersCount").asLong()
                    : null;
            accounts.learn(profileDid, profile.path("handle").asString(null), followers);
        }
    }

    private Watched withSelf(Watched all) {
        if (all.contains(did)) {
            return all;
        }
        Set<String> dids = new LinkedHashSet<>(all.dids());
        dids.add(did);
        return new Watched(dids);
    }

    private Optional<AppViewState> decode(String text) {
        try {
            return Optional.of(AppViewState.decode(text));
        } catch (IllegalArgumentException e) {
            log.warn("{}: ignoring an unreadable cursor ({}); starting over", sourceKey(), e.getMessage());
            return Optional.empty();
        }
    }
}
