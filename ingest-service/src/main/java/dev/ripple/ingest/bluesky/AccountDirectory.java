package dev.ripple.ingest.bluesky;

import dev.ripple.events.Account;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this instance last learnt about Bluesky accounts (handle, follower count), so that events name accounts the
 * way people know them. Keyed by DID; bounded (least recently used entries are forgotten). An account never seen
 * with a handle is named by its DID, which is always correct if less readable. Thread-safe.
 */
public final class AccountDirectory {

    private record Known(String handle, Long followers) {}

    private final int capacity;
    private final Map<String, Known> known;

    public AccountDirectory(int capacity) {
        this.capacity = capacity;
        this.known = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                return size() > AccountDirectory.this.capacity;
            }
        };
    }

    /**
     * Records what a platform said about an account. A null handle or count keeps what was known; a handle that
     * failed verification ({@code handle.invalid}) is not remembered.
     */
    public synchronized void learn(String did, String handle, Long followers) {
        if (!Dids.isDid(did)) {
            return;
        }
        Known before = known.get(did);
        String usable = handle == null || handle.isBlank() || handle.equals("handle.invalid") ? null : handle;
        String newHandle = usable != null ? usable : before == null ? null : before.handle();
        Long newFollowers = followers != null ? followers : before == null ? null : before.followers();
        known.put(did, new Known(newHandle, newFollowers));
    }

    /** Forgets the handle (an identity event said it changed) but keeps the rest. */
    public synchronized void handleChanged(String did, String newHandle) {
        Known before = known.get(did);
        if (before != null || newHandle != null) {
            known.put(did, new Known(newHandle, before == null ? null : before.followers()));
        }
    }

    public synchronized boolean knows(String did) {
        return known.containsKey(did);
    }

    /** The account as an event names it: ref {@code bluesky:<did>}, handle {@code @<handle>} or the DID. */
    public Account account(String did) {
        Known k;
        synchronized (this) {
            k = known.get(did);
        }
        String handle = k == null || k.handle() == null ? did : "@" + k.handle();
        return new Account(Dids.ref(did), handle, k == null ? null : k.followers());
    }

    public synchronized int size() {
        return known.size();
    }
}
