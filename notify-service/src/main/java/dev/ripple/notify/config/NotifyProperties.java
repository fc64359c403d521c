package dev.ripple.notify.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * notify-service's settings ({@code ripple.notify.*}). Checked when bound, so a bad value stops start-up with a
 * message naming the setting.
 *
 * @param digestWindow the default digest window of a subscription, in event time (a subscription may choose its own)
 * @param maxWait the longest any digest window stays open in wall-clock time (default: the window itself)
 * @param minConfidence the default minimum confidence of a subscription: weaker decisions never count towards alerts
 * @param minInterval the default least event time between two alerts about one share (0: off)
 * @param quietPeriod how long a cascade must be quiet (event time, or wall-clock time while nothing arrives) before
 *     its sharers get a {@code cascade.summary}
 * @param allowPrivateTargets allow every non-public webhook target (local runs only; prefer {@code allowedNetworks})
 * @param allowedNetworks CIDR ranges webhooks may target even though they are not public (e.g. 127.0.0.0/8 locally)
 * @param apiKeys the API keys, each {@code owner:key} (or a bare key, whose owner is derived from it)
 * @param retrySchedule delays between delivery attempts; after the last one a delivery is marked failed
 * @param cascadeUrl public base URL of cascade-service's API, for links in alerts
 * @param retention how long messages and their attempt log are kept (and can be redelivered or replayed)
 * @param rotationOverlap how long an old signing key keeps signing after a rotation, unless the caller chooses
 */
