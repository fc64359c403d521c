package dev.ripple.ingest.publish;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

/** {@code /health} reports DOWN while the Kafka cluster cannot be described: the service could not publish. */
@Singleton
@Requires(beans = HealthEndpoint.class)
final class KafkaHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private static final int TIMEOUT_MS = 3_000;

    private final Admin admin;
    private final KafkaSettings settings;

    KafkaHealthIndicator(Admin admin, KafkaSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bootstrapServers", settings.bootstrapServers());
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS));
            details.put("clusterId", cluster.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
            int nodes = cluster.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
            details.put("nodes", nodes);
            healthStatus = nodes > 0 ? HealthStatus.UP : HealthStatus.DOWN;
        } catch (ExecutionException e) {
            details.put("error", e.getCause().toString());
            healthStatus = HealthStatus.DOWN;
        } catch (TimeoutException e) {
            details.put("error", "no answer within " + TIMEOUT_MS + " ms");
            healthStatus = HealthStatus.DOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            details.put("error", "interrupted");
            healthStatus = HealthStatus.DOWN;
        }
        return details;
    }

    @Override
    protected String getName() {
        return "kafka";
    }
}
