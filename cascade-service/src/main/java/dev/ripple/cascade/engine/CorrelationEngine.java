package dev.ripple.cascade.engine;

import dev.ripple.cascade.correlation.Attribution;
import dev.ripple.cascade.correlation.Changes;
import dev.ripple.cascade.correlation.Correlator;
import dev.ripple.cascade.correlation.Edge;
import dev.ripple.cascade.correlation.FollowGraph;
import dev.ripple.cascade.correlation.InMemoryCorrelation;
import dev.ripple.cascade.correlation.Node;
import dev.ripple.cascade.correlation.SubjectState;
import dev.ripple.cascade.correlation.TrackedFollow;
import dev.ripple.cascade.correlation.TreeShape;
import dev.ripple.cascade.store.AccountStore;
import dev.ripple.cascade.store.BatchWrite;
import dev.ripple.cascade.store.ChangeWriter;
import dev.ripple.cascade.store.EdgeStore;
import dev.ripple.cascade.store.StateStore;
import dev.ripple.events.Account;
import dev.ripple.events.EngagementObserved;
import dev.ripple.events.FollowAttributed;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowedAccount;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareDeleted;
import dev.ripple.events.ShareObserved;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies a batch of observed events to the cascades, in one transaction: locks the subjects the batch touches (their
 * {@code subject_state} rows, so several instances never change one subject at once), brings their cached states up
 * to date, runs the {@link Correlator} on each event in event-time order, and writes every change — shares, follow
 * decisions, edges, cascade statistics, and the FollowAttributed messages to the outbox — with batched statements.
 * Re-delivered events are recognised (natural keys) and change nothing. If the transaction rolls back, the states
 * it touched are dropped from the cache.
 */
@Service
public class CorrelationEngine {

    private static final Logger log = LoggerFactory.getLogger(CorrelationEngine.class);

