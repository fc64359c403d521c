package dev.ripple.ingest.publish;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

@Factory
final class KafkaFactory {

    /** One admin client for start-up topic creation and the health check. */
    @Singleton
    @Bean(preDestroy = "close")
    Admin kafkaAdmin(KafkaSettings settings) {
        int timeoutMs = Math.toIntExact(settings.adminTimeout().toMillis());
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                KafkaEventPublisher.CLIENT_ID + "-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Math.min(30_000, timeoutMs)));
    }
}
