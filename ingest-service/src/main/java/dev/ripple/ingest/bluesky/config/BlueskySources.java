package dev.ripple.ingest.bluesky.config;

import dev.ripple.ingest.bluesky.AccountDirectory;
import dev.ripple.ingest.bluesky.RecentSharers;
import dev.ripple.ingest.bluesky.RecordMapper;
import dev.ripple.ingest.bluesky.poll.AppViewPoller;
import dev.ripple.ingest.bluesky.poll.DidResolver;
import dev.ripple.ingest.bluesky.poll.ExposureProbe;
import dev.ripple.ingest.bluesky.poll.NotificationPoller;
import dev.ripple.ingest.bluesky.poll.Poller;
import dev.ripple.ingest.bluesky.xrpc.PdsSession;
import dev.ripple.ingest.bluesky.xrpc.XrpcClient;
import dev.ripple.ingest.bluesky.xrpc.XrpcException;
import dev.ripple.ingest.source.Checkpoints;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.order.Ordered;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one poller per watched Bluesky account: notifications through its PDS when the watch names an app password,
 * else the public AppView. Polls every {@code poll-interval} (start times spread), on {@code pollers} threads; a
 * watch-file change starts, replaces or stops pollers without touching the others (a removed account's cursor is
 * forgotten). A failed poll commits nothing and is retried next round; a rate-limited host is waited for.
 */
