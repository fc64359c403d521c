package dev.ripple.notify.intake;

import dev.ripple.events.Account;
import dev.ripple.events.AttributionTier;
import dev.ripple.events.FollowAttributed;
import dev.ripple.events.PathStep;
import dev.ripple.events.Topics;
import dev.ripple.notify.config.NotifyProperties;
import dev.ripple.notify.delivery.AlertOutbox;
import dev.ripple.notify.intake.FeedStore.StoredFeed;
import dev.ripple.notify.intake.FollowDecisionStore.FollowDecision;
import dev.ripple.notify.policy.Alert;
import dev.ripple.notify.policy.Credit;
import dev.ripple.notify.policy.Decision;
import dev.ripple.notify.policy.FeedOptions;
import dev.ripple.notify.policy.FeedPolicy;
import dev.ripple.notify.policy.Person;
import dev.ripple.notify.policy.StreamChange;
import dev.ripple.notify.policy.StreamKey;
import dev.ripple.notify.policy.Withdrawal;
import dev.ripple.notify.subscription.SubscriptionStore;
import dev.ripple.notify.subscription.Target;
import dev.ripple.notify.tracing.NotifyTracing;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies one attribution decision in one transaction: the watermark, the cascade's activity, the follow's newest
 * decision, the credit log, the feeds of every matching subscription (each with its own confidence threshold, window
 * and alert types), and the alerts those feeds produce as outbox messages. Either all of it is stored or none.
 */
@Service
class AttributionHandler {

    private static final Logger log = LoggerFactory.getLogger(AttributionHandler.class);

    /** Tiers that credit an individual sharer (F1–F3). Starter packs (F0) and bursts (F4) never do. */
    static final Set<AttributionTier> INDIVIDUAL =
            EnumSet.of(AttributionTier.ENGAGED, AttributionTier.MENTIONED, AttributionTier.GRAPH_EXPOSED);

    private final WatermarkStore watermarks;
    private final CreditStore credits;
    private final FollowDecisionStore decisions;
    private final FeedStore feeds;
    private final SubscriptionStore subscriptions;
    private final AlertOutbox outbox;
    private final FeedPolicy policy;
    private final NotifyProperties settings;
    private final FollowVisibility visibility;
    private final Clock clock;
    private final NotifyTracing tracing;

    AttributionHandler(
            WatermarkStore watermarks,
            CreditStore credits,
            FollowDecisionStore decisions,
            FeedStore feeds,
            SubscriptionStore subscriptions,
            AlertOutbox outbox,
            FeedPolicy policy,
            NotifyProperties settings,
            FollowVisibility visibility,
            Clock clock,
            NotifyTracing tracing) {
        this.watermarks = watermarks;
        this.credits = credits;
        this.decisions = decisions;
        this.feeds = feeds;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.policy = policy;
        this.settings = settings;
        this.visibility = visibility;
        this.clock = clock;
        this.tracing = tracing;
    }

    /** @see #handle(FollowAttributed, int, Instant) */
    @Transactional
    public void handle(FollowAttributed event, int partition) {
        handle(event, partition, null);
    }

    /**
     * @param event a valid decision (see {@link AttributionsConsumer#check})
     * @param partition the partition of {@link Topics#ATTRIBUTIONS} it was read from
     * @param publishedAt when the record was published to Kafka (its timestamp), for the latency figures; may be null
     */
    @Transactional
    public void handle(FollowAttributed event, int partition, Instant publishedAt) {
        Instant now = clock.instant();
        Instant watermark = watermarks.advance(Topics.ATTRIBUTIONS, partition, event.followedAt(), now);
        if (event.cascadeId() != null) {
            decisions.touchCascade(event.cascadeId(), event.subject().ref(), event.followedAt(), now);
        }
        applyToFollow(event, partition, watermark, now, publishedAt);
        if (event.sharer() == null) {
            log.debug("Attribution {} credits no sharer; nothing to alert a sharer about", event.id());
            return;
        }
        Account sharer = event.sharer();
        Optional<Integer> stored = credits.lockVersion(event.followId(), sharer.ref());
        if (stored.isPresent() && event.decisionVersion() <= stored.get()) {
            log.debug("Attribution {} is not newer than what is stored; ignored", event.id());
            return;
        }
        boolean individual = event.credited() && INDIVIDUAL.contains(event.tier()) && event.cascadeId() != null;
        StreamKey key = event.cascadeId() == null
                ? new StreamKey(sharer.ref(), event.subject().ref(), "")
                : new StreamKey(sharer.ref(), event.subject().ref(), event.cascadeId());
        Person follower = person(event.follower());
        for (Target target :
                subscriptions.shareTargets(sharer.ref(), event.subject().ref())) {
            Optional<Long> counted = feeds.countedIn(target.id(), key, event.followId());
            boolean counts = individual && event.confidence() >= target.minConfidence();
            Optional<Long> here = Optional.empty();
            if (counted.isPresent()) {
                StoredFeed before = feeds.lock(counted.get());
                boolean sameFeed = before.state().key().equals(key);
                if (counts && sameFeed) {
                    continue; // still counted where it was: a newer version with the same outcome
                }
                feeds.uncount(before.id(), event.followId());
                apply(
                        target,
                        before,
                        new Withdrawal(event.followId(), follower, event.followedAt()),
                        event,
                        watermark,
                        now,
                        publishedAt);
            }
            if (counts) {
                StoredFeed feed =
                        feeds.lockOrCreate(target.id(), key, person(sharer), person(event.subject()), partition, now);
                feeds.count(feed.id(), event.followId());
                apply(target, feed, credit(event), event, watermark, now, publishedAt);
            }
        }
        credits.record(event, now);
    }

