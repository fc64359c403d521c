package dev.ripple.ingest.mastodon;

import dev.ripple.events.Account;
import dev.ripple.events.FollowedAccount;
import dev.ripple.events.FollowingObserved;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Exposure evidence: whom a new follower or resharer follows, as a {@code FollowingObserved} snapshot. Mastodon
 * flattens boosts to the original, so these follow edges are the only way the cascade service can connect Chris's
 * followers to Chris, or a booster to the earlier booster they follow.
 *
 * <p>Lists are read where they are complete: at the account's home instance (the watched instance only knows the
 * follows that involve its own users), unauthenticated, at most {@code exposure-max-pages} pages. One budget of
 * lookups per hour is shared by all watched accounts, and a list fetched within {@code exposure-cache-ttl} is not
 * fetched again (follow lists change slowly, and the snapshot is already on the topic).
 */
final class ExposureLookups {

    /** What one lookup found. */
    sealed interface Outcome {}

    record Snapshot(FollowingObserved event) implements Outcome {}

    /** The list is hidden ({@code hide_collections}) or came back empty: nothing to say. */
    record Nothing(String why) implements Outcome {}

    private final MastodonSettings settings;
    private final Clock clock;
    private final Map<String, Instant> fetched;
    private double tokens;
    private Instant refilledAt;

    ExposureLookups(MastodonSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.tokens = settings.exposureBudget();
        this.refilledAt = clock.instant();
        this.fetched = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > 50_000;
            }
        };
    }

    boolean enabled() {
        return settings.exposureBudget() > 0;
    }

    /** The account's list was fetched within the cache TTL. */
    synchronized boolean recentlyFetched(String ref) {
        Instant at = fetched.get(ref);
        return at != null && Duration.between(at, clock.instant()).compareTo(settings.exposureCacheTtl()) < 0;
    }

    synchronized void markFetched(String ref) {
        fetched.put(ref, clock.instant());
    }

    /** Takes one lookup from the hourly budget (a token bucket refilled continuously). */
    synchronized boolean tryTakeBudget() {
        Instant now = clock.instant();
        double hours = Duration.between(refilledAt, now).toMillis() / 3_600_000.0;
        tokens = Math.min(settings.exposureBudget(), tokens + hours * settings.exposureBudget());
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /**
     * Fetches one account's following list.
     *
     * @param watchedInstance the instance of the watched account (where {@code request.accountId} is valid)
     * @param watchedLocalDomain the domain of accounts local to that instance
     */
    Outcome fetch(
            MastodonApi api, ExposureRequest request, URI watchedInstance, String watchedLocalDomain, String account) {
        MastodonAccount subject = request.asMastodonAccount();
        URI home = subject.homeBase(watchedInstance);
        String homeLocalDomain = subject.domain(watchedLocalDomain);
        String bucket = MastodonApi.bucket(home, null);
        String id = request.accountId();
        if (!sameInstance(home, watchedInstance)) {
            URI lookup = URI.create(
                    home + "/api/v1/accounts/lookup?acct=" + URLEncoder.encode(subject.user(), StandardCharsets.UTF_8));
            MastodonAccount there = MastodonJson.account(
                    api.get(new MastodonApi.Call(lookup, null, bucket, false, "lookup", account))
                            .object(),
                    "lookup");
            if (there.hideCollections()) {
                return new Nothing("hidden");
            }
            id = there.id();
        }
        List<FollowedAccount> follows = new ArrayList<>();
        URI page = URI.create(home + "/api/v1/accounts/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + "/following?limit=" + settings.pageLimit());
        for (int pages = 0; page != null && pages < settings.exposureMaxPages(); pages++) {
            MastodonApi.Page result =
                    api.get(new MastodonApi.Call(page, null, bucket, pages > 0, "following", account));
            List<JsonNode> items = result.array();
            for (int i = 0; i < items.size(); i++) {
                try {
                    MastodonAccount followed = MastodonJson.account(items.get(i), "following[" + i + "]");
                    follows.add(new FollowedAccount(
                            followed.ref(homeLocalDomain), AccountRefs.handle(followed.acct(), homeLocalDomain), null));
                } catch (MalformedDataException badItem) {
                    // One unreadable entry does not spoil the snapshot; snapshots may be partial by contract.
                }
            }
            // A short page is the last one: no request for the empty page after it.
            page = items.size() < settings.pageLimit()
                    ? null
                    : result.links()
                            .next()
                            .filter(next -> sameInstance(next, home))
                            .orElse(null);
        }
        if (follows.isEmpty()) {
            return new Nothing("empty");
        }
        Account who = request.account();
        return new Snapshot(new FollowingObserved(
                snapshotId(who.ref(), follows), MastodonEvents.PLATFORM, who, follows, clock.instant()));
    }

    static boolean sameInstance(URI a, URI b) {
        return a.getScheme() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    /** The same list gives the same id, so a repeated lookup is a harmless duplicate downstream. */
    static String snapshotId(String ref, List<FollowedAccount> follows) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            follows.stream().map(FollowedAccount::ref).sorted().distinct().forEach(followed -> {
                digest.update(followed.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            });
            return "mastodon:following:" + ref + ":" + HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