@Singleton
public final class BlueskySources implements ApplicationEventListener<StartupEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(BlueskySources.class);

    private record Running(BlueskyWatchList.Resolved watch, Poller poller, ScheduledFuture<?> task) {}

    private final BlueskyWatchList watchList;
    private final BlueskySettings settings;
    private final XrpcClient xrpc;
    private final RecordMapper mapper;
    private final AccountDirectory accounts;
    private final RecentSharers sharers;
    private final BeanProvider<Checkpoints> checkpointsProvider;
    private Checkpoints checkpoints;
    private final DidResolver resolver;
    private final ExposureProbe probe;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, SourceHealth> health = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    public BlueskySources(
            BlueskyWatchList watchList,
            BlueskySettings settings,
            XrpcClient xrpc,
            RecordMapper mapper,
            AccountDirectory accounts,
            RecentSharers sharers,
            BeanProvider<Checkpoints> checkpoints) {
        this.watchList = watchList;
        this.settings = settings;
        this.xrpc = xrpc;
        this.mapper = mapper;
        this.accounts = accounts;
        this.sharers = sharers;
        this.checkpointsProvider = checkpoints;
        this.resolver = new DidResolver(xrpc, settings.plcUrl(), clock);
        this.probe = new ExposureProbe(xrpc, accounts, sharers, settings.maxCandidates(), clock);
        this.scheduler = Executors.newScheduledThreadPool(
                settings.pollers(),
                Thread.ofPlatform().name("bluesky-poll-", 0).daemon().factory());
    }

    /** After the topics exist (the topic provisioner listens at order 0): the pollers need Kafka. */
    @Override
    public int getOrder() {
        return 100;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        watchList.addListener(this::reconcile);
        reconcile();
    }

    synchronized void reconcile() {
        if (checkpoints == null) {
            if (watchList.accounts().isEmpty()) {
                return;
            }
            checkpoints = checkpointsProvider.get();
        }
        Map<String, BlueskyWatchList.Resolved> wanted = new LinkedHashMap<>();
        for (BlueskyWatchList.Resolved resolved : watchList.accounts()) {
            wanted.put(key(resolved), resolved);
        }
        for (Map.Entry<String, Running> entry : List.copyOf(running.entrySet())) {
            BlueskyWatchList.Resolved now = wanted.get(entry.getKey());
            if (now == null
                    || !Objects.equals(now.watch(), entry.getValue().watch().watch())) {
                entry.getValue().task().cancel(true);
                running.remove(entry.getKey());
                health.remove(entry.getValue().poller().sourceKey());
                if (now == null) {
                    try {
                        checkpoints.forget(entry.getValue().poller().sourceKey());
                    } catch (Checkpoints.CheckpointException e) {
                        log.warn("Could not forget the cursor of {}: {}", entry.getKey(), e.getMessage());
                    }
                    log.info("Bluesky: no longer watching {}", entry.getKey());
                }
            }
        }
        for (Map.Entry<String, BlueskyWatchList.Resolved> entry : wanted.entrySet()) {
            if (!running.containsKey(entry.getKey())) {
                Poller poller = poller(entry.getValue());
                SourceHealth state = new SourceHealth(entry.getValue().withPassword() ? "notifications" : "appview");
                health.put(poller.sourceKey(), state);
                long interval = settings.pollInterval().toMillis();
                long delay = ThreadLocalRandom.current().nextLong(Math.min(interval, 5_000) + 1);
                ScheduledFuture<?> task = scheduler.scheduleWithFixedDelay(
                        () -> pollOnce(poller, state), delay, interval, TimeUnit.MILLISECONDS);
                running.put(entry.getKey(), new Running(entry.getValue(), poller, task));
                log.info(
                        "Bluesky: watching {} through {}",
                        entry.getKey(),
                        state.describe().get("kind"));
            }
        }
    }

    private static String key(BlueskyWatchList.Resolved resolved) {
        return (resolved.withPassword() ? "notifications:" : "appview:") + resolved.did();
    }

    private Poller poller(BlueskyWatchList.Resolved resolved) {
        var watch = resolved.watch();
        if (resolved.withPassword()) {
            PdsSession session = new PdsSession(
                    xrpc,
                    watch.pdsUrl(),
                    resolved.did(),
                    () -> watch.appPassword().read().orElseThrow(),
                    clock,
                    settings.loginInterval(),
                    settings.maxLoginsPerDay());
            return new NotificationPoller(
                    resolved.did(),
                    session,
                    watch.pdsUrl(),
                    watch.appviewUrl(),
                    xrpc,
                    mapper,
                    accounts,
                    sharers,
                    probe,
                    checkpoints,
                    watchList::watched,
                    clock,
                    settings.overlap(),
                    settings.initialLookback(),
                    settings.maxPages());
        }
        return new AppViewPoller(
                resolved.did(),
                watch.appviewUrl(),
                xrpc,
                resolver,
                mapper,
                accounts,
                sharers,
                probe,
                checkpoints,
                watchList::watched,
                clock,
                settings.initialLookback(),
                settings.maxPages(),
                settings.recentPosts());
    }

    private void pollOnce(Poller poller, SourceHealth state) {
        try {
            if (!watchList.unresolved().isEmpty()) {
                watchList.resolvePending();
            }
            int published = poller.poll();
            state.succeeded(clock.instant(), published);
            if (published > 0) {
                log.info("{}: published {} events", poller.sourceKey(), published);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (XrpcException | Checkpoints.CheckpointException e) {
            state.failed(clock.instant(), e.getMessage());
            log.warn("{}: poll failed, nothing committed; retrying next round: {}", poller.sourceKey(), e.getMessage());
        } catch (dev.ripple.ingest.watch.SecretRef.SecretUnavailableException e) {
            state.failed(clock.instant(), "app password unavailable: " + e.getMessage());
            log.error(
                    "{}: the app password cannot be read ({}); fix the watch file or the secret",
                    poller.sourceKey(),
                    e.getMessage());
        } catch (RuntimeException e) {
            state.failed(clock.instant(), e.toString());
            log.error("{}: poll failed unexpectedly; retrying next round", poller.sourceKey(), e);
        }
    }

    /** Per source: what it is and how it is doing. */
    public Map<String, Map<String, Object>> describe() {
        Map<String, Map<String, Object>> details = new LinkedHashMap<>();
        health.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> details.put(entry.getKey(), entry.getValue().describe()));
        return details;
    }

    public boolean anyFailing() {
        return health.values().stream().anyMatch(SourceHealth::failing);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
