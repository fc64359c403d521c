package dev.ripple.ingest.mastodon;

import dev.ripple.events.Account;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareObserved;
import dev.ripple.ingest.source.Checkpoints;
import dev.ripple.ingest.source.PollPacing;
import dev.ripple.ingest.source.PollScheduler;
import dev.ripple.ingest.source.SourceHealth;
import dev.ripple.ingest.source.SourceMetrics;
import dev.ripple.ingest.watch.MastodonWatch;
import dev.ripple.ingest.watch.SecretRef;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Polls one watched Mastodon account, one bounded turn at a time (a {@link PollScheduler.Task}).
 *
 * <p><b>With a token</b> it reads {@code GET /api/v1/notifications} forward from the newest id it has read
 * ({@code min_id}), following {@code rel="prev"} while pages come back full. A newly watched account first reads back
 * {@code backfill} (newest first, through {@code rel="next"}) and then publishes oldest first.
 *
 * <p><b>Without a token</b> it resolves the account ({@code /accounts/lookup}), reads its follower list newest first
 * down to the newest follower it already knew, and reads {@code reblogged_by} of its recent statuses whose boost count
 * changed, down to the newest booster it already knew.
 *
 * <p>Every step commits its events together with the account's whole cursor in one Kafka transaction
 * ({@link Checkpoints}): a crash anywhere repeats at most the step in progress, whose events were never committed.
 * New followers and resharers are queued in the cursor for an exposure lookup ({@link ExposureLookups}), done after
 * the step within the shared budget, most recent first.
 */
final class MastodonAccountSource implements PollScheduler.Task {

    enum Mode {
        NOTIFICATIONS("notifications"),
        PUBLIC("public");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    static final String NOTIFICATION_TYPES = "mention,reblog,follow,quote,status";
    static final Duration VERIFY_EVERY = Duration.ofHours(1);
    static final int EXPOSURE_MAX_ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(MastodonAccountSource.class);

    private final MastodonWatch watch;
    private final Mode mode;
    private final MastodonSettings settings;
    private final MastodonApi api;
    private final Checkpoints checkpoints;
    private final SourceHealth health;
    private final SourceMetrics metrics;
    private final ExposureLookups exposure;
    private final Clock clock;
    private final PollPacing pacing;
    private final Duration backfill;
    private final String localDomain;
    private final MastodonEvents mapper;
    private final URI base;
    private final String ceSource;

    /** The watched account as events show it; refreshed from the instance every {@link #VERIFY_EVERY}. */
    private Account self;

    private Instant selfCheckedAt;
    /** Token-less: the account says it hides its follower and following lists. */
    private boolean hidesCollections;
    /** A backfill walk interrupted by a rate limit, resumed by the next turn. */
    private BackfillWalk backfillWalk;

    private String lastProblem;

    MastodonAccountSource(
            MastodonWatch watch,
            MastodonSettings settings,
            MastodonApi api,
            Checkpoints checkpoints,
            SourceHealth health,
            SourceMetrics metrics,
            ExposureLookups exposure,
            WatchedAccounts watched,
            Clock clock,
            RandomGenerator random) {
        this.watch = watch;
        this.mode = watch.token().isPresent() ? Mode.NOTIFICATIONS : Mode.PUBLIC;
        this.settings = settings;
        this.api = api;
        this.checkpoints = checkpoints;
        this.health = health;
        this.metrics = metrics;
        this.exposure = exposure;
        this.clock = clock;
        Duration min = watch.pollInterval() != null ? watch.pollInterval() : settings.pollInterval();
        Duration max = min.compareTo(settings.maxPollInterval()) > 0 ? min : settings.maxPollInterval();
        this.pacing = new PollPacing(min, max, settings.maxBackoff(), random);
        this.backfill = watch.backfill() != null ? watch.backfill() : settings.backfill();
        this.localDomain = watch.acct().substring(watch.acct().indexOf('@') + 1).toLowerCase(Locale.ROOT);
        this.mapper = new MastodonEvents(localDomain, watched);
        this.base = watch.baseUrl();
        this.ceSource = "/ripple/ingest/mastodon/" + base.getHost();
        this.self =
                Account.of(AccountRefs.ref(watch.acct(), localDomain), AccountRefs.handle(watch.acct(), localDomain));
    }