    private final Correlator correlator;
    private final StateStore states;
    private final EdgeStore edges;
    private final AccountStore accounts;
    private final ChangeWriter writer;
    private final SubjectCache cache;
    private final EdgeCache edgeCache;
    private final Duration followHorizon;
    private final Map<String, Account> knownAccounts = new LinkedHashMap<>(4096, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Account> eldest) {
            return size() > 200_000;
        }
    };

    CorrelationEngine(
            Correlator correlator,
            StateStore states,
            EdgeStore edges,
            AccountStore accounts,
            ChangeWriter writer,
            EngineSettings settings) {
        this.correlator = correlator;
        this.states = states;
        this.edges = edges;
        this.accounts = accounts;
        this.writer = writer;
        this.cache = new SubjectCache(settings.cacheEntries());
        this.edgeCache = new EdgeCache(settings.cacheEntries());
        this.followHorizon = correlator
                .settings()
                .followWindow()
                .plus(correlator.settings().lateness())
                .plusHours(1);
    }

    /** Settings of the engine around the core. */
    public record EngineSettings(long cacheEntries) {}

    /** Applies a batch (already in event-time order) in one transaction; returns what changed. */
    @Transactional
    public BatchResult apply(List<? extends RippleEvent> events) {
        return apply(events, event -> Map.of());
    }

    /**
     * Applies a batch (already in event-time order) in one transaction; returns what changed.
     *
     * @param traceOf the trace context (propagation fields such as {@code traceparent}) of each event's processing:
     *     every message a decision publishes carries the context of the event that caused that decision
     */
    @Transactional
    public BatchResult apply(List<? extends RippleEvent> events, Function<RippleEvent, Map<String, String>> traceOf) {
        Batch batch = new Batch();
        batch.prepare(events);
        for (RippleEvent event : events) {
            int mark = batch.changes.decisionMark();
            switch (event) {
                case ShareObserved share -> batch.share(share);
                case FollowObserved follow -> batch.follow(follow);
                case FollowingObserved following -> batch.following(following);
                case EngagementObserved like -> batch.engagement(like);
                case ShareDeleted deleted -> {
                    batch.deletions.add(deleted);
                    batch.result.deletions++;
                }
                default -> batch.result.ignored++;
            }
            // A decision made (or remade) while applying this event was caused by it; a later event that remakes it
            // again takes it over (an untraced one leaves it without a cause).
            List<String> decidedNow = batch.changes.decidedSince(mark);
            if (!decidedNow.isEmpty()) {
                Map<String, String> trace = traceOf.apply(event);
                for (String followId : decidedNow) {
                    if (trace == null || trace.isEmpty()) {
                        batch.causes.remove(followId);
                    } else {
                        batch.causes.put(followId, trace);
                    }
                }
            }
        }
        batch.write();
        return batch.result;
    }

    /** Drops every cached state (e.g. after partitions moved between instances). */
    public void forgetCachedState() {
        cache.clear();
        edgeCache.clear();
    }

    /** Subject states held in memory (a gauge). */
    public int cachedSubjects() {
        return cache.size();
    }

    /** Shares and follows held in those states (a gauge; bounded by the cache-entries setting). */
    public long cachedEntries() {
        return cache.held();
    }

    /** One batch's working set. */
    private final class Batch {

        final BatchResult result = new BatchResult();
        final Changes changes = new Changes();
        final Map<String, SubjectState> subjects = new HashMap<>();
        final Set<String> changedSubjects = new LinkedHashSet<>();
        final Map<String, EdgeStore.AccountEdges> edgesByAccount = new HashMap<>();
        final Map<String, EdgeStore.AccountEdges> changedEdges = new LinkedHashMap<>();
        final Map<String, Set<String>> involvement = new HashMap<>();
        final Map<String, ShareObserved> shareEvents = new HashMap<>();
        final List<ShareDeleted> deletions = new ArrayList<>();
        final Map<String, FollowObserved> followEvents = new HashMap<>();
        final Set<String> storedFollows = new HashSet<>();
        final Map<String, Account> noted = new LinkedHashMap<>();
        final List<Account> storedAccounts = new ArrayList<>();
        /** Follow id → the trace context of the event whose processing made its (latest) decision in this batch. */
        final Map<String, Map<String, String>> causes = new HashMap<>();

        final FollowGraph graph = (follower, followed) ->
                Optional.ofNullable(edgesOf(follower).follows().get(followed));

        /** Locks and loads every subject the batch touches, and what is already stored. */
        void prepare(List<? extends RippleEvent> events) {
            Set<String> touched = new HashSet<>();
            Set<String> snapshotAccounts = new HashSet<>();
            Set<String> followIds = new HashSet<>();
            Set<String> accountsUsed = new HashSet<>();
            Set<String> graphReaders = new HashSet<>();
            Instant earliestSnapshot = null;
            for (RippleEvent event : events) {
                switch (event) {
                    case ShareObserved share -> {
                        touched.add(share.subject().ref());
                        accountsUsed.add(share.actor().ref());
                        graphReaders.add(share.actor().ref());
                        involve(share.actor().ref(), share.subject().ref());
                    }
                    case FollowObserved follow -> {
                        touched.add(follow.followee().ref());
                        followIds.add(follow.id());
                        accountsUsed.add(follow.follower().ref());
                        accountsUsed.add(follow.followee().ref());
                        graphReaders.add(follow.follower().ref());
                        involve(follow.follower().ref(), follow.followee().ref());
                    }
                    case EngagementObserved like -> {
                        touched.add(like.subject().ref());
                        graphReaders.add(like.actor().ref());
                        involve(like.actor().ref(), like.subject().ref());
                    }
                    case FollowingObserved following -> {
                        snapshotAccounts.add(following.account().ref());
                        accountsUsed.add(following.account().ref());
                        if (earliestSnapshot == null || following.observedAt().isBefore(earliestSnapshot)) {
                            earliestSnapshot = following.observedAt();
                        }
                    }
                    default -> {}
                }
            }
            // First the accounts whose graphs this batch reads or rewrites, so that the involvement read below and the
            // edges read after the subject locks see what a concurrent batch on another instance committed.
            states.lockAccounts(graphReaders, snapshotAccounts);
            if (!snapshotAccounts.isEmpty()) {
                Instant since = earliestSnapshot.minus(correlator.settings().followWindow());
                states.involvement(snapshotAccounts, since).forEach((account, subjectsOf) -> {
                    involvement.computeIfAbsent(account, k -> new HashSet<>()).addAll(subjectsOf);
                });
                for (String account : snapshotAccounts) {
                    touched.addAll(involvement.getOrDefault(account, Set.of()));
                }
            }
            Map<String, Long> versions = states.lock(touched);
            List<String> stale = new ArrayList<>();
            for (String subject : touched) {
                SubjectState cached = cache.get(subject);
                long version = versions.getOrDefault(subject, 0L);
                if (cached == null || cached.version() != version) {
                    stale.add(subject);
                    SubjectState loaded = states.load(subject, version, followHorizon);
                    subjects.put(subject, loaded);
                    cache.put(loaded);
                } else {
                    subjects.put(subject, cached);
                }
            }
            result.reloaded = stale.size();
            result.subjects = touched.size();
            // If this transaction does not commit, the states it changed in memory must not be trusted.
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void beforeCommit(boolean readOnly) {
                        // Before the row locks are released: another consumer thread that takes them next finds these
                        // states, changed in place, published through the cache's lock.
                        cache.touched(subjects.values());
                    }

                    @Override
                    public void afterCompletion(int status) {
                        if (status != STATUS_COMMITTED) {
                            cache.evict(touched);
                            edgeCache.evict(changedEdges.keySet());
                        } else {
                            edgeCache.putAll(changedEdges);
                            synchronized (knownAccounts) {
                                storedAccounts.forEach(account -> knownAccounts.put(account.ref(), account));
                            }
                        }
                    }
                });
            }
            storedFollows.addAll(states.existingFollows(followIds));
            accountsUsed.addAll(touched);
            edgesByAccount.putAll(edgeCache.current(accountsUsed, edges));
        }

        private void involve(String account, String subject) {
            involvement.computeIfAbsent(account, k -> new HashSet<>()).add(subject);
        }

        EdgeStore.AccountEdges edgesOf(String account) {
            EdgeStore.AccountEdges known = edgesByAccount.get(account);
            if (known == null) {
                known = edgeCache.get(account, edges);
                edgesByAccount.put(account, known);
            }
            return known;
        }

        void share(ShareObserved event) {
            note(event.actor());
            note(event.subject());
            event.mentions().forEach(this::note);
            shareEvents.put(event.subject().ref() + "|" + event.uri(), event);
            SubjectState state = subjects.get(event.subject().ref());
            int before = changes.duplicates();
            correlator.share(state, InMemoryCorrelation.toShare(event), graph, changes);
            if (changes.duplicates() > before) {
                result.duplicates++;
            } else {
                result.shares++;
                changedSubjects.add(state.subjectRef());
            }
        }

        void follow(FollowObserved event) {
            // The follower's handle travels with the follow; only subjects and sharers go to the account table.
            note(event.followee());
            if (storedFollows.contains(event.id())) {
                result.duplicates++;
                return;
            }
            followEvents.put(event.id(), event);
            SubjectState state = subjects.get(event.followee().ref());
            int before = changes.duplicates();
            correlator.follow(
                    state,
                    InMemoryCorrelation.toFollow(event),
                    event.platform(),
                    event.follower().handle(),
                    graph,
                    changes);
            if (changes.duplicates() > before) {
                result.duplicates++;
            } else {
                result.follows++;
                changedSubjects.add(state.subjectRef());
            }
        }

        void engagement(EngagementObserved event) {
            note(event.subject());
            SubjectState state = subjects.get(event.subject().ref());
            int before = changes.duplicates();
            correlator.engagement(state, InMemoryCorrelation.toEngagement(event), graph, changes);
            if (changes.duplicates() > before) {
                result.duplicates++;
            } else {
                result.engagements++;
                changedSubjects.add(state.subjectRef());
            }
        }

        void following(FollowingObserved event) {
            String account = event.account().ref();
            EdgeStore.AccountEdges known = edgesOf(account);
            Map<String, Edge> merged = new HashMap<>(known.follows());
            boolean grew = false;
            for (FollowedAccount followed : event.follows()) {
                Edge fresh = new Edge(followed.since(), event.observedAt());
                Edge old = merged.get(followed.ref());
                Edge combined = old == null
                        ? fresh
                        : new Edge(
                                old.since() != null ? old.since() : fresh.since(),
                                old.firstObservedAt().isBefore(fresh.firstObservedAt())
                                        ? old.firstObservedAt()
                                        : fresh.firstObservedAt());
                if (!combined.equals(old)) {
                    merged.put(followed.ref(), combined);
                    grew = true;
                }
            }
            if (!grew) {
                // A snapshot that adds nothing (a re-delivery, or an unchanged list) changes nothing.
                result.duplicates++;
                return;
            }
            result.snapshots++;
            EdgeStore.AccountEdges updated = new EdgeStore.AccountEdges(merged, known.version() + 1);
            edgesByAccount.put(account, updated);
            changedEdges.put(account, updated);
            for (String subject : involvement.getOrDefault(account, Set.of())) {
                SubjectState state = subjects.get(subject);
                if (state != null) {
                    correlator.evidence(state, account, event.observedAt(), graph, changes);
                    changedSubjects.add(subject);
                }
            }
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

        void write() {
            List<BatchWrite.PlacedShare> placed = new ArrayList<>();
            for (Node node : changes.placed()) {
                ShareObserved event = shareEvents.get(node.share().subjectRef() + "|" + node.uri());
                placed.add(new BatchWrite.PlacedShare(
                        node,
                        event == null ? "unknown" : event.platform(),
                        event == null ? null : event.actor().handle()));
            }
            List<BatchWrite.FollowWrite> follows = new ArrayList<>();
            List<FollowAttributed> messages = new ArrayList<>();
            Set<String> refs = new HashSet<>();
            for (Changes.Decided decided : changes.decided()) {
                TrackedFollow follow = decided.follow();
                if (follow.followerHandle() == null) {
                    // Followers are not in the account table; the follow carries the handle it arrived with.
                    refs.add(follow.follow().followerRef());
                }
                refs.add(follow.follow().subjectRef());
                refs.addAll(follow.decision().creditedRefs());
                if (decided.previous() != null) {
                    refs.addAll(decided.previous().creditedRefs());
                }
                follow.decision().path().forEach(node -> refs.add(node.actorRef()));
            }
            Map<String, Account> known = accountsFor(refs);
            Map<String, Map<String, String>> traces = new HashMap<>();
            for (Changes.Decided decided : changes.decided()) {
                TrackedFollow follow = decided.follow();
                FollowObserved event = followEvents.get(follow.id());
                boolean insert = event != null && decided.previous() == null;
                follows.add(new BatchWrite.FollowWrite(
                        follow, insert, event == null ? null : event.follower().handle(), decided.previous()));
                List<FollowAttributed> published = AttributionMessages.of(follow, decided.previous(), known);
                messages.addAll(published);
                Map<String, String> cause = causes.get(follow.id());
                if (cause != null) {
                    published.forEach(message -> traces.put(message.id(), cause));
                }
                result.decisionsByTier.merge(follow.decision().tier().name(), 1, Integer::sum);
            }
            List<BatchWrite.CascadeWrite> cascades = cascadeWrites();
            for (String subject : changedSubjects) {
                SubjectState state = subjects.get(subject);
                state.version(state.version() + 1);
            }
            List<SubjectState> versioned =
                    changedSubjects.stream().map(subjects::get).toList();
            for (SubjectState state : versioned) {
                if (state.watermark() != null) {
                    state.forgetFollowsBefore(state.watermark().minus(followHorizon));
                }
            }
            writer.write(new BatchWrite(
                    placed,
                    changes.moved(),
                    follows,
                    changes.engagements(),
                    deletions,
                    changedEdges,
                    versioned,
                    changes.mergedCascades(),
                    cascades,
                    messages,
                    accountsToStore(),
                    correlator.calibration().version(),
                    traces));
            result.decisions = changes.decided().size();
            result.published = messages.size();
            result.moved = changes.moved().size();
        }

        /** Each touched cascade's new shape (from the subject's nodes) and its follow counter changes. */
        private List<BatchWrite.CascadeWrite> cascadeWrites() {
            Map<String, SubjectState> owners = new HashMap<>();
            for (SubjectState state : subjects.values()) {
                for (Node node : state.nodes()) {
                    if (changes.touchedCascades().contains(node.cascadeId())) {
                        owners.putIfAbsent(node.cascadeId(), state);
                    }
                }
            }
            Map<String, int[]> deltas = new HashMap<>();
            Map<String, Instant> firstFollow = new HashMap<>();
            Map<String, Instant> lastActivity = new HashMap<>();
            for (Changes.Decided decided : changes.decided()) {
                count(deltas, decided.previous(), -1);
                Attribution now = decided.follow().decision();
                count(deltas, now, +1);
                if (now.cascadeId() != null && !now.creditedRefs().isEmpty()) {
                    Instant at = decided.follow().follow().at();
                    firstFollow.merge(now.cascadeId(), at, (a, b) -> a.isBefore(b) ? a : b);
                    lastActivity.merge(now.cascadeId(), at, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            Map<String, Node> newRoots = new HashMap<>();
            for (Node node : changes.placed()) {
                lastActivity.merge(node.cascadeId(), node.at(), (a, b) -> a.isAfter(b) ? a : b);
                if (node.parentUri() == null) {
                    newRoots.put(node.cascadeId(), node);
                }
            }
            List<BatchWrite.CascadeWrite> writes = new ArrayList<>();
            for (String cascadeId : changes.touchedCascades()) {
                SubjectState owner = owners.get(cascadeId);
                List<TreeShape.Link> links = new ArrayList<>();
                if (owner != null) {
                    for (Node node : owner.nodes()) {
                        if (node.cascadeId().equals(cascadeId)) {
                            links.add(new TreeShape.Link(node.uri(), node.parentUri()));
                        }
                    }
                }
                TreeShape shape = TreeShape.of(links);
                int[] delta = deltas.getOrDefault(cascadeId, new int[3]);
                Node root = newRoots.get(cascadeId);
                ShareObserved rootEvent =
                        root == null ? null : shareEvents.get(root.share().subjectRef() + "|" + root.uri());
                writes.add(new BatchWrite.CascadeWrite(
                        cascadeId,
                        owner == null ? null : owner.subjectRef(),
                        root,
                        rootEvent == null ? "unknown" : rootEvent.platform(),
                        shape.size(),
                        shape.depth(),
                        shape.maxBreadth(),
                        shape.structuralVirality(),
                        delta[0],
                        delta[1],
                        delta[2],
                        firstFollow.get(cascadeId),
                        lastActivity.get(cascadeId)));
            }
            writes.sort(java.util.Comparator.comparing(BatchWrite.CascadeWrite::id));
            return writes;
        }

        private static void count(Map<String, int[]> deltas, Attribution decision, int sign) {
            if (decision == null
                    || decision.cascadeId() == null
                    || decision.creditedRefs().isEmpty()) {
                return;
            }
            int[] delta = deltas.computeIfAbsent(decision.cascadeId(), k -> new int[3]);
            delta[0] += sign;
            boolean direct = decision.exposure() != null && decision.exposure().parentUri() == null;
            delta[direct ? 1 : 2] += sign;
        }

        private Map<String, Account> accountsFor(Set<String> refs) {
            Map<String, Account> found = new HashMap<>();
            List<String> missing = new ArrayList<>();
            for (String ref : refs) {
                Account account = noted.get(ref);
                if (account == null) {
                    synchronized (knownAccounts) {
                        account = knownAccounts.get(ref);
                    }
                }
                if (account != null) {
                    found.put(ref, account);
                } else {
                    missing.add(ref);
                }
            }
            found.putAll(accounts.find(missing));
            return found;
        }

        /** Accounts seen in this batch that are new or changed since last stored. */
        private Collection<Account> accountsToStore() {
            List<Account> changed = new ArrayList<>();
            synchronized (knownAccounts) {
                for (Account account : noted.values()) {
                    Account previous = knownAccounts.get(account.ref());
                    if (previous == null
                            || !previous.handle().equals(account.handle())
                            || (account.followers() != null
                                    && !account.followers().equals(previous.followers()))) {
                        changed.add(account);
                        knownAccounts.put(account.ref(), account);
                    }
                }
            }
            // Remembered as stored only once the transaction commits.
            storedAccounts.addAll(changed);
            return changed;
        }
    }
}
