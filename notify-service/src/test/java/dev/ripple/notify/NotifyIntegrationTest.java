package dev.ripple.notify;

import dev.ripple.testsupport.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service against a real Kafka broker and a real PostgreSQL (Testcontainers with Docker, else an embedded
 * KRaft broker and zonky's PostgreSQL 17), with a real HTTP receiver on loopback. Every integration test class extends
 * this one, so they share one application context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "ripple.notify.allow-private-targets=true",
            "ripple.notify.max-wait=2s",
            "ripple.notify.retry-schedule=300ms,300ms,300ms",
            "ripple.notify.delivery.poll-interval=100ms",
            "ripple.notify.delivery.connect-timeout=2s",
            "ripple.notify.delivery.request-timeout=3s",
            "ripple.notify.cascade-url=https://ripple.example",
            "ripple.kafka.partitions=3"
        })
public abstract class NotifyIntegrationTest {

    protected static final WebhookReceiver RECEIVER = WebhookReceiver.start();

    private static final RealInfrastructure.Database DATABASE = RealInfrastructure.newDatabase("notify_it");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::url);
        registry.add("spring.datasource.username", DATABASE::user);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("spring.kafka.bootstrap-servers", RealInfrastructure::kafkaBootstrapServers);
        registry.add("spring.cloud.stream.kafka.binder.brokers", RealInfrastructure::kafkaBootstrapServers);
    }

    @AfterAll
    static void forgetScripts() {
        RECEIVER.reset();
    }
}
