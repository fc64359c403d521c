package dev.ripple.notify.metrics;

import dev.ripple.events.Topics;
import dev.ripple.service.ConsumerLag;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code ripple_kafka_consumer_lag} for the topics this service consumes. */
@Configuration(proxyBeanMethods = false)
class ConsumerLagConfiguration {

    @Bean
    ConsumerLag consumerLag(
            MeterRegistry registry,
            @Value("${spring.application.name}") String group,
            @Value("${spring.cloud.stream.kafka.binder.brokers}") String bootstrapServers) {
        return new ConsumerLag(registry, group, bootstrapServers, List.of(Topics.ATTRIBUTIONS));
    }
}
