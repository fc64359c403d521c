package dev.ripple.cascade.config;

import dev.ripple.cascade.correlation.Calibration;
import dev.ripple.cascade.correlation.CorrelationSettings;
import dev.ripple.cascade.correlation.Correlator;
import dev.ripple.cascade.engine.CorrelationEngine;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({CascadeSettings.class, KafkaSettings.class})
class CascadeConfiguration {

    @Bean
    CorrelationSettings correlationSettings(CascadeSettings settings) {
        return settings.correlation();
    }

    @Bean
    Calibration calibration(CascadeSettings settings, ResourceLoader resources) {
        return CalibrationLoader.load(settings.calibration(), resources);
    }

    @Bean
    Correlator correlator(CorrelationSettings settings, Calibration calibration) {
        return new Correlator(settings, calibration);
    }

    @Bean
    CorrelationEngine.EngineSettings engineSettings(CascadeSettings settings) {
        return new CorrelationEngine.EngineSettings(settings.cacheEntries());
    }
}
