package dev.ripple.cascade.engine;

import dev.ripple.cascade.correlation.Attribution;
import dev.ripple.cascade.correlation.CorrelationSettings;
import dev.ripple.cascade.correlation.FollowAttribution;
import dev.ripple.cascade.correlation.Node;
import dev.ripple.cascade.correlation.ParentDecision;
import dev.ripple.cascade.correlation.ParentInference;
import dev.ripple.cascade.correlation.Share;
import dev.ripple.cascade.store.AccountStore;
import dev.ripple.cascade.store.CascadeStore;
import dev.ripple.cascade.store.FollowRow;
import dev.ripple.cascade.store.FollowStore;
import dev.ripple.cascade.store.GraphStore;
import dev.ripple.cascade.store.OutboxStore;
import dev.ripple.cascade.store.ShareStore;
import dev.ripple.events.Account;
import dev.ripple.events.EngagementObserved;
import dev.ripple.events.FollowAttributed;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowedAccount;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareObserved;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies observed events to the cascades in PostgreSQL: places shares, (re-)attributes follows, and writes every
 * new or changed decision to the outbox, all in the caller's one transaction per batch. Re-delivered events are
 * recognised by their natural keys and change nothing.
 */
@Service
public class CorrelationEngine {

    private static final Logger log = LoggerFactory.getLogger(CorrelationEngine.class);

    private final ShareStore shares;
    private final FollowStore follows;
    private final GraphStore graph;
    private final CascadeStore cascades;
    private final AccountStore accounts;
    private final OutboxStore outbox;
    private final CorrelationSettings settings;
    private final ParentInference parents;
    private final FollowAttribution attribution;

    CorrelationEngine(
            ShareStore shares,
            FollowStore follows,
            GraphStore graph,
            CascadeStore cascades,
            AccountStore accounts,
            OutboxStore outbox,
            CorrelationSettings settings) {
        this.shares = shares;
        this.follows = follows;
        this.graph = graph;
        this.cascades = cascades;
        this.accounts = accounts;
        this.outbox = outbox;
        this.settings = settings;
        this.parents = new ParentInference(settings);
        this.attribution = new FollowAttribution(settings);
    }

    /** Applies a batch of events in one transaction; returns what changed. */
    @Transactional
    public BatchResult apply(List<? extends RippleEvent> events) {
        BatchContext batch = new BatchContext(shares, graph, accounts);
        for (RippleEvent event : events) {
            switch (event) {
                case ShareObserved share -> onShare(batch, share);
                case FollowObserved follow -> onFollow(batch, follow);
                case FollowingObserved following -> onFollowing(batch, following);
                case FollowAttributed ignored -> batch.result.ignored++;
                case EngagementObserved ignored -> batch.result.ignored++;
            }
        }
        finish(batch);
        return batch.result;
    }

    private void onShare(BatchContext batch, ShareObserved event) {
        batch.note(event.actor());
        batch.note(event.subject());
        event.mentions().forEach(batch::note);
        String subject = event.subject().ref();
        Map<String, Node> nodes = batch.nodes(subject);
        if (shares.exists(event.id(), subject, event.uri())) {
            batch.result.duplicates++;
            return;
        }
        Share share = new Share(
                event.id(),
                subject,
                event.uri(),
                event.kind(),
                event.actor().ref(),
                event.actor().followers(),
                event.objectUri(),
                event.mentions().stream().map(Account::ref).collect(Collectors.toSet()),
                event.viaUri(),
                event.occurredAt());
        batch.loadEdges(Set.of(share.actorRef()));
        ParentDecision decision = parents.decide(share, nodes, batch.graph());
        Node parent = decision.parentUri() == null ? null : nodes.get(decision.parentUri());
        String cascadeId;
        int depth;
        if (parent == null) {
            cascadeId = cascadeId(subject, share.uri()).toString();
            depth = 0;
            cascades.create(
                    UUID.fromString(cascadeId), subject, share.uri(), share.actorRef(), event.platform(), share.at());
        } else {
            cascadeId = parent.cascadeId();
            depth = parent.depth() + 1;
        }
        Node node = new Node(share, cascadeId, decision.parentUri(), decision.rule(), decision.confidence(), depth);
        if (!shares.insert(node, event.platform(), decision.candidates())) {
            batch.result.duplicates++;
            return;
        }
        nodes.put(node.uri(), node);
        batch.touched(cascadeId);
        batch.result.shares++;

        // A share observed late may explain follows already decided: re-decide those in its window.
        Instant until = share.at().plus(settings.followWindow());
        for (FollowRow follow : follows.ofSubjectBetween(subject, share.at(), until)) {
            decide(batch, follow, share.at());
        }
    }

