package dev.ripple.cascade.metrics;

import dev.ripple.cascade.engine.BatchResult;
import dev.ripple.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * cascade-service's domain metrics (Prometheus names in docs/observability.md). Kafka-level counts use the names every
 * Ripple service shares ({@code ripple_kafka_records_consumed_total}, {@code ripple_kafka_records_produced_total},
 * tagged {@code topic}); the rest are {@code ripple_cascade_*}.
 */
@Component
public class CascadeMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer batchDuration;
    private final Timer eventTimeLatency;
    private final Timer wallClockLatency;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter duplicates;

    public CascadeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("ripple.cascade.batch.size")
                .description("Events applied per batch (one transaction)")
                .baseUnit("events")
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000, 2000)
                .register(registry);
        this.batchDuration = Timer.builder("ripple.cascade.batch.duration")
                .description("Time to apply one batch: decode, correlate, write, commit")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        this.eventTimeLatency = Timer.builder("ripple.cascade.decision.latency")
                .description("From the decision's event time (decidedAt) to its publication on Kafka")
                .tag("basis", "event_time")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        this.wallClockLatency = Timer.builder("ripple.cascade.decision.latency")
                .description(
                        "From the write of the decision to the outbox (at the end of its batch) to its publication")
                .tag("basis", "wall_clock")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        this.cacheHits = Counter.builder("ripple.cascade.state.cache.lookups")
                .description("Subject states a batch needed, found up to date in memory or (re)loaded")
                .tag("result", "hit")
                .register(registry);
        this.cacheMisses = Counter.builder("ripple.cascade.state.cache.lookups")
                .description("Subject states a batch needed, found up to date in memory or (re)loaded")
                .tag("result", "miss")
                .register(registry);
        this.duplicates = Counter.builder("ripple.cascade.events.duplicate")
                .description("Events that changed nothing (re-deliveries, repeated snapshots)")
                .register(registry);
        // At zero from the start, so a dashboard's rate() reads 0 rather than no data before the first dead letter.
        for (String topic : List.of(Topics.SHARES, Topics.FOLLOWS, Topics.FOLLOWING, Topics.ENGAGEMENTS)) {
            deadLetters(topic);
        }
    }

    private Counter deadLetters(String topic) {
        return Counter.builder("ripple.cascade.dead.letters")
                .description("Records sent to ripple.cascade-service.dlq.v1, per original topic")
                .tag("topic", topic == null ? "unknown" : topic)
                .register(registry);
    }

    /** Records read from a topic (valid or not). */
    public void consumed(String topic, int records) {
        Counter.builder("ripple.kafka.records.consumed")
                .description("Records consumed, per topic")
                .tag("topic", topic)
                .register(registry)
                .increment(records);
    }

    /** Records acknowledged by Kafka on a topic. */
    public void produced(String topic, int records) {
        Counter.builder("ripple.kafka.records.produced")
                .description("Records published and acknowledged, per topic")
                .tag("topic", topic)
                .register(registry)
                .increment(records);
    }

    /** Valid events taken into a batch, by type ({@code share}, {@code follow}, {@code following}, {@code engagement}). */
    public void event(String type) {
        Counter.builder("ripple.cascade.events.consumed")
                .description("Valid events consumed, per type")
                .tag("type", type)
                .register(registry)
                .increment();
    }

    /** One applied batch: its size, how long it took, the decisions by tier, and the state cache's hits and misses. */
    public void batch(int events, Duration took, BatchResult result) {
        batchSize.record(events);
        batchDuration.record(took);
        duplicates.increment(result.duplicates());
        cacheMisses.increment(result.reloaded());
        cacheHits.increment(Math.max(0, result.subjects() - result.reloaded()));
        for (Map.Entry<String, Integer> tier : result.decisionsByTier().entrySet()) {
            Counter.builder("ripple.cascade.decisions")
                    .description("Follow decisions made or changed, per attribution tier")
                    .tag("tier", tier.getKey())
                    .register(registry)
                    .increment(tier.getValue());
        }
    }

    /** A record sent to the dead-letter topic, by the topic it came from. */
    public void deadLettered(String topic) {
        deadLetters(topic).increment();
    }

    /** A decision published: its latency from event time and from its write to the outbox (wall clock). */
    public void published(Instant decidedAt, Instant committedAt, Instant publishedAt) {
        if (decidedAt != null) {
            eventTimeLatency.record(nonNegative(Duration.between(decidedAt, publishedAt)));
        }
        if (committedAt != null) {
            wallClockLatency.record(nonNegative(Duration.between(committedAt, publishedAt)));
        }
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
