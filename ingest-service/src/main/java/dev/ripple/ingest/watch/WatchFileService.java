package dev.ripple.ingest.watch;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current watch file, reloaded when it changes without a restart. A change that does not parse is reported
 * (log and {@link #lastError()}) and the previous, valid content stays in force; listeners only ever see valid files.
 * At start-up a file that was named explicitly must exist and be valid, or start-up fails naming the problem.
 */
@Context
public final class WatchFileService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WatchFileService.class);

    private final Path path;
    private final List<WatchFileListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService reloader;
    private volatile WatchFile current;
    private volatile byte[] loadedBytes;
    private volatile String lastError;
    private volatile Instant loadedAt;

    public WatchFileService(WatchSettings settings) {
        this.path = Path.of(settings.effectiveFile()).toAbsolutePath().normalize();
        byte[] bytes = read();
        if (bytes == null) {
            if (settings.explicit()) {
                throw new IllegalArgumentException(
                        "ripple.watch.file (RIPPLE_WATCH_FILE): " + path + " does not exist");
            }
            log.info("No watch file at {}: nothing is watched until it appears (set RIPPLE_WATCH_FILE)", path);
            current = WatchFile.EMPTY;
        } else {
            current = parse(bytes);
            log.info(
                    "Watching {} Mastodon and {} Bluesky accounts, Jetstream {} (from {})",
                    current.mastodon().size(),
                    current.bluesky().size(),
                    current.jetstream().enabled() ? "on" : "off",
                    path);
        }
        loadedBytes = bytes;
        loadedAt = Instant.now();
        reloader = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "watch-file-reloader");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.reloadInterval().toMillis();
        reloader.scheduleWithFixedDelay(this::reloadIfChanged, interval, interval, TimeUnit.MILLISECONDS);
    }

    public WatchFile current() {
        return current;
    }

    public Path path() {
        return path;
    }

    /** Why the latest change to the file was not applied, if it was not. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public void addListener(WatchFileListener listener) {
        listeners.add(listener);
    }

    /** Checks the file now (also done every reload interval); returns true when a new version was applied. */
    public synchronized boolean reloadIfChanged() {
        byte[] bytes = read();
        if (Arrays.equals(bytes, loadedBytes)) {
            return false;
        }
        WatchFile next;
        try {
            next = bytes == null ? WatchFile.EMPTY : parse(bytes);
        } catch (InvalidWatchFileException e) {
            if (!e.getMessage().equals(lastError)) {
                log.error("{} — keeping the previous watch list until the file is fixed", e.getMessage());
            }
            lastError = e.getMessage();
            return false;
        }
        WatchFile previous = current;
        current = next;
        loadedBytes = bytes;
        loadedAt = Instant.now();
        lastError = null;
        log.info(
                "Watch file {} {}: {} Mastodon and {} Bluesky accounts, Jetstream {}",
                path,
                bytes == null ? "removed" : "reloaded",
                next.mastodon().size(),
                next.bluesky().size(),
                next.jetstream().enabled() ? "on" : "off");
        for (WatchFileListener listener : listeners) {
            try {
                listener.onChange(previous, next);
            } catch (RuntimeException e) {
                log.error("A watch-file listener failed to apply the change", e);
            }
        }
        return true;
    }

    private WatchFile parse(byte[] bytes) {
        return WatchFileParser.parse(new String(bytes, StandardCharsets.UTF_8), path.toString(), path.getParent());
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read watch file " + path + ": " + e.getMessage(), e);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        reloader.shutdownNow();
    }
}