    @Override
    public String key() {
        return watch.key();
    }

    Mode mode() {
        return mode;
    }

    String cursorKey() {
        return cursorKey(watch, mode);
    }

    static String cursorKey(MastodonWatch watch, Mode mode) {
        return watch.key() + ":" + mode.label;
    }

    String ref() {
        return self.ref();
    }

    @Override
    public Instant poll() throws InterruptedException {
        Instant now = clock.instant();
        Instant next;
        try {
            Turn turn = new Turn(readCursor());
            boolean more = mode == Mode.NOTIFICATIONS ? turn.notifications(token()) : turn.publicLists();
            turn.exposure();
            health.succeeded(key(), !more);
            health.note(key(), "rate-limit", null);
            if (lastProblem != null) {
                log.info("Mastodon {}: polling works again", watch.acct());
                lastProblem = null;
            }
            Duration wait = more ? Duration.ZERO : turn.found ? pacing.afterActivity() : pacing.afterIdle();
            next = now.plus(wait);
        } catch (RateLimitedException e) {
            health.rateLimited(key());
            health.note(key(), "rate-limit", e.getMessage());
            log.debug("Mastodon {}: {}", watch.acct(), e.getMessage());
            next = e.until();
        } catch (SecretRef.SecretUnavailableException e) {
            next = failed(
                    SourceHealth.State.AUTH_FAILED,
                    "unauthorized",
                    "the access token of " + watch.acct() + " (" + watch.token() + ") cannot be read: "
                            + e.getMessage(),
                    settings.authRetry());
        } catch (ApiFailureException e) {
            next = switch (e.kind()) {
                case UNAUTHORIZED ->
                    failed(
                            SourceHealth.State.AUTH_FAILED,
                            e.kind().metric,
                            (mode == Mode.NOTIFICATIONS
                                            ? "the access token of " + watch.acct() + " (" + watch.token()
                                                    + ") was refused: "
                                            : watch.baseUrl() + " refuses unauthenticated requests for " + watch.acct()
                                                    + ": ")
                                    + e.getMessage(),
                            settings.authRetry());
                case NOT_FOUND ->
                    failed(
                            SourceHealth.State.NOT_FOUND,
                            e.kind().metric,
                            watch.acct() + " was not found at " + watch.baseUrl() + ": " + e.getMessage(),
                            settings.authRetry());
                default ->
                    failed(SourceHealth.State.FAILING, e.kind().metric, watch.acct() + ": " + e.getMessage(), null);
            };
        } catch (MalformedDataException e) {
            next = failed(SourceHealth.State.FAILING, "malformed", watch.acct() + ": " + e.getMessage(), null);
        } catch (Checkpoints.CheckpointException e) {
            next = failed(SourceHealth.State.FAILING, "kafka", watch.acct() + ": " + e.getMessage(), null);
        }
        health.nextPoll(key(), next);
        return next;
    }

    /** Records a failed turn; {@code wait} null means exponential back-off. */
    private Instant failed(SourceHealth.State state, String kind, String message, Duration wait) {
        metrics.error(MastodonEvents.PLATFORM, watch.acct(), kind);
        health.failed(key(), state, message);
        long failures = health.status(key())
                .map(SourceHealth.Status::consecutiveFailures)
                .orElse(1L);
        Duration delay = wait != null ? wait : pacing.afterFailure(failures);
        if (!message.equals(lastProblem)) {
            log.warn(
                    "Mastodon {}: {} — polling it again in {}s; other accounts are not affected",
                    watch.acct(),
                    message,
                    delay.toSeconds());
            lastProblem = message;
        }
        return clock.instant().plus(delay);
    }

