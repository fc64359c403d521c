package dev.ripple.cascade.config;

import dev.ripple.cascade.correlation.CorrelationSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({CascadeSettings.class, KafkaSettings.class})
class CascadeConfiguration {

    @Bean
    CorrelationSettings correlationSettings(CascadeSettings settings) {
        return settings.correlation();
    }
}
