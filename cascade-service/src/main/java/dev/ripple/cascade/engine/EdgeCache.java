package dev.ripple.cascade.engine;

import dev.ripple.cascade.store.EdgeStore;
import dev.ripple.cascade.store.EdgeStore.AccountEdges;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whom accounts follow, cached across batches (least recently used evicted past a budget of edges). The accounts a
 * batch names are checked against the stored versions (one cheap query) and reloaded only when another instance
 * changed them; accounts reached later in the batch are read through.
 */
final class EdgeCache {

    private static final AccountEdges NONE = new AccountEdges(Map.of(), 0);

    private final long maxEdges;
    private long held;
    private final LinkedHashMap<String, AccountEdges> entries = new LinkedHashMap<>(4096, 0.75f, true);

    EdgeCache(long maxEdges) {
        this.maxEdges = maxEdges;
    }

    /**
     * The current edges of these accounts: cached where the stored version still matches, else loaded. The database is
     * read outside the lock, so consumer threads do not wait for each other's queries.
     */
    Map<String, AccountEdges> current(Collection<String> accounts, EdgeStore store) {
        Map<String, AccountEdges> found = new HashMap<>();
        Map<String, Long> versions = store.versions(accounts);
        List<String> load = new ArrayList<>();
        synchronized (this) {
            for (String account : accounts) {
                AccountEdges cached = entries.get(account);
                long stored = versions.getOrDefault(account, 0L);
                if (cached != null && cached.version() == stored) {
                    found.put(account, cached);
                } else if (stored == 0) {
                    found.put(account, NONE);
                } else {
                    load.add(account);
                }
            }
        }
        if (load.isEmpty()) {
            return found;
        }
        Map<String, AccountEdges> loaded = store.load(load);
        synchronized (this) {
            for (String account : load) {
                AccountEdges edges = loaded.getOrDefault(account, NONE);
                found.put(account, edges);
                put(account, edges);
            }
            trim();
        }
        return found;
    }

    AccountEdges get(String account, EdgeStore store) {
        synchronized (this) {
            AccountEdges cached = entries.get(account);
            if (cached != null) {
                return cached;
            }
        }
        AccountEdges loaded = store.load(List.of(account)).getOrDefault(account, NONE);
        synchronized (this) {
            put(account, loaded);
            trim();
        }
        return loaded;
    }

    synchronized void putAll(Map<String, AccountEdges> committed) {
        committed.forEach(this::put);
        trim();
    }

    synchronized void evict(Collection<String> accounts) {
        for (String account : accounts) {
            AccountEdges removed = entries.remove(account);
            if (removed != null) {
                held -= 1 + removed.follows().size();
            }
        }
    }

    synchronized void clear() {
        entries.clear();
        held = 0;
    }

    private void put(String account, AccountEdges edges) {
        if (edges.version() == 0) {
            return; // nothing stored: nothing worth caching
        }
        AccountEdges previous = entries.get(account);
        if (previous != null && previous.version() > edges.version()) {
            return; // a newer version was cached meanwhile (another consumer thread)
        }
        entries.put(account, edges);
        held += 1
                + edges.follows().size()
                - (previous == null ? 0 : 1 + previous.follows().size());
    }

    private void trim() {
        var iterator = entries.entrySet().iterator();
        while (held > maxEdges && iterator.hasNext()) {
            held -= 1 + iterator.next().getValue().follows().size();
            iterator.remove();
        }
    }
}
