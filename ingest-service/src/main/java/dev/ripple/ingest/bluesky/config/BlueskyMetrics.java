package dev.ripple.ingest.bluesky.config;

import dev.ripple.ingest.jetstream.JetstreamStats;
import dev.ripple.ingest.jetstream.live.JetstreamSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Jetstream metrics on Micrometer ({@code GET /metrics/<name>}): frames read and parsed, events, overlap duplicates,
 * malformed frames by reason, deletes by kind, reconnects, commits, the read-ahead queue and the lag behind the
 * stream's head.
 */
@Context
@Requires(beans = MeterRegistry.class)
final class BlueskyMetrics {

    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    BlueskyMetrics(MeterRegistry registry, JetstreamSource jetstream) {
        JetstreamStats stats = jetstream.stats();
        counter(registry, "ripple.jetstream.frames", stats.frames, "frames read");
        counter(registry, "ripple.jetstream.frames.parsed", stats.parsed, "frames naming a watched account");
        counter(registry, "ripple.jetstream.events", stats.events, "events produced");
        counter(registry, "ripple.jetstream.duplicates", stats.duplicates, "events not republished after a resume");
        counter(registry, "ripple.jetstream.reconnects", stats.reconnects, "reconnections");
        counter(registry, "ripple.jetstream.commits", stats.commits, "cursor commits");
        Gauge.builder("ripple.jetstream.queue", stats.queued, q -> q.get())
                .description("frames read ahead, waiting to be processed (bounded by queue-capacity)")
                .register(registry);
        Gauge.builder(
                        "ripple.jetstream.lag.seconds",
                        stats.lastTimeUs,
                        t -> t.get() < 0 ? Double.NaN : (System.currentTimeMillis() * 1000.0 - t.get()) / 1_000_000.0)
                .description("how far the last processed frame is behind now")
                .register(registry);
        Gauge.builder("ripple.jetstream.malformed", stats, s -> {
                    s.malformed.forEach((reason, count) -> byReason(registry, reason, count));
                    return s.malformedTotal();
                })
                .description("malformed frames skipped")
                .register(registry);
        Gauge.builder(
                        "ripple.jetstream.deletes",
                        stats,
                        s -> s.deletes.values().stream()
                                .mapToLong(LongAdder::sum)
                                .sum())
                .description("deletes of records whose create was seen")
                .register(registry);
    }

    private void byReason(MeterRegistry registry, String reason, LongAdder count) {
        if (registered.add(reason)) {
            FunctionCounter.builder("ripple.jetstream.malformed.by-reason", count, LongAdder::sum)
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
