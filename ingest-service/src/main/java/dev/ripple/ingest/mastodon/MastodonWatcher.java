package dev.ripple.ingest.mastodon;

import dev.ripple.ingest.source.Checkpoints;
import dev.ripple.ingest.source.PollScheduler;
import dev.ripple.ingest.source.RateLimiter;
import dev.ripple.ingest.source.SourceHealth;
import dev.ripple.ingest.source.SourceMetrics;
import dev.ripple.ingest.watch.MastodonWatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mastodon source: one poller per watched account on the shared {@link PollScheduler}, kept in line with the
 * watch file. Adding an account starts its poller; removing one stops it and forgets its cursor; changing one
 * (token, interval) replaces its poller and keeps its cursor. The other accounts are never touched.
 */
public final class MastodonWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MastodonWatcher.class);
    /** How long removing an account waits for its poll in progress (bounded by the request timeout in practice). */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** New pollers start this far apart, so that a large watch file does not burst. */
    private static final Duration STAGGER = Duration.ofMillis(250);

    private final MastodonSettings settings;
    private final Supplier<Checkpoints> checkpoints;
    private final PollScheduler scheduler;
    private final SourceHealth health;
    private final SourceMetrics metrics;
    private final Clock clock;
    private final MastodonApi api;
    private final ExposureLookups exposure;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final Map<String, Running> running = new LinkedHashMap<>();
    private volatile Set<String> watchedRefs = Set.of();
    private volatile Set<String> tokenRefs = Set.of();

    private record Running(MastodonWatch watch, MastodonAccountSource source) {}

    public MastodonWatcher(
            MastodonSettings settings,
            MastodonHttp http,
            Supplier<Checkpoints> checkpoints,
            PollScheduler scheduler,
            SourceHealth health,
            SourceMetrics metrics,
            Clock clock) {
        this.settings = settings;
        this.checkpoints = checkpoints;
        this.scheduler = scheduler;
        this.health = health;
        this.metrics = metrics;
        this.clock = clock;
        this.api = new MastodonApi(http, new RateLimiter(clock, settings.rateLimitShare()), metrics, clock, settings);
        this.exposure = new ExposureLookups(settings, clock);
    }

    /** Brings the pollers in line with the watched accounts. */
    public synchronized void apply(List<MastodonWatch> watches) throws InterruptedException {
        Map<String, MastodonWatch> wanted = new LinkedHashMap<>();
        watches.forEach(watch -> wanted.put(watch.key(), watch));
        watchedRefs = refs(watches, false);
        tokenRefs = refs(watches, true);
        for (String key : List.copyOf(running.keySet())) {
            if (!wanted.containsKey(key)) {
                Running removed = running.remove(key);
                stop(removed);
                for (MastodonAccountSource.Mode mode : MastodonAccountSource.Mode.values()) {
                    checkpoints.get().forget(MastodonAccountSource.cursorKey(removed.watch(), mode));
                }
                log.info(
                        "Mastodon {}: no longer watched; its cursor is forgotten",
                        removed.watch().acct());
            }
        }
        Instant start = clock.instant();
        int added = 0;
        for (MastodonWatch watch : wanted.values()) {
            Running current = running.get(watch.key());
            if (current != null && current.watch().equals(watch)) {
                continue;
            }
            MastodonAccountSource source = new MastodonAccountSource(
                    watch, settings, api, checkpoints.get(), health, metrics, exposure, watched(), clock, random);
            if (current != null) {
                stop(current);
                if (current.source().mode() != source.mode()) {
                    checkpoints.get().forget(current.source().cursorKey());
                }
            }
            health.register(watch.key(), MastodonEvents.PLATFORM, watch.acct(), source.mode().label);
            metrics.register(watch.key(), MastodonEvents.PLATFORM, watch.acct());
            running.put(watch.key(), new Running(watch, source));
            scheduler.schedule(source, start.plus(STAGGER.multipliedBy(added++)));
            log.info(
                    "Mastodon {}: {} at {} ({})",
                    watch.acct(),
                    current == null ? "watching" : "settings changed, watching",
                    watch.baseUrl(),
                    source.mode() == MastodonAccountSource.Mode.NOTIFICATIONS
                            ? "notifications, with the token from " + watch.token()
                            : "public follower list and boosts, no token");
        }
    }

    private void stop(Running running) throws InterruptedException {
        if (!scheduler.cancel(running.watch().key(), STOP_TIMEOUT)) {
            log.warn(
                    "Mastodon {}: its poll in progress did not end within {}",
                    running.watch().acct(),
                    STOP_TIMEOUT);
        }
        health.remove(running.watch().key());
        metrics.unregister(running.watch().key());
    }

    public synchronized Set<String> keys() {
        return Set.copyOf(running.keySet());
    }

    private WatchedAccounts watched() {
        return new WatchedAccounts() {
            @Override
            public boolean watched(String ref) {
                return watchedRefs.contains(ref);
            }

            @Override
            public boolean polledWithToken(String ref) {
                return tokenRefs.contains(ref);
            }
        };
    }

    private static Set<String> refs(List<MastodonWatch> watches, boolean withToken) {
        Map<String, Boolean> refs = new HashMap<>();
        for (MastodonWatch watch : watches) {
            if (!withToken || watch.token().isPresent()) {
                String domain = watch.acct().substring(watch.acct().indexOf('@') + 1);
                refs.put(AccountRefs.ref(watch.acct(), domain), true);
            }
        }
        return Set.copyOf(refs.keySet());
    }

    /** Stops every poller (their cursors stay: a restart resumes them). */
    @Override
    public synchronized void close() {
        for (Running each : running.values()) {
            try {
                scheduler.cancel(each.watch().key(), Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        running.clear();
    }
}
