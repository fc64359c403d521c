package dev.ripple.ingest.source;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics every live source reports, named {@code ripple_ingest_*} in Prometheus and tagged with the platform
 * ({@code source}) and the watched account ({@code account}). Platform-neutral; listed in the service README.
 */
public final class SourceMetrics {

    public static final String REQUESTS = "ripple.ingest.requests";
    public static final String RATE_LIMIT_WAITS = "ripple.ingest.rate.limit.waits";
    public static final String RATE_LIMIT_WAIT_SECONDS = "ripple.ingest.rate.limit.wait.seconds";
    public static final String EVENTS = "ripple.ingest.events";
    public static final String ERRORS = "ripple.ingest.errors";
    public static final String SKIPPED = "ripple.ingest.skipped";
    public static final String LAG = "ripple.ingest.lag.seconds";
    public static final String CURSOR_AGE = "ripple.ingest.cursor.age.seconds";
    public static final String EXPOSURE_LOOKUPS = "ripple.ingest.exposure.lookups";
    public static final String EXPOSURE_PENDING = "ripple.ingest.exposure.pending";
    public static final String RATE_LIMIT_REMAINING = "ripple.ingest.rate.limit.remaining";
    public static final String RATE_LIMIT_LIMIT = "ripple.ingest.rate.limit.limit";

    private final MeterRegistry registry;
    private final SourceHealth health;
    private final Map<String, List<Gauge>> gauges = new ConcurrentHashMap<>();
    private final Map<String, Integer> pending = new ConcurrentHashMap<>();
    private final Set<String> rateLimitBuckets = ConcurrentHashMap.newKeySet();

    public SourceMetrics(MeterRegistry registry, SourceHealth health) {
        this.registry = registry;
        this.health = health;
    }

    /** One request to a platform API; {@code outcome} is e.g. {@code ok}, {@code 429}, {@code 5xx}, {@code timeout}. */
    public void request(String platform, String account, String endpoint, String outcome) {
        counter(REQUESTS, platform, account, "endpoint", endpoint, "outcome", outcome)
                .increment();
    }

    public void rateLimitWait(String platform, String account, Duration wait) {
        counter(RATE_LIMIT_WAITS, platform, account).increment();
        counter(RATE_LIMIT_WAIT_SECONDS, platform, account).increment(Math.max(0, wait.toMillis()) / 1000.0);
    }

    public void emitted(String platform, String account, String type, int count) {
        if (count > 0) {
            counter(EVENTS, platform, account, "type", type).increment(count);
        }
    }

    /** A failure kind, e.g. {@code malformed}, {@code timeout}, {@code server_error}, {@code unauthorized}. */
    public void error(String platform, String account, String kind) {
        counter(ERRORS, platform, account, "kind", kind).increment();
    }

    /** Platform data deliberately not turned into events, e.g. an unknown notification type. */
    public void skipped(String platform, String account, String reason) {
        counter(SKIPPED, platform, account, "reason", reason).increment();
    }

    /** A following-list (exposure evidence) lookup: {@code emitted}, {@code cached}, {@code hidden}, {@code failed}… */
    public void exposureLookup(String platform, String account, String outcome) {
        counter(EXPOSURE_LOOKUPS, platform, account, "outcome", outcome).increment();
    }

    public void exposurePending(String sourceKey, int count) {
        pending.put(sourceKey, count);
    }

    /** Registers the per-source gauges (lag behind the platform, cursor age, pending exposure lookups). */
    public void register(String sourceKey, String platform, String account) {
        Tags tags = Tags.of("source", platform, "account", account);
        gauges.computeIfAbsent(
                sourceKey,
                key -> List.of(
                        Gauge.builder(LAG, health, h -> seconds(h, key, true))
                                .description("Seconds since the source last had everything the platform had")
                                .tags(tags)
                                .register(registry),
                        Gauge.builder(CURSOR_AGE, health, h -> seconds(h, key, false))
                                .description("Seconds since the source's cursor last moved")
                                .tags(tags)
                                .register(registry),
                        Gauge.builder(EXPOSURE_PENDING, pending, p -> p.getOrDefault(key, 0))
                                .description("Following-list lookups waiting for budget")
                                .tags(tags)
                                .register(registry)));
    }

    /**
     * Registers (once per bucket) the gauges of a rate-limit bucket's headroom as the server last reported it: requests
     * remaining in its current window and the window's limit (NaN until reported; remaining reads the full limit once
     * the window has reset). Tagged {@code source} and {@code bucket} (what the server counts by: an instance and an
     * account, or an instance alone; never a token).
     */
    public void rateLimitBucket(String platform, String bucket, RateLimiter limiter) {
        rateLimitBucket(
                platform,
                bucket,
                () -> limiter.state(bucket)
                        .filter(s -> s.serverLimit() != null && s.serverRemaining() != null)
                        .map(s -> s.serverReset() != null && !s.serverReset().isAfter(java.time.Instant.now())
                                ? s.serverLimit()
                                : s.serverRemaining())
                        .map(Integer::doubleValue)
                        .orElse(Double.NaN),
                () -> limiter.state(bucket)
                        .map(RateLimiter.BucketState::serverLimit)
                        .map(Integer::doubleValue)
                        .orElse(Double.NaN));
    }

    /** Registers (once per bucket) the headroom gauges of a bucket whose state the suppliers read. */
    public void rateLimitBucket(
            String platform,
            String bucket,
            java.util.function.DoubleSupplier remaining,
            java.util.function.DoubleSupplier limit) {
        if (rateLimitBuckets.add(platform + " " + bucket)) {
            Tags tags = Tags.of("source", platform, "bucket", bucket);
            Gauge.builder(RATE_LIMIT_REMAINING, remaining, java.util.function.DoubleSupplier::getAsDouble)
                    .description("Requests left in the platform's current rate-limit window, as it last reported")
                    .tags(tags)
                    .strongReference(true)
                    .register(registry);
            Gauge.builder(RATE_LIMIT_LIMIT, limit, java.util.function.DoubleSupplier::getAsDouble)
                    .description("Requests the platform allows per rate-limit window, as it last reported")
                    .tags(tags)
                    .strongReference(true)
                    .register(registry);
        }
    }

    public void unregister(String sourceKey) {
        List<Gauge> removed = gauges.remove(sourceKey);
        if (removed != null) {
            removed.forEach(registry::remove);
        }
        pending.remove(sourceKey);
    }

    public MeterRegistry registry() {
        return registry;
    }

    private static double seconds(SourceHealth health, String key, boolean lag) {
        return health.status(key)
                .map(status -> lag ? status.lag() : status.cursorAge())
                .map(duration -> duration.toMillis() / 1000.0)
                .orElse(Double.NaN);
    }

    private Counter counter(String name, String platform, String account, String... tags) {
        return Counter.builder(name)
                .tags(Tags.of("source", platform, "account", account).and(tags))
                .register(registry);
    }
}