    private String token() {
        return watch.token().read().orElseThrow(() -> new SecretRef.SecretUnavailableException("no token configured"));
    }

    private MastodonCursor readCursor() {
        Optional<String> stored = checkpoints.cursor(cursorKey());
        try {
            return MastodonCursor.decode(stored.orElse(null));
        } catch (RuntimeException e) {
            log.error("Mastodon {}: {}; starting again as if newly watched", watch.acct(), e.getMessage());
            health.note(key(), "cursor", "an unreadable cursor was replaced: " + e.getMessage());
            return new MastodonCursor();
        }
    }

    /** One turn's state: the cursor as last committed, changed and committed step by step. */
    private final class Turn {

        final MastodonCursor cursor;
        final String bucket;
        boolean found;

        Turn(MastodonCursor cursor) {
            this.cursor = cursor;
            this.bucket = MastodonApi.bucket(base, mode == Mode.NOTIFICATIONS ? watch.acct() : null);
        }

        // ---------------------------------------------------------------- with a token: notifications

        boolean notifications(String token) {
            verify(token);
            if (cursor.minId == null) {
                return backfill(token);
            }
            URI page = notificationsUri(cursor.minId);
            for (int pages = 0; pages < settings.maxPagesPerTurn(); pages++) {
                MastodonApi.Page result = get(page, token, true, "notifications");
                List<JsonNode> items = result.array();
                if (items.isEmpty()) {
                    return false;
                }
                process(items);
                if (items.size() < settings.pageLimit()) {
                    return false;
                }
                page = result.links().prev().filter(this::sameInstance).orElse(notificationsUri(cursor.minId));
            }
            return true;
        }

        /** Checks that the token works and belongs to the watched account, and learns its follower count. */
        private void verify(String token) {
            Instant now = clock.instant();
            if (selfCheckedAt != null && Duration.between(selfCheckedAt, now).compareTo(VERIFY_EVERY) < 0) {
                return;
            }
            MastodonAccount me = MastodonJson.account(
                    get(URI.create(base + "/api/v1/accounts/verify_credentials"), token, false, "verify_credentials")
                            .object(),
                    "verify_credentials");
            String watchedUser = watch.acct().substring(0, watch.acct().indexOf('@'));
            if (!me.user().equalsIgnoreCase(watchedUser)) {
                throw new ApiFailureException(
                        ApiFailureException.Kind.UNAUTHORIZED,
                        200,
                        "the token belongs to @" + me.acct() + " on " + base.getHost() + ", not to " + watch.acct());
            }
            self = new Account(self.ref(), self.handle(), me.followersCount());
            selfCheckedAt = now;
        }

        /** A newly watched account: read back {@code backfill}, then publish oldest first. */
        private boolean backfill(String token) {
            // The walk back survives a turn that ends on a rate limit (it is resumed where it stopped); a restart
            // begins it again, which is safe: nothing is committed before the walk is complete.
            BackfillWalk walk = backfillWalk;
            if (walk == null) {
                walk = new BackfillWalk(clock.instant().minus(backfill), notificationsUri(null));
                backfillWalk = walk;
            }
            while (walk.next != null && walk.pages < settings.backfillMaxPages()) {
                MastodonApi.Page result = get(walk.next, token, walk.pages > 0, "notifications");
                List<JsonNode> items = result.array();
                walk.pages++;
                if (items.isEmpty()) {
                    walk.next = null;
                    break;
                }
                boolean beyond = false;
                for (JsonNode item : items) {
                    String id = idOf(item);
                    walk.newest = id == null ? walk.newest : MastodonIds.max(walk.newest, id);
                    Instant created = createdAt(item);
                    if (created != null && created.isBefore(walk.horizon)) {
                        beyond = true;
                    } else {
                        walk.collected.add(item);
                    }
                }
                walk.next = beyond
                        ? null
                        : result.links().next().filter(this::sameInstance).orElse(null);
            }
            backfillWalk = null;
            List<JsonNode> collected = walk.collected;
            String newest = walk.newest;
            if (newest == null) {
                return false;
            }
            collected.sort(Comparator.comparing(MastodonAccountSource::idOf, MastodonIds.ORDER));
            for (int from = 0; from < collected.size(); from += settings.pageLimit()) {
                process(collected.subList(from, Math.min(collected.size(), from + settings.pageLimit())));
            }
            if (!newest.equals(cursor.minId)) {
                cursor.minId = newest;
                commit(List.of(), null);
            }
            return false;
        }

