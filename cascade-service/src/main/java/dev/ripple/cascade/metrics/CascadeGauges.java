package dev.ripple.cascade.metrics;

import dev.ripple.cascade.engine.CorrelationEngine;
import dev.ripple.cascade.store.OutboxStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges of what cascade-service holds: the in-memory subject states, and the outbox's backlog (messages decided but
 * not yet published, and the age of the oldest). The backlog is read from PostgreSQL every few seconds rather than on
 * each scrape, so a slow or unreachable database never stalls a scrape; it reads NaN until the first reading and while
 * the database does not answer.
 */
@Component
class CascadeGauges {

    private static final Logger log = LoggerFactory.getLogger(CascadeGauges.class);

    private final OutboxStore outbox;
    private final Clock clock;
    private final AtomicReference<OutboxStore.Backlog> backlog = new AtomicReference<>();

    CascadeGauges(MeterRegistry registry, CorrelationEngine engine, OutboxStore outbox) {
        this.outbox = outbox;
        this.clock = Clock.systemUTC();
        Gauge.builder("ripple.cascade.state.cache.subjects", engine, CorrelationEngine::cachedSubjects)
                .description("Subject states held in memory")
                .register(registry);
        Gauge.builder("ripple.cascade.state.cache.entries", engine, CorrelationEngine::cachedEntries)
                .description("Shares and follows held in the in-memory subject states (bounded by "
                        + "RIPPLE_CASCADE_CACHE_ENTRIES)")
                .register(registry);
        Gauge.builder("ripple.cascade.outbox.pending", backlog, b -> {
                    OutboxStore.Backlog read = b.get();
                    return read == null ? Double.NaN : read.messages();
                })
                .description("Decisions written to the outbox and not yet published")
                .baseUnit("messages")
                .register(registry);
        Gauge.builder("ripple.cascade.outbox.oldest.age", backlog, b -> {
                    OutboxStore.Backlog read = b.get();
                    if (read == null) {
                        return Double.NaN;
                    }
                    Instant oldest = read.oldest();
                    return oldest == null
                            ? 0
                            : Math.max(
                                    0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
                })
                .description("Age of the oldest unpublished outbox row")
                .baseUnit("seconds")
                .register(registry);
    }

    @Scheduled(fixedDelay = 5_000, initialDelay = 1_000)
    void readBacklog() {
        try {
            backlog.set(outbox.backlog());
        } catch (RuntimeException e) {
            backlog.set(null);
            log.debug("Cannot read the outbox backlog: {}", e.toString());
        }
    }
}
