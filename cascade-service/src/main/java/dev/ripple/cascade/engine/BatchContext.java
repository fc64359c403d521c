package dev.ripple.cascade.engine;

import dev.ripple.cascade.correlation.Edge;
import dev.ripple.cascade.correlation.FollowGraph;
import dev.ripple.cascade.correlation.Node;
import dev.ripple.cascade.store.AccountStore;
import dev.ripple.cascade.store.GraphStore;
import dev.ripple.cascade.store.ShareStore;
import dev.ripple.events.Account;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * State read for one batch: each subject's shares and each account's edges are loaded once and kept current as
 * the batch adds to them, so a batch of N events costs far fewer than N round trips.
 */
final class BatchContext {

    private final ShareStore shares;
    private final GraphStore graphStore;
    private final AccountStore accountStore;
    private final Map<String, Map<String, Node>> nodesBySubject = new HashMap<>();
    private final Map<String, Map<String, Edge>> edgesByAccount = new HashMap<>();
    private final Set<String> locked = new java.util.HashSet<>();

    final Map<String, Account> noted = new LinkedHashMap<>();
    final Set<String> touched = new LinkedHashSet<>();
    final List<CorrelationEngine.Decided> decisions = new ArrayList<>();
    final BatchResult result = new BatchResult();

    BatchContext(ShareStore shares, GraphStore graphStore, AccountStore accountStore) {
        this.shares = shares;
        this.graphStore = graphStore;
        this.accountStore = accountStore;
    }

    /**
     * The subject's placed shares, by uri; the batch adds to this map as it places shares. The first call for a
     * subject takes the subject's lock for the rest of the transaction, so work on one subject is serialised across
     * consumer threads and instances (a following snapshot, keyed by the follower, can touch any subject).
     */
    Map<String, Node> nodes(String subjectRef) {
        return nodesBySubject.computeIfAbsent(subjectRef, subject -> {
            lock(subject);
            return shares.nodesOfSubject(subject);
        });
    }

    /**
     * Locks an account until the transaction ends (once per batch). A subject is locked before its shares are read,
     * a follower before its edges are read or changed: a snapshot and a follow by the same account, processed at the
     * same time on two threads or instances, cannot both miss each other.
     */
    void lock(String ref) {
        if (locked.add(ref)) {
            shares.lockAccount(ref);
        }
    }

    void loadEdges(Collection<String> accountRefs) {
        List<String> missing = accountRefs.stream()
                .filter(ref -> !edgesByAccount.containsKey(ref))
                .toList();
        if (!missing.isEmpty()) {
            edgesByAccount.putAll(graphStore.edgesOf(missing));
        }
    }

    void forgetEdges(String accountRef) {
        edgesByAccount.remove(accountRef);
    }

    FollowGraph graph() {
        return (follower, followed) -> {
            loadEdges(Set.of(follower));
            return Optional.ofNullable(edgesByAccount.get(follower).get(followed));
        };
    }

    void note(Account account) {
        if (account != null && account.ref() != null) {
            noted.merge(
                    account.ref(),
                    account,
                    (old, fresh) -> fresh.followers() == null && old.followers() != null
                            ? new Account(fresh.ref(), fresh.handle(), old.followers())
                            : fresh);
        }
    }

    void touched(String cascadeId) {
        touched.add(cascadeId);
    }

    /** Accounts by ref: those seen in this batch, else as stored. */
    Map<String, Account> accounts(Collection<String> refs) {
        Map<String, Account> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String ref : refs) {
            Account account = noted.get(ref);
            if (account != null) {
                found.put(ref, account);
            } else {
                missing.add(ref);
            }
        }
        found.putAll(accountStore.find(missing));
        return found;
    }
}