        private URI notificationsUri(String minId) {
            StringBuilder uri = new StringBuilder(base + "/api/v1/notifications?limit=" + settings.pageLimit());
            for (String type : NOTIFICATION_TYPES.split(",")) {
                uri.append("&types%5B%5D=").append(type);
            }
            if (minId != null) {
                uri.append("&min_id=").append(URLEncoder.encode(minId, StandardCharsets.UTF_8));
            }
            return URI.create(uri.toString());
        }

        /** Publishes one page of notifications, oldest first, with the cursor moved past all of them. */
        private void process(List<JsonNode> items) {
            List<JsonNode> ordered = new ArrayList<>(items);
            ordered.removeIf(item -> idOf(item) == null);
            int unidentified = items.size() - ordered.size();
            for (int i = 0; i < unidentified; i++) {
                skipped("malformed", "a notification without an id was skipped");
            }
            ordered.sort(Comparator.comparing(MastodonAccountSource::idOf, MastodonIds.ORDER));
            List<RippleEvent> events = new ArrayList<>();
            Instant newestAt = null;
            for (JsonNode item : ordered) {
                String id = idOf(item);
                try {
                    MastodonNotification notification = MastodonJson.notification(item, "notification " + id);
                    MastodonEvents.Mapped mapped = mapper.fromNotification(notification, self);
                    if (mapped.skipped() != null) {
                        skipped(mapped.skipped(), null);
                    }
                    events.addAll(mapped.events());
                    newestAt = notification.createdAt();
                    Instant at = notification.createdAt();
                    mapped.exposure().forEach(account -> queue(account, at));
                } catch (MalformedDataException e) {
                    skipped("malformed", e.getMessage());
                }
                cursor.minId = MastodonIds.max(cursor.minId, id);
            }
            commit(events, newestAt);
        }

        // ---------------------------------------------------------------- without a token: public lists

        boolean publicLists() {
            if (cursor.accountId == null
                    || selfCheckedAt == null
                    || Duration.between(selfCheckedAt, clock.instant()).compareTo(VERIFY_EVERY) >= 0) {
                lookup();
            }
            followers();
            reblogs();
            return false;
        }

        private void lookup() {
            URI uri = URI.create(
                    base + "/api/v1/accounts/lookup?acct=" + URLEncoder.encode(watch.acct(), StandardCharsets.UTF_8));
            MastodonAccount account =
                    MastodonJson.account(get(uri, null, false, "lookup").object(), "lookup");
            self = new Account(self.ref(), self.handle(), account.followersCount());
            selfCheckedAt = clock.instant();
            hidesCollections = account.hideCollections();
            health.note(
                    key(),
                    "followers-hidden",
                    account.hideCollections()
                            ? watch.acct() + " hides its follower list: new followers cannot be seen without a token"
                            : null);
            health.note(
                    key(),
                    "partial-view",
                    account.isLocal()
                            ? null
                            : watch.baseUrl() + " only knows the follows and boosts of " + watch.acct()
                                    + " that involve its own users (a partial view); watch it at its home instance for all");
            if (!account.id().equals(cursor.accountId)) {
                cursor.accountId = account.id();
                cursor.knownFollowers = new ArrayList<>();
                commit(List.of(), null);
            }
        }

