package dev.ripple.ingest.bluesky.config;

import dev.ripple.ingest.bluesky.AccountDirectory;
import dev.ripple.ingest.bluesky.Dids;
import dev.ripple.ingest.bluesky.Watched;
import dev.ripple.ingest.bluesky.xrpc.XrpcClient;
import dev.ripple.ingest.bluesky.xrpc.XrpcException;
import dev.ripple.ingest.watch.BlueskyWatch;
import dev.ripple.ingest.watch.JetstreamWatch;
import dev.ripple.ingest.watch.WatchFile;
import dev.ripple.ingest.watch.WatchFileService;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watched Bluesky accounts with their DIDs: an entry naming only a handle is resolved
 * ({@code com.atproto.identity.resolveHandle} on its AppView) before it can be watched, because every key is a DID.
 * An entry that cannot be resolved yet is retried on every round ({@link #resolvePending()}). Listeners hear of every
 * change of the resolved list or of the Jetstream section.
 */
@Singleton
public final class BlueskyWatchList {

    private static final Logger log = LoggerFactory.getLogger(BlueskyWatchList.class);

    /** A watched account whose DID is known. */
    public record Resolved(BlueskyWatch watch, String did) {

        public boolean withPassword() {
            return watch.appPassword().isPresent();
        }
    }

    private final WatchFileService watchFile;
    private final XrpcClient xrpc;
    private final AccountDirectory accounts;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> resolvedHandles = new LinkedHashMap<>();
    private volatile List<Resolved> resolved = List.of();
    private volatile List<BlueskyWatch> pending = List.of();
    private volatile JetstreamWatch jetstream = JetstreamWatch.DISABLED;

    public BlueskyWatchList(WatchFileService watchFile, XrpcClient xrpc, AccountDirectory accounts) {
        this.watchFile = watchFile;
        this.xrpc = xrpc;
        this.accounts = accounts;
    }

    @PostConstruct
    void start() {
        watchFile.addListener((previous, current) -> apply(current));
        apply(watchFile.current());
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public List<Resolved> accounts() {
        return resolved;
    }

    public List<BlueskyWatch> unresolved() {
        return pending;
    }

    public Watched watched() {
        Set<String> dids = new LinkedHashSet<>();
        resolved.forEach(entry -> dids.add(entry.did()));
        return new Watched(dids);
    }

    public JetstreamWatch jetstream() {
        return jetstream;
    }

    synchronized void apply(WatchFile file) {
        jetstream = file.jetstream();
        List<Resolved> ready = new ArrayList<>();
        List<BlueskyWatch> waiting = new ArrayList<>();
        for (BlueskyWatch watch : file.bluesky()) {
            String did = watch.did() != null ? watch.did() : resolvedHandles.get(watch.handle());
            if (did != null) {
                ready.add(new Resolved(watch, did));
                accounts.learn(did, watch.handle(), null);
            } else {
                waiting.add(watch);
            }
        }
        resolved = List.copyOf(ready);
        pending = List.copyOf(waiting);
        notifyListeners();
        if (!waiting.isEmpty()) {
            Thread.ofVirtual().name("bluesky-resolve-handles").start(this::resolvePendingQuietly);
        }
    }

    private void resolvePendingQuietly() {
        try {
            resolvePending();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Resolves the handles still without a DID; true when the list changed. */
    public boolean resolvePending() throws InterruptedException {
        List<BlueskyWatch> waiting = pending;
        boolean changed = false;
        for (BlueskyWatch watch : waiting) {
            try {
                String did = xrpc.query(
                                watch.appviewUrl(),
                                "com.atproto.identity.resolveHandle",
                                Map.of("handle", watch.handle()),
                                null)
                        .path("did")
                        .asString("");
                if (Dids.isDid(did)) {
                    synchronized (this) {
                        resolvedHandles.put(watch.handle(), did);
                    }
                    changed = true;
                    log.info("Bluesky handle {} is {}", watch.handle(), did);
                } else {
                    log.warn("Bluesky handle {} resolved to '{}', not a DID; not watched yet", watch.handle(), did);
                }
            } catch (XrpcException e) {
                log.warn(
                        "Cannot resolve the Bluesky handle {} yet ({}); retrying next round",
                        watch.handle(),
                        e.getMessage());
            }
        }
        if (changed) {
            apply(watchFile.current());
        }
        return changed;
    }

    private void notifyListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.error("A Bluesky watch-list listener failed", e);
            }
        }
    }
}
