package dev.ripple.ingest.source.config;

import dev.ripple.ingest.source.SourceHealth;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health} component {@code sources}: the state of every watched account. A failing platform account does not
 * make the service DOWN (restarting would not help it; the other accounts keep polling); each account's own state,
 * last error and ages are in the details.
 */
@Singleton
@Requires(beans = HealthEndpoint.class)
final class SourceHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final SourceHealth health;

    SourceHealthIndicator(SourceHealth health) {
        this.health = health;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (SourceHealth.Status status : health.all()) {
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("platform", status.platform());
            source.put("account", status.account());
            source.put("mode", status.mode());
            source.put("state", status.state().name());
            source.put("lastPollAt", text(status.lastPollAt()));
            source.put("lastSuccessAt", text(status.lastSuccessAt()));
            source.put("lastError", status.lastError());
            source.put("lastErrorAt", text(status.lastErrorAt()));
            source.put("consecutiveFailures", status.consecutiveFailures());
            source.put("cursorUpdatedAt", text(status.cursorUpdatedAt()));
            source.put("cursorAgeSeconds", seconds(status.cursorAge()));
            source.put("newestEventAt", text(status.newestEventAt()));
            source.put("lagSeconds", seconds(status.lag()));
            source.put("nextPollAt", text(status.nextPollAt()));
            source.put("notes", status.notes());
            details.put(status.key(), source);
        }
        healthStatus = HealthStatus.UP;
        return details;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Long seconds(Duration duration) {
        return duration == null ? null : duration.toSeconds();
    }

    @Override
    protected String getName() {
        return "sources";
    }
}
