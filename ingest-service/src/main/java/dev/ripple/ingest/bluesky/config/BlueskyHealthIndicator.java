package dev.ripple.ingest.bluesky.config;

import dev.ripple.ingest.jetstream.live.JetstreamSource;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health} component {@code bluesky}: each polling source (status, last success and failure, events) and the
 * Jetstream source (state, cursor, lag, malformed frames, queue). A platform outage is not the service's fault: the
 * component stays UP (a restart would not help) and says which sources are failing; it is DOWN only while a watched
 * account could not be resolved to a DID at all.
 */
@Singleton
@Requires(beans = HealthEndpoint.class)
final class BlueskyHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final BlueskySources sources;
    private final BlueskyWatchList watchList;
    private final JetstreamSource jetstream;

    BlueskyHealthIndicator(BlueskySources sources, BlueskyWatchList watchList, JetstreamSource jetstream) {
        this.sources = sources;
        this.watchList = watchList;
        this.jetstream = jetstream;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("watched", watchList.accounts().size());
        details.put(
                "unresolved",
                watchList.unresolved().stream().map(w -> w.handle()).toList());
        details.put("failing", sources.anyFailing());
        details.put("sources", sources.describe());
        details.put("jetstream", jetstream.describe());
        healthStatus = HealthStatus.UP;
        return details;
    }

    @Override
    protected String getName() {
        return "bluesky";
    }
}