        private void followers() {
            Instant now = clock.instant();
            boolean hidden = health.status(key())
                    .map(s -> s.notes().containsKey("followers-hidden"))
                    .orElse(false);
            if (hidden
                    && cursor.followersCheckedAt != null
                    && Duration.between(cursor.followersCheckedAt, now).compareTo(settings.hiddenRecheck()) < 0) {
                return;
            }
            Set<String> known = new HashSet<>(cursor.knownFollowers);
            List<MastodonAccount> fresh = new ArrayList<>();
            boolean reachedKnown = false;
            URI page = URI.create(
                    base + "/api/v1/accounts/" + cursor.accountId + "/followers?limit=" + settings.pageLimit());
            for (int pages = 0; page != null && pages < settings.followersMaxPages() && !reachedKnown; pages++) {
                MastodonApi.Page result = get(page, null, pages > 0, "followers");
                List<JsonNode> items = result.array();
                if (items.isEmpty() && pages == 0) {
                    boolean shouldHaveSome = hidesCollections || (self.followers() != null && self.followers() > 0);
                    if (!hidesCollections) {
                        health.note(
                                key(),
                                "followers-hidden",
                                shouldHaveSome
                                        ? watch.baseUrl() + " lists no followers for " + watch.acct()
                                                + " although it counts "
                                                + self.followers()
                                                + " (hidden or not visible from here); looked at again every "
                                                + settings.hiddenRecheck().toMinutes() + " min"
                                        : null);
                    }
                    cursor.followersCheckedAt = now;
                    if (shouldHaveSome) {
                        metrics.skipped(MastodonEvents.PLATFORM, watch.acct(), "followers_hidden");
                    }
                    return;
                }
                for (int i = 0; i < items.size() && !reachedKnown; i++) {
                    try {
                        MastodonAccount follower = MastodonJson.account(items.get(i), "followers[" + i + "]");
                        if (known.contains(follower.id())) {
                            reachedKnown = true;
                        } else {
                            fresh.add(follower);
                        }
                    } catch (MalformedDataException e) {
                        skipped("malformed", e.getMessage());
                    }
                }
                // A short page is the last one: no request for the empty page after it.
                page = items.size() < settings.pageLimit()
                        ? null
                        : result.links().next().filter(this::sameInstance).orElse(null);
            }
            health.note(key(), "followers-hidden", null);
            List<String> newest =
                    new ArrayList<>(fresh.stream().map(MastodonAccount::id).toList());
            cursor.knownFollowers.stream().filter(id -> !newest.contains(id)).forEach(newest::add);
            List<String> remembered = newest.subList(0, Math.min(newest.size(), settings.knownFollowers()));
            List<RippleEvent> events = new ArrayList<>();
            if (known.isEmpty()) {
                health.note(
                        key(),
                        "followers",
                        "baseline of " + fresh.size() + " current followers taken "
                                + "(followers from before watching began are not new)");
            } else if (!reachedKnown && !fresh.isEmpty()) {
                log.warn(
                        "Mastodon {}: none of the {} remembered followers is among the newest {}; taking a new baseline "
                                + "rather than reporting old followers as new",
                        watch.acct(),
                        known.size(),
                        fresh.size());
                health.note(key(), "followers", "follower markers lost at " + now + "; new baseline taken");
                metrics.skipped(MastodonEvents.PLATFORM, watch.acct(), "followers_resync");
            } else {
                // Newest first on the platform; published oldest first. The follow time is unknown without a token:
                // the poll time is its upper bound.
                for (int i = fresh.size() - 1; i >= 0; i--) {
                    MastodonAccount follower = fresh.get(i);
                    Account account = follower.toAccount(localDomain);
                    if (account.ref().equals(self.ref())) {
                        continue;
                    }
                    events.add(new FollowObserved(
                            MastodonEvents.followId(account.ref(), self.ref()),
                            MastodonEvents.PLATFORM,
                            account,
                            self,
                            now,
                            null));
                    queue(follower, now);
                }
            }
            cursor.knownFollowers = new ArrayList<>(remembered);
            cursor.followersCheckedAt = now;
            commit(events, events.isEmpty() ? null : now);
        }

