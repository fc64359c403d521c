package dev.ripple.ingest.replay.config;

import dev.ripple.ingest.replay.ReplayInput;
import dev.ripple.ingest.replay.ReplayReport;
import dev.ripple.ingest.replay.Replays;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays {@code ripple.replay.file} once when the HTTP server has started (the compose demo's way in). The replay
 * runs in the background and is listed by {@code GET /api/v1/replays} like any other.
 */
@Singleton
final class StartupReplay implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupReplay.class);

    private final ReplaySettings settings;
    private final Replays replays;

    StartupReplay(ReplaySettings settings, Replays replays) {
        this.settings = settings;
        this.replays = replays;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        settings.startupFile().ifPresent(file -> {
            ReplayReport report = replays.start(ReplayInput.of(file), settings.startupSpeed());
            log.info(
                    "Replaying {} (ripple.replay.file) at speed {}: GET /api/v1/replays/{} shows its progress",
                    file,
                    settings.startupSpeed(),
                    report.id());
        });
    }
}
