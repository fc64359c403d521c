package dev.ripple.ingest.source.config;

import dev.ripple.ingest.source.PollScheduler;
import dev.ripple.ingest.source.SourceHealth;
import dev.ripple.ingest.source.SourceMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The per-source infrastructure every live source shares: scheduler, health, metrics. */
@Factory
final class SourceBeans {

    @Singleton
    SourceHealth sourceHealth() {
        return new SourceHealth(Clock.systemUTC());
    }

    @Singleton
    SourceMetrics sourceMetrics(MeterRegistry registry, SourceHealth health) {
        return new SourceMetrics(registry, health);
    }

    @Singleton
    @Bean(preDestroy = "close")
    PollScheduler pollScheduler(SourceSettings settings) {
        return new PollScheduler("source-poller", settings.pollThreads(), Clock.systemUTC());
    }
}