        private void reblogs() {
            Instant now = clock.instant();
            URI uri = URI.create(base + "/api/v1/accounts/" + cursor.accountId + "/statuses?limit="
                    + settings.recentStatuses() + "&exclude_reblogs=true");
            List<JsonNode> items = get(uri, null, false, "statuses").array();
            List<MastodonStatus> statuses = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                try {
                    statuses.add(MastodonJson.status(items.get(i), "statuses[" + i + "]"));
                } catch (MalformedDataException e) {
                    skipped("malformed", e.getMessage());
                }
            }
            statuses.sort(Comparator.comparing(MastodonStatus::id, MastodonIds.ORDER));
            boolean baseline = cursor.statusesSince == null;
            if (baseline) {
                cursor.statusesSince =
                        statuses.isEmpty() ? "" : statuses.getLast().id();
            }
            Set<String> current = new HashSet<>();
            for (MastodonStatus status : statuses) {
                current.add(status.id());
                MastodonCursor.StatusMarks marks = cursor.statuses.get(status.id());
                if (marks != null && marks.reblogs() == status.reblogsCount()) {
                    continue;
                }
                boolean newStatus = MastodonIds.newer(status.id(), cursor.statusesSince)
                        || !status.createdAt().isBefore(now.minus(backfill));
                if (status.reblogsCount() == 0) {
                    cursor.statuses.put(status.id(), new MastodonCursor.StatusMarks(0, List.of()));
                    continue;
                }
                boosts(status, marks, marks != null || newStatus);
            }
            boolean dropped = cursor.statuses.keySet().removeIf(id -> !current.contains(id));
            if (baseline || dropped) {
                commit(List.of(), null);
            }
        }

        /** New boosters of one status, newest first down to the newest one already known. */
        private void boosts(MastodonStatus status, MastodonCursor.StatusMarks marks, boolean publish) {
            Set<String> known = marks == null ? Set.of() : new HashSet<>(marks.knownBoosters());
            List<Boost> fresh = new ArrayList<>();
            boolean reachedKnown = false;
            URI page = URI.create(
                    base + "/api/v1/statuses/" + status.id() + "/reblogged_by?limit=" + settings.pageLimit());
            try {
                for (int pages = 0; page != null && pages < settings.followersMaxPages() && !reachedKnown; pages++) {
                    MastodonApi.Page result = get(page, null, pages > 0, "reblogged_by");
                    List<JsonNode> items = result.array();
                    Instant newestOnPage = boostTime(result.links().prev(), "since_id");
                    Instant oldestOnPage = boostTime(result.links().next(), "max_id");
                    for (int i = 0; i < items.size() && !reachedKnown; i++) {
                        try {
                            MastodonAccount booster = MastodonJson.account(items.get(i), "reblogged_by[" + i + "]");
                            if (known.contains(booster.id())) {
                                reachedKnown = true;
                                continue;
                            }
                            // Boost times are not listed: the page's links carry the newest and oldest boost ids
                            // (Snowflakes); an entry in between gets the newer bound, never a time before the boost.
                            Instant at = i == items.size() - 1 && oldestOnPage != null ? oldestOnPage : newestOnPage;
                            fresh.add(new Boost(booster, at != null ? at : clock.instant()));
                        } catch (MalformedDataException e) {
                            skipped("malformed", e.getMessage());
                        }
                    }
                    // A short page is the last one: no request for the empty page after it.
                    page = items.size() < settings.pageLimit()
                            ? null
                            : result.links().next().filter(this::sameInstance).orElse(null);
                }
            } catch (ApiFailureException e) {
                if (e.kind() != ApiFailureException.Kind.NOT_FOUND) {
                    throw e;
                }
                // Deleted or made private since it was listed: nothing more to learn from it.
                cursor.statuses.remove(status.id());
                commit(List.of(), null);
                return;
            }
            List<RippleEvent> events = new ArrayList<>();
            if (publish) {
                for (int i = fresh.size() - 1; i >= 0; i--) {
                    Boost boost = fresh.get(i);
                    List<ShareObserved> shares = mapper.boostShares(boost.booster(), status, boost.at(), self);
                    events.addAll(shares);
                    if (!shares.isEmpty()) {
                        queue(boost.booster(), boost.at());
                    }
                }
            }
            List<String> newest =
                    new ArrayList<>(fresh.stream().map(b -> b.booster().id()).toList());
            if (marks != null) {
                marks.knownBoosters().stream()
                        .filter(id -> !newest.contains(id))
                        .forEach(newest::add);
            }
            cursor.statuses.put(
                    status.id(),
                    new MastodonCursor.StatusMarks(
                            status.reblogsCount(),
                            List.copyOf(newest.subList(0, Math.min(newest.size(), settings.knownFollowers())))));
            commit(events, events.isEmpty() ? null : fresh.getFirst().at());
        }

