package dev.ripple.ingest.bluesky.config;

import dev.ripple.ingest.bluesky.xrpc.RateLimits;
import dev.ripple.ingest.bluesky.xrpc.XrpcClient;
import dev.ripple.ingest.jetstream.JetstreamStats;
import dev.ripple.ingest.jetstream.live.JetstreamSource;
import dev.ripple.ingest.source.SourceMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Jetstream metrics on Micrometer ({@code ripple_ingest_jetstream_*} at {@code /prometheus}): frames read and parsed,
 * events, overlap duplicates, malformed frames by reason, deletes by kind, reconnects, commits, the read-ahead queue
 * and the lag behind the stream's head; and the rate-limit headroom each Bluesky host reported
 * ({@code ripple_ingest_rate_limit_remaining} / {@code _limit}, {@code source="bluesky"}, {@code bucket} = the host).
 */
@Context
@Requires(beans = MeterRegistry.class)
final class BlueskyMetrics {

    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    private final XrpcClient xrpc;
    private final SourceMetrics sources;

    BlueskyMetrics(MeterRegistry registry, JetstreamSource jetstream, XrpcClient xrpc, SourceMetrics sources) {
        this.xrpc = xrpc;
        this.sources = sources;
        JetstreamStats stats = jetstream.stats();
        counter(registry, "ripple.ingest.jetstream.frames", stats.frames, "frames read");
        counter(registry, "ripple.ingest.jetstream.frames.parsed", stats.parsed, "frames naming a watched account");
        counter(registry, "ripple.ingest.jetstream.events", stats.events, "events produced");
        counter(
                registry,
                "ripple.ingest.jetstream.duplicates",
                stats.duplicates,
                "events not republished after a resume");
        counter(registry, "ripple.ingest.jetstream.reconnects", stats.reconnects, "reconnections");
        counter(registry, "ripple.ingest.jetstream.commits", stats.commits, "cursor commits");
        Gauge.builder("ripple.ingest.jetstream.queue", stats.queued, q -> q.get())
                .description("frames read ahead, waiting to be processed (bounded by queue-capacity)")
                .register(registry);
        Gauge.builder(
                        "ripple.ingest.jetstream.lag.seconds",
                        stats.lastTimeUs,
                        t -> t.get() < 0 ? Double.NaN : (System.currentTimeMillis() * 1000.0 - t.get()) / 1_000_000.0)
                .description("how far the last processed frame is behind now")
                .register(registry);
        Gauge.builder("ripple.ingest.jetstream.malformed", stats, s -> {
                    s.malformed.forEach((reason, count) -> byReason(registry, reason, count));
                    return s.malformedTotal();
                })
                .description("malformed frames skipped")
                .register(registry);
        Gauge.builder(
                        "ripple.ingest.jetstream.deletes",
                        stats,
                        s -> s.deletes.values().stream()
                                .mapToLong(LongAdder::sum)
                                .sum())
                .description("deletes of records whose create was seen")
                .register(registry);
    }

    /** Hosts appear as they are called: their headroom gauges are registered as they do. */
    @Scheduled(fixedDelay = "10s", initialDelay = "5s")
    void registerHosts() {
        for (String host : xrpc.limits().budgets().keySet()) {
            sources.rateLimitBucket(
                    "bluesky",
                    host,
                    () -> {
                        RateLimits.Budget budget = xrpc.limits().budget(host);
                        if (budget == null || budget.limit() < 0) {
                            return Double.NaN;
                        }
                        return budget.reset().isAfter(java.time.Instant.now()) ? budget.remaining() : budget.limit();
                    },
                    () -> {
                        RateLimits.Budget budget = xrpc.limits().budget(host);
                        return budget == null || budget.limit() < 0 ? Double.NaN : budget.limit();
                    });
        }
    }

    private void byReason(MeterRegistry registry, String reason, LongAdder count) {
        if (registered.add(reason)) {
            FunctionCounter.builder("ripple.ingest.jetstream.malformed.by-reason", count, LongAdder::sum)
                    .tag("reason", reason)
                    .register(registry);
        }
    }

    private static void counter(MeterRegistry registry, String name, LongAdder adder, String description) {
        FunctionCounter.builder(name, adder, LongAdder::sum)
                .description(description)
                .register(registry);
    }
}