@ConfigurationProperties("ripple.notify")
public record NotifyProperties(
        @DefaultValue("60s") Duration digestWindow,
        Duration maxWait,
        @DefaultValue("0.7") double minConfidence,
        @DefaultValue("1h") Duration minInterval,
        @DefaultValue("24h") Duration quietPeriod,
        @DefaultValue("false") boolean allowPrivateTargets,
        List<String> allowedNetworks,
        List<String> apiKeys,

        @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "14h", "20h", "24h"})
        List<Duration> retrySchedule,

        @DefaultValue Delivery delivery,
        @DefaultValue Endpoints endpoints,
        @DefaultValue("http://localhost:8080") URI cascadeUrl,
        @DefaultValue("14d") Duration retention,
        @DefaultValue("24h") Duration rotationOverlap) {

    static final String PREFIX = "ripple.notify.";

    /** The longest overlap a rotation may ask for. */
    public static final Duration MAX_ROTATION_OVERLAP = Duration.ofDays(7);

    public NotifyProperties {
        requirePositive(digestWindow, "digest-window");
        maxWait = maxWait == null ? digestWindow : maxWait;
        requirePositive(maxWait, "max-wait");
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException(PREFIX + "min-confidence must be between 0 and 1, was " + minConfidence);
        }
        requirePositive(quietPeriod, "quiet-period");
        if (minInterval == null || minInterval.isNegative()) {
            throw new IllegalArgumentException(PREFIX + "min-interval must not be negative, was " + minInterval);
        }
        allowedNetworks = allowedNetworks == null
                ? List.of()
                : allowedNetworks.stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
        for (int i = 0; i < allowedNetworks.size(); i++) {
            try {
                Cidr.parse(allowedNetworks.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        PREFIX + "allowed-networks[" + i + "] " + e.getMessage() + " (RIPPLE_NOTIFY_ALLOWED_NETWORKS)");
            }
        }
        apiKeys = apiKeys == null
                ? List.of()
                : apiKeys.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        ApiKeys.parse(apiKeys); // fails naming the setting
        if (retrySchedule == null) {
            retrySchedule = List.of();
        }
        for (int i = 0; i < retrySchedule.size(); i++) {
            requirePositive(retrySchedule.get(i), "retry-schedule[" + i + "]");
        }
        retrySchedule = List.copyOf(retrySchedule);
        if (delivery == null) {
            delivery = new Delivery(20, Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(15), 4, 50);
        }
        if (endpoints == null) {
            endpoints = new Endpoints(
                    Duration.ofDays(5), Duration.ofHours(24), 5, Duration.ofSeconds(30), Duration.ofMinutes(10));
        }
        if (cascadeUrl == null
                || !cascadeUrl.isAbsolute()
                || cascadeUrl.getHost() == null
                || !("http".equalsIgnoreCase(cascadeUrl.getScheme())
                        || "https".equalsIgnoreCase(cascadeUrl.getScheme()))) {
            throw new IllegalArgumentException(
                    PREFIX + "cascade-url must be an absolute http(s) URL, was '" + cascadeUrl + "'");
        }
        requirePositive(retention, "retention");
        requirePositive(rotationOverlap, "rotation-overlap");
        if (rotationOverlap.compareTo(MAX_ROTATION_OVERLAP) > 0) {
            throw new IllegalArgumentException(
                    PREFIX + "rotation-overlap must be at most 7 days, was " + rotationOverlap);
        }
    }

    /** The parsed API keys. */
    public ApiKeys keys() {
        return ApiKeys.parse(apiKeys);
    }

    /**
     * How the delivery workers run.
     *
     * @param batchSize deliveries claimed per poll
     * @param pollInterval pause between polls for due deliveries and due digest windows
     * @param connectTimeout TCP/TLS connect timeout per attempt
     * @param requestTimeout the whole attempt, from connecting to the last byte of the response
     * @param concurrency default for a subscription: attempts in flight to one endpoint at once, over all instances
     * @param rateLimit default for a subscription: attempts per second to one endpoint, over all instances
     */
    public record Delivery(
            @DefaultValue("20") int batchSize,
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("15s") Duration connectTimeout,
            @DefaultValue("15s") Duration requestTimeout,
            @DefaultValue("4") int concurrency,
            @DefaultValue("50") double rateLimit) {

        public Delivery {
            if (batchSize < 1 || batchSize > 1000) {
                throw new IllegalArgumentException(
                        PREFIX + "delivery.batch-size must be between 1 and 1000, was " + batchSize);
            }
            requirePositive(pollInterval, "delivery.poll-interval");
            requirePositive(connectTimeout, "delivery.connect-timeout");
            requirePositive(requestTimeout, "delivery.request-timeout");
            if (concurrency < 1 || concurrency > 100) {
                throw new IllegalArgumentException(
                        PREFIX + "delivery.concurrency must be between 1 and 100, was " + concurrency);
            }
            if (!(rateLimit > 0 && rateLimit <= 10_000)) {
                throw new IllegalArgumentException(
                        PREFIX + "delivery.rate-limit must be above 0 and at most 10000 per second, was " + rateLimit);
            }
        }

        /** How long a claimed delivery stays reserved for the worker sending it. */
        public Duration lease() {
            return connectTimeout.plus(requestTimeout).plusSeconds(30);
        }
    }

    /**
     * Endpoint health.
     *
     * @param disableAfter continuous failure after which an endpoint is disabled (and its owner told)
     * @param warnAfter continuous failure after which the owner is warned ({@code endpoint.failing})
     * @param circuitFailures consecutive failed attempts that open the circuit breaker
     * @param circuitOpenFor how long the breaker stays open the first time (doubling per trip, up to the maximum)
     * @param circuitMaxOpen the longest the breaker stays open
     */
    public record Endpoints(
            @DefaultValue("5d") Duration disableAfter,
            @DefaultValue("24h") Duration warnAfter,
            @DefaultValue("5") int circuitFailures,
            @DefaultValue("30s") Duration circuitOpenFor,
            @DefaultValue("10m") Duration circuitMaxOpen) {

        public Endpoints {
            requirePositive(disableAfter, "endpoints.disable-after");
            requirePositive(warnAfter, "endpoints.warn-after");
            if (circuitFailures < 1) {
                throw new IllegalArgumentException(
                        PREFIX + "endpoints.circuit-failures must be at least 1, was " + circuitFailures);
            }
            requirePositive(circuitOpenFor, "endpoints.circuit-open-for");
            requirePositive(circuitMaxOpen, "endpoints.circuit-max-open");
        }
    }

    static void requirePositive(Duration value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(PREFIX + name + " is missing");
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PREFIX + name + " must be greater than zero, was " + value);
        }
    }
}
