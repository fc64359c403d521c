package dev.ripple.cascade.api;

import dev.ripple.cascade.api.CascadeViews.CascadeSummary;
import dev.ripple.cascade.query.AccountQueries;
import dev.ripple.cascade.query.CascadeChanges;
import dev.ripple.cascade.query.CascadeQueries;
import dev.ripple.cascade.query.CascadeRow;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live updates of cascades over Server-Sent Events. Each stream gets the cascade's summary at once and again whenever
 * the cascade changes: changes come from PostgreSQL notifications ({@link CascadeChanges}), coalesced per cascade
 * within the debounce time; after the listener reconnects, and every reconcile interval, subscribed cascades are
 * compared with what was last sent, so a missed notification delays an update but never loses it. A slow client
 * only ever gets the latest summary (snapshots supersede each other) and never holds up the others.
 */
@Component
class CascadeEventHub implements CascadeChanges.Observer, SmartLifecycle, MeterBinder {

    static final String EVENT = "cascade";

    private static final Logger log = LoggerFactory.getLogger(CascadeEventHub.class);

    private final CascadeQueries cascades;
    private final AccountQueries accounts;
    private final ApiSettings.Events settings;
    private final Map<UUID, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final Map<UUID, Instant> sentVersions = new ConcurrentHashMap<>();
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("cascade-events").daemon().factory());
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;

    CascadeEventHub(CascadeQueries cascades, AccountQueries accounts, ApiSettings settings, CascadeChanges changes) {
        this.cascades = cascades;
        this.accounts = accounts;
        this.settings = settings.events();
        changes.observe(this);
    }

    /** Boot binds this once the registry is configured. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("ripple.api.event.streams", count, AtomicInteger::get)
                .description("Open cascade event streams on this instance")
                .register(registry);
    }

    /** Opens a stream on a cascade and sends its current summary. */
    SseEmitter subscribe(CascadeRow cascade) {
        // Read before registering: a failure here leaves nothing behind.
        Outgoing first = event(summary(cascade), cascade.updatedAt());
        if (count.incrementAndGet() > settings.maxSubscribers()) {
            count.decrementAndGet();
            throw ApiProblem.unavailable(
                    "too-many-subscribers",
                    "Too many event streams",
                    "This instance already serves " + settings.maxSubscribers()
                            + " event streams; retry later or poll GET /api/v1/cascades/{id}");
        }
        SseEmitter emitter = new SseEmitter(settings.timeout().toMillis());
        Subscriber subscriber = new Subscriber(cascade.id(), emitter);
        subscribers
                .computeIfAbsent(cascade.id(), id -> new CopyOnWriteArraySet<>())
                .add(subscriber);
        emitter.onCompletion(() -> remove(subscriber));
        emitter.onTimeout(() -> {
            // Ends the response normally: the client reconnects after the retry time.
            emitter.complete();
            remove(subscriber);
        });
        emitter.onError(error -> remove(subscriber));
        subscriber.offer(first);
        return emitter;
    }

    int subscriberCount() {
        return count.get();
    }

    @Override
    public void changed(UUID cascadeId) {
        if (subscribers.containsKey(cascadeId) && pending.add(cascadeId)) {
            timer.schedule(() -> publish(cascadeId), settings.debounce().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void resynchronise() {
        timer.execute(this::reconcile);
    }

    /** Sends the summary of every subscribed cascade that changed since it was last sent. */
    void reconcile() {
        Set<UUID> ids = Set.copyOf(subscribers.keySet());
        if (ids.isEmpty()) {
            return;
        }
        try {
            Map<UUID, Instant> versions = cascades.versions(ids);
            for (UUID id : ids) {
                Instant version = versions.get(id);
                if (version != null && !version.equals(sentVersions.get(id))) {
                    changed(id);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not check subscribed cascades for changes ({}); trying again later", e.getMessage());
        }
    }

    private void publish(UUID cascadeId) {
        pending.remove(cascadeId);
        Set<Subscriber> targets = subscribers.get(cascadeId);
        if (targets == null || targets.isEmpty()) {
            return;
        }
        Optional<CascadeRow> row;
        try {
            row = cascades.find(cascadeId);
        } catch (RuntimeException e) {
            log.warn(
                    "Could not read cascade {} for its subscribers ({}); the next change or reconcile retries",
                    cascadeId,
                    e.getMessage());
            return;
        }
        if (row.isEmpty()) {
            return;
        }
        Outgoing event = event(summary(row.get()), row.get().updatedAt());
        sentVersions.put(cascadeId, row.get().updatedAt());
        targets.forEach(subscriber -> subscriber.offer(event));
    }

    private void heartbeat() {
        // A periodic task that throws is never run again: nothing may escape.
        try {
            subscribers.values().forEach(set -> set.forEach(subscriber -> subscriber.offer(Outgoing.KEEP_ALIVE)));
        } catch (RuntimeException e) {
            log.warn("Could not send keep-alives; trying again at the next heartbeat", e);
        }
    }

    private CascadeSummary summary(CascadeRow row) {
        return Accounts.of(accounts, List.of(row.subjectRef(), row.rootActorRef()))
                .summary(row);
    }

    private Outgoing event(CascadeSummary summary, Instant version) {
        sentVersions.putIfAbsent(UUID.fromString(summary.id()), version);
        return new Outgoing(summary, version);
    }

    /**
     * An event to send: a cascade summary, or a keep-alive comment when {@code summary} is null. The SSE builder is
     * made per send, because building one mutates it.
     */
    private record Outgoing(CascadeSummary summary, Instant version) {

        static final Outgoing KEEP_ALIVE = new Outgoing(null, null);

        boolean snapshot() {
            return summary != null;
        }

        SseEmitter.SseEventBuilder toEvent() {
            if (summary == null) {
                return SseEmitter.event().comment("keep-alive");
            }
            return SseEmitter.event()
                    .name(EVENT)
                    .id(version == null ? summary.lastActivityAt().toString() : version.toString())
                    .reconnectTime(3_000)
                    .data(summary, MediaType.APPLICATION_JSON);
        }
    }

    private void remove(Subscriber subscriber) {
        if (subscriber.closed.compareAndSet(false, true)) {
            count.decrementAndGet();
            subscribers.computeIfPresent(subscriber.cascadeId, (id, set) -> {
                set.remove(subscriber);
                if (set.isEmpty()) {
                    sentVersions.remove(id);
                    return null;
                }
                return set;
            });
        }
    }

    @Override
    public void start() {
        running = true;
        long heartbeat = settings.heartbeat().toMillis();
        long reconcile = settings.reconcileInterval().toMillis();
        timer.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::reconcile, reconcile, reconcile, TimeUnit.MILLISECONDS);
    }

    /** Ends every stream before the web server's graceful shutdown waits for open requests. */
    @Override
    public void stop() {
        running = false;
        timer.shutdownNow();
        subscribers
                .values()
                .forEach(set -> set.forEach(subscriber -> {
                    subscriber.emitter.complete();
                    remove(subscriber);
                }));
        senders.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One open stream. Only the latest event waits to be sent; one sender at a time writes to the stream. */
    private final class Subscriber {

        final UUID cascadeId;
        final SseEmitter emitter;
        final AtomicReference<Outgoing> latest = new AtomicReference<>();
        final AtomicBoolean sending = new AtomicBoolean();
        final AtomicBoolean closed = new AtomicBoolean();

        Subscriber(UUID cascadeId, SseEmitter emitter) {
            this.cascadeId = cascadeId;
            this.emitter = emitter;
        }

        void offer(Outgoing event) {
            if (closed.get()) {
                return;
            }
            // A snapshot replaces a waiting snapshot; a heartbeat never replaces one.
            latest.updateAndGet(
                    previous -> previous != null && previous.snapshot() && !event.snapshot() ? previous : event);
            drain();
        }

        private void drain() {
            if (!sending.compareAndSet(false, true)) {
                return;
            }
            try {
                senders.execute(() -> {
                    try {
                        Outgoing next;
                        while (!closed.get() && (next = latest.getAndSet(null)) != null) {
                            emitter.send(next.toEvent());
                        }
                    } catch (IOException | IllegalStateException e) {
                        // The client went away (or the stream completed): forget it.
                        emitter.completeWithError(e);
                        remove(this);
                    } finally {
                        sending.set(false);
                    }
                    if (latest.get() != null && !closed.get()) {
                        drain();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                sending.set(false);
            }
        }
    }
}