    /**
     * Keeps the follow's newest decision as a whole, and feeds the subject digests when it changes whether (and how
     * confidently) the follow is attributed. Every message of one version says the same about the follow, so only the
     * first message of a newer version does anything here.
     */
    private void applyToFollow(
            FollowAttributed event, int partition, Instant watermark, Instant now, Instant publishedAt) {
        Optional<FollowDecision> prior = decisions.lock(event.followId());
        if (prior.isPresent() && event.decisionVersion() <= prior.get().version()) {
            return;
        }
        boolean attributed =
                !event.creditedSharers().isEmpty() && INDIVIDUAL.contains(event.tier()) && event.cascadeId() != null;
        Account exposer = exposer(event);
        FollowDecision next = new FollowDecision(
                event.decisionVersion(),
                event.subject().ref(),
                event.cascadeId(),
                attributed,
                event.tier() == AttributionTier.BURST && event.cascadeId() != null,
                event.confidence(),
                exposer == null ? null : exposer.ref(),
                exposer == null ? null : exposer.handle(),
                event.follower().handle(),
                event.followedAt());
        decisions.save(event.followId(), next, now);

        StreamKey key = StreamKey.subject(event.subject().ref());
        Person subject = person(event.subject());
        Person follower = person(event.follower());
        for (Target target : subscriptions.subjectTargets(event.subject().ref())) {
            Optional<Long> counted = feeds.countedIn(target.id(), key, event.followId());
            boolean counts = attributed && event.confidence() >= target.minConfidence();
            if (counted.isPresent() && !counts) {
                StoredFeed feed = feeds.lock(counted.get());
                feeds.uncount(feed.id(), event.followId());
                apply(
                        target,
                        feed,
                        new Withdrawal(event.followId(), follower, event.followedAt()),
                        event,
                        watermark,
                        now,
                        publishedAt);
            } else if (counted.isEmpty() && counts) {
                // Subject feeds span every partition: the lowest watermark closes their windows (-1 marks that).
                StoredFeed feed = feeds.lockOrCreate(target.id(), key, new Person("", ""), subject, -1, now);
                feeds.count(feed.id(), event.followId());
                Credit credit = new Credit(
                        event.followId(),
                        follower,
                        event.followedAt(),
                        event.confidence(),
                        List.of(),
                        visibility.nameable(event),
                        exposer == null ? null : person(exposer));
                apply(target, feed, credit, event, null, now, publishedAt);
            }
        }
    }

    private void apply(
            Target target,
            StoredFeed stored,
            StreamChange change,
            FollowAttributed event,
            Instant watermark,
            Instant now,
            Instant publishedAt) {
        var state = stored.state();
        // Alerts name people by their latest handles.
        if (!state.key().isSubjectFeed()
                && event.sharer() != null
                && state.key().sharerRef().equals(event.sharer().ref())
                && state.key().subjectRef().equals(event.subject().ref())) {
            state = state.withPeople(person(event.sharer()), person(event.subject()));
        }
        Decision decision = policy.decide(state, change, options(target), watermark, now);
        // The feed remembers the trace of its latest credit: alerts the window flusher makes later continue it.
        feeds.save(stored.id(), decision.state(), now, tracing.current());
        for (Alert alert : decision.alerts()) {
            outbox.enqueue(target, stored.id(), alert, now, publishedAt);
        }
    }

    FeedOptions options(Target target) {
        return new FeedOptions(target.digestWindow(), settings.maxWait(), target.alertTypes(), target.minInterval());
    }

    private Credit credit(FollowAttributed event) {
        List<String> path = event.path().stream()
                .map(PathStep::actor)
                .filter(Objects::nonNull)
                .map(Account::handle)
                .filter(Objects::nonNull)
                .toList();
        Account exposer = exposer(event);
        return new Credit(
                event.followId(),
                person(event.follower()),
                event.followedAt(),
                event.confidence(),
                path,
                visibility.nameable(event),
                exposer == null ? null : person(exposer));
    }

    /** Whose share exposed the follower: the exposure's actor, else the last step of the path. */
    private static Account exposer(FollowAttributed event) {
        if (event.exposure() != null && event.exposure().actor() != null) {
            return event.exposure().actor();
        }
        return event.path().isEmpty() ? null : event.path().getLast().actor();
    }

    private static Person person(Account account) {
        return new Person(account.ref(), account.handle());
    }
}
