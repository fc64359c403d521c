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
 * @param digestWindow how long, in event time, later credits of a stream are gathered into one digest alert
 * @param maxWait the longest a digest window stays open in wall-clock time (default: {@code digestWindow})
 * @param allowPrivateTargets allow webhook URLs on loopback, private and link-local addresses (local runs only)
 * @param retrySchedule delays between delivery attempts; after the last one a delivery is marked failed
 * @param cascadeUrl public base URL of cascade-service's API, for links in alerts
 */
@ConfigurationProperties("ripple.notify")
public record NotifyProperties(
        @DefaultValue("60s") Duration digestWindow,
        Duration maxWait,
        @DefaultValue("false") boolean allowPrivateTargets,

        @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "14h", "20h", "24h"})
        List<Duration> retrySchedule,

        @DefaultValue Delivery delivery,
        @DefaultValue("http://localhost:8080") URI cascadeUrl) {

    private static final String PREFIX = "ripple.notify.";

    public NotifyProperties {
        requirePositive(digestWindow, "digest-window");
        maxWait = maxWait == null ? digestWindow : maxWait;
        requirePositive(maxWait, "max-wait");
        if (retrySchedule == null) {
            retrySchedule = List.of();
        }
        for (int i = 0; i < retrySchedule.size(); i++) {
            requirePositive(retrySchedule.get(i), "retry-schedule[" + i + "]");
        }
        retrySchedule = List.copyOf(retrySchedule);
        if (delivery == null) {
            delivery = new Delivery(20, Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(15));
        }
        if (cascadeUrl == null
                || !cascadeUrl.isAbsolute()
                || cascadeUrl.getHost() == null
                || !("http".equalsIgnoreCase(cascadeUrl.getScheme())
                        || "https".equalsIgnoreCase(cascadeUrl.getScheme()))) {
            throw new IllegalArgumentException(
                    PREFIX + "cascade-url must be an absolute http(s) URL, was '" + cascadeUrl + "'");
        }
    }

    /**
     * How the delivery workers run.
     *
     * @param batchSize deliveries claimed per poll
     * @param pollInterval pause between polls for due deliveries and due digest windows
     * @param connectTimeout TCP/TLS connect timeout per attempt
     * @param requestTimeout time to wait for the response per attempt
     */
    public record Delivery(
            @DefaultValue("20") int batchSize,
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("15s") Duration connectTimeout,
            @DefaultValue("15s") Duration requestTimeout) {

        public Delivery {
            if (batchSize < 1 || batchSize > 1000) {
                throw new IllegalArgumentException(
                        PREFIX + "delivery.batch-size must be between 1 and 1000, was " + batchSize);
            }
            requirePositive(pollInterval, "delivery.poll-interval");
            requirePositive(connectTimeout, "delivery.connect-timeout");
            requirePositive(requestTimeout, "delivery.request-timeout");
        }

        /** How long a claimed delivery stays reserved for the worker sending it. */
        public Duration lease() {
            return connectTimeout.plus(requestTimeout).plusSeconds(30);
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(PREFIX + name + " is missing");
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PREFIX + name + " must be greater than zero, was " + value);
        }
    }
}