        // ---------------------------------------------------------------- exposure evidence

        void exposure() {
            if (!exposure.enabled() || cursor.pending.isEmpty()) {
                metrics.exposurePending(key(), cursor.pending.size());
                return;
            }
            cursor.pending.sort(Comparator.comparing(ExposureRequest::at).reversed());
            boolean changed = false;
            int done = 0;
            while (!cursor.pending.isEmpty() && done < settings.maxPagesPerTurn()) {
                ExposureRequest request = cursor.pending.getFirst();
                if (exposure.recentlyFetched(request.account().ref())) {
                    cursor.pending.removeFirst();
                    metrics.exposureLookup(MastodonEvents.PLATFORM, watch.acct(), "cached");
                    changed = true;
                    continue;
                }
                if (!exposure.tryTakeBudget()) {
                    health.note(
                            key(),
                            "exposure",
                            "the hourly budget of following-list lookups "
                                    + "(RIPPLE_MASTODON_EXPOSURE_BUDGET) is used up; " + cursor.pending.size()
                                    + " waiting");
                    break;
                }
                done++;
                ExposureLookups.Outcome outcome;
                try {
                    outcome = exposure.fetch(api, request, base, localDomain, watch.acct());
                } catch (RateLimitedException e) {
                    health.note(key(), "exposure", "following-list lookups wait for a rate limit: " + e.getMessage());
                    break;
                } catch (ApiFailureException | MalformedDataException e) {
                    boolean permanent = e instanceof ApiFailureException failure
                            && (failure.kind() == ApiFailureException.Kind.NOT_FOUND
                                    || failure.kind() == ApiFailureException.Kind.UNAUTHORIZED);
                    cursor.pending.removeFirst();
                    if (!permanent && request.attempts() + 1 < EXPOSURE_MAX_ATTEMPTS) {
                        cursor.pending.add(request.failedOnce());
                    } else {
                        metrics.exposureLookup(MastodonEvents.PLATFORM, watch.acct(), "failed");
                    }
                    health.note(
                            key(),
                            "exposure",
                            "following list of " + request.account().handle() + " could not be read: "
                                    + e.getMessage());
                    changed = true;
                    break;
                }
                cursor.pending.removeFirst();
                exposure.markFetched(request.account().ref());
                health.note(key(), "exposure", null);
                if (outcome instanceof ExposureLookups.Snapshot snapshot) {
                    metrics.exposureLookup(MastodonEvents.PLATFORM, watch.acct(), "emitted");
                    commit(List.of(snapshot.event()), null);
                    changed = false;
                } else {
                    metrics.exposureLookup(
                            MastodonEvents.PLATFORM, watch.acct(), ((ExposureLookups.Nothing) outcome).why());
                    changed = true;
                }
            }
            if (changed) {
                commit(List.of(), null);
            }
            metrics.exposurePending(key(), cursor.pending.size());
        }

