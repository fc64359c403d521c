package dev.ripple.ingest.replay.config;

import dev.ripple.ingest.replay.Replays;
import dev.ripple.ingest.replay.Sleeper;
import dev.ripple.ingest.source.EventPublisher;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

@Factory
final class ReplayBeans {

    /** Closed before the publisher (it depends on it): running replays end FAILED, then the producer flushes. */
    @Singleton
    @Bean(preDestroy = "close")
    Replays replays(EventPublisher publisher, ReplaySettings settings) {
        return new Replays(publisher, Sleeper.SYSTEM, Clock.systemUTC(), settings.history(), settings.maxRunning());
    }
}