    private void onFollow(BatchContext batch, FollowObserved event) {
        batch.note(event.follower());
        batch.note(event.followee());
        batch.lock(event.follower().ref());
        follows.insert(
                        event.id(),
                        event.platform(),
                        event.follower().ref(),
                        event.followee().ref(),
                        event.occurredAt(),
                        event.viaUri())
                .ifPresentOrElse(
                        follow -> {
                            batch.result.follows++;
                            decide(batch, follow, event.occurredAt());
                        },
                        () -> batch.result.duplicates++);
    }

    private void onFollowing(BatchContext batch, FollowingObserved event) {
        batch.note(event.account());
        for (FollowedAccount followed : event.follows()) {
            if (followed.handle() != null) {
                batch.note(new Account(followed.ref(), followed.handle(), null));
            }
        }
        String account = event.account().ref();
        batch.lock(account);
        if (!graph.recordSnapshot(
                event.id(), account, event.observedAt(), event.follows().size())) {
            batch.result.duplicates++;
            return;
        }
        graph.mergeEdges(account, event.follows(), event.observedAt());
        batch.forgetEdges(account);
        batch.result.snapshots++;
        // The snapshot is evidence for every follow this account made: re-decide them.
        for (FollowRow follow : follows.byFollower(account)) {
            decide(batch, follow, event.observedAt());
        }
    }

    /** Decides a follow; a decision that differs from the stored one gets the next version and is published. */
    private void decide(BatchContext batch, FollowRow follow, Instant triggeredAt) {
        batch.lock(follow.followerRef());
        Map<String, Node> nodes = batch.nodes(follow.followeeRef());
        batch.loadEdges(Set.of(follow.followerRef()));
        Attribution decision = attribution.decide(follow.follow(), nodes, batch.graph(), triggeredAt);
        if (follow.decisionVersion() > 0 && sameAsStored(follow, decision)) {
            return;
        }
        int version = follow.decisionVersion() + 1;
        follows.decide(follow, version, decision);
        if (follow.cascadeId() != null) {
            batch.touched(follow.cascadeId());
        }
        if (decision.cascadeId() != null) {
            batch.touched(decision.cascadeId());
        }
        batch.decisions.add(new Decided(follow, version, decision));
        batch.result.decisions++;
    }

    private static boolean sameAsStored(FollowRow stored, Attribution decision) {
        return stored.tier() == decision.tier()
                && java.util.Objects.equals(stored.exposureUri(), decision.exposureUri())
                && stored.creditedRefs().equals(decision.creditedRefs())
                && Math.abs(stored.confidence() - decision.confidence()) < 1e-9;
    }

    /** A follow decision made in this batch, to be published. */
    record Decided(FollowRow follow, int version, Attribution attribution) {}

    private void finish(BatchContext batch) {
        accounts.upsert(batch.noted.values());
        cascades.refreshStatistics(batch.touched.stream().map(UUID::fromString).toList());
        if (batch.decisions.isEmpty()) {
            return;
        }
        Set<String> refs = new java.util.HashSet<>();
        for (Decided decided : batch.decisions) {
            refs.add(decided.follow().followerRef());
            refs.add(decided.follow().followeeRef());
            refs.addAll(decided.follow().creditedRefs());
            decided.attribution().path().forEach(node -> refs.add(node.actorRef()));
        }
        Map<String, Account> known = batch.accounts(refs);
        List<FollowAttributed> messages = new ArrayList<>();
        for (Decided decided : batch.decisions) {
            messages.addAll(AttributionMessages.of(decided.follow(), decided.version(), decided.attribution(), known));
        }
        outbox.add(messages);
        batch.result.published += messages.size();
        if (log.isDebugEnabled()) {
            log.debug("batch: {}", batch.result);
        }
    }

    /** Cascade ids are derived from the subject and the root share, so a replay produces the same ids. */
    static UUID cascadeId(String subjectRef, String rootUri) {
        return UUID.nameUUIDFromBytes(("cascade|" + subjectRef + "|" + rootUri).getBytes(StandardCharsets.UTF_8));
    }
}