        private void queue(MastodonAccount account, Instant at) {
            if (!exposure.enabled()) {
                return;
            }
            ExposureRequest request = ExposureRequest.of(account, localDomain, at);
            String ref = request.account().ref();
            if (ref.equals(self.ref())
                    || exposure.recentlyFetched(ref)
                    || cursor.pending.stream().anyMatch(p -> p.account().ref().equals(ref))) {
                return;
            }
            cursor.pending.add(request);
            if (cursor.pending.size() > settings.exposureMaxPending()) {
                // Short of budget, the most recent events matter most: drop the oldest request.
                cursor.pending.sort(Comparator.comparing(ExposureRequest::at).reversed());
                cursor.pending.removeLast();
                metrics.exposureLookup(MastodonEvents.PLATFORM, watch.acct(), "dropped");
            }
        }

        // ---------------------------------------------------------------- plumbing

        private MastodonApi.Page get(URI uri, String token, boolean paging, String endpoint) {
            String callBucket = token == null ? MastodonApi.bucket(base, null) : bucket;
            return api.get(new MastodonApi.Call(uri, token, callBucket, paging, endpoint, watch.acct()));
        }

        private void commit(List<RippleEvent> events, Instant newestEventAt) {
            checkpoints.commit(cursorKey(), ceSource, events, cursor.encode());
            health.cursorMoved(key(), newestEventAt);
            for (RippleEvent event : events) {
                metrics.emitted(MastodonEvents.PLATFORM, watch.acct(), typeOf(event), 1);
            }
            if (!events.isEmpty()) {
                found = true;
            }
        }

        private void skipped(String reason, String message) {
            metrics.skipped(MastodonEvents.PLATFORM, watch.acct(), reason);
            if (message != null) {
                metrics.error(MastodonEvents.PLATFORM, watch.acct(), "malformed");
                health.note(key(), "skipped", message);
                log.warn("Mastodon {}: skipped: {}", watch.acct(), message);
            }
        }

        /** Never follow a link to another host: a bearer token must only ever go to its own instance. */
        private boolean sameInstance(URI link) {
            return ExposureLookups.sameInstance(link, base);
        }
    }

    private record Boost(MastodonAccount booster, Instant at) {}

    /** A backfill's walk back through the notifications, newest first. */
    private static final class BackfillWalk {
        final Instant horizon;
        final List<JsonNode> collected = new ArrayList<>();
        URI next;
        String newest;
        int pages;

        BackfillWalk(Instant horizon, URI first) {
            this.horizon = horizon;
            this.next = first;
        }
    }

    private static String typeOf(RippleEvent event) {
        return switch (event) {
            case ShareObserved ignored -> "share";
            case FollowObserved ignored -> "follow";
            case FollowingObserved ignored -> "following";
            default -> "other";
        };
    }

    static String idOf(JsonNode item) {
        JsonNode id = item == null ? null : item.get("id");
        if (id == null
                || !(id.isString() || id.isIntegralNumber())
                || id.asString().isBlank()) {
            return null;
        }
        return id.asString();
    }

    private static Instant createdAt(JsonNode item) {
        try {
            return Instant.parse(item.path("created_at").asString(""));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A Mastodon Snowflake id ({@code unix ms << 16 | sequence}) as a time, when the link carries a plausible one. */
    static Instant boostTime(Optional<URI> link, String parameter) {
        return link.flatMap(uri -> LinkHeader.queryParameter(uri, parameter))
                .filter(id -> id.matches("\\d{15,19}"))
                .map(id -> {
                    try {
                        return Instant.ofEpochMilli(Long.parseLong(id) >> 16);
                    } catch (NumberFormatException e) {
                        return null;
                    }
                })
                .filter(at -> at.isAfter(Instant.parse("2016-01-01T00:00:00Z"))
                        && at.isBefore(Instant.now().plus(Duration.ofDays(1))))
                .orElse(null);
    }
}
