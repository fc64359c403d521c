package dev.ripple.ingest.mastodon.config;

import dev.ripple.ingest.mastodon.MastodonWatcher;
import dev.ripple.ingest.mastodon.client.MicronautMastodonHttp;
import dev.ripple.ingest.source.Checkpoints;
import dev.ripple.ingest.source.PollScheduler;
import dev.ripple.ingest.source.SourceHealth;
import dev.ripple.ingest.source.SourceMetrics;
import dev.ripple.ingest.watch.WatchFile;
import dev.ripple.ingest.watch.WatchFileService;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the Mastodon source into the service: the watch file's {@code mastodon:} list, applied at start-up and on
 * every change. Kafka (the checkpoints) is only reached once an account is watched.
 */
@Context
final class MastodonSources implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MastodonSources.class);

    private final MastodonWatcher watcher;
    private final MicronautMastodonHttp http;

    MastodonSources(
            WatchFileService watchFile,
            MastodonProperties properties,
            BeanProvider<Checkpoints> checkpoints,
            PollScheduler scheduler,
            SourceHealth health,
            SourceMetrics metrics) {
        this.http = new MicronautMastodonHttp(properties.requestTimeout());
        this.watcher = new MastodonWatcher(
                properties.settings(), http, checkpoints::get, scheduler, health, metrics, Clock.systemUTC());
        apply(watchFile.current());
        watchFile.addListener((previous, current) -> apply(current));
    }

    private void apply(WatchFile file) {
        try {
            watcher.apply(file.mastodon());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while applying the watch file's Mastodon accounts");
        }
    }

    @PreDestroy
    @Override
    public void close() {
        watcher.close();
        http.close();
    }
}
