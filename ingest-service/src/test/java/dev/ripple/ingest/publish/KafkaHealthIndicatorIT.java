package dev.ripple.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.ingest.testing.TestKafka;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

class KafkaHealthIndicatorIT {

    @Test
    void upWhileTheClusterAnswers() throws Exception {
        HealthResult result = check(TestKafka.bootstrapServers());

        assertThat(result.getStatus()).isEqualTo(HealthStatus.UP);
        assertThat(details(result)).containsEntry("nodes", 1).containsKey("clusterId");
    }

    @Test
    void downWhenNoBrokerAnswersSayingWhy() throws Exception {
        HealthResult result = check("127.0.0.1:1");

        assertThat(result.getStatus()).isEqualTo(HealthStatus.DOWN);
        assertThat(details(result))
                .containsEntry("bootstrapServers", "127.0.0.1:1")
                .containsKey("error");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(HealthResult result) {
        return (Map<String, Object>) result.getDetails();
    }

    private static HealthResult check(String bootstrapServers) throws Exception {
        KafkaSettings settings =
                new KafkaSettings(bootstrapServers, 1, 1, Duration.ofSeconds(5), Duration.ofSeconds(5));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            KafkaHealthIndicator indicator = new KafkaHealthIndicator(admin, settings);
            indicator.setExecutorService(Executors.newSingleThreadExecutor());
            CompletableFuture<HealthResult> result = new CompletableFuture<>();
            indicator.getResult().subscribe(new Subscriber<>() {
                @Override
                public void onSubscribe(Subscription subscription) {
                    subscription.request(1);
                }

                @Override
                public void onNext(HealthResult item) {
                    result.complete(item);
                }

                @Override
                public void onError(Throwable failure) {
                    result.completeExceptionally(failure);
                }

                @Override
                public void onComplete() {
                    result.completeExceptionally(new IllegalStateException("no health result"));
                }
            });
            return result.get(10, TimeUnit.SECONDS);
        }
    }
}
