package dev.ripple.notify.intake;

import dev.ripple.events.Topics;
import dev.ripple.notify.config.NotifyProperties;
import dev.ripple.notify.delivery.AlertOutbox;
import dev.ripple.notify.intake.FeedStore.QuietFeed;
import dev.ripple.notify.intake.FeedStore.StoredFeed;
import dev.ripple.notify.policy.Alert;
import dev.ripple.notify.policy.Decision;
import dev.ripple.notify.policy.FeedOptions;
import dev.ripple.notify.policy.FeedPolicy;
import dev.ripple.notify.subscription.SubscriptionStore;
import dev.ripple.notify.subscription.Target;
import dev.ripple.notify.tracing.NotifyTracing;
import io.micrometer.tracing.Span;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closes what no new credit will close: digest windows whose watermark has passed their end or whose wall-clock
 * deadline has come, and summaries of cascades quiet for the quiet period. Safe with several instances: due feeds are
 * locked with {@code SKIP LOCKED}.
 */
@Component
class WindowFlusher {

    private static final Logger log = LoggerFactory.getLogger(WindowFlusher.class);

    private static final int MAX_BATCHES_PER_POLL = 50;

    private final FeedStore feeds;
    private final FollowDecisionStore decisions;
    private final WatermarkStore watermarks;
    private final SubscriptionStore subscriptions;
    private final AlertOutbox outbox;
    private final FeedPolicy policy;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final NotifyProperties settings;
    private final int batchSize;
    private final NotifyTracing tracing;

    WindowFlusher(
            FeedStore feeds,
            FollowDecisionStore decisions,
            WatermarkStore watermarks,
            SubscriptionStore subscriptions,
            AlertOutbox outbox,
            FeedPolicy policy,
            TransactionTemplate transactions,
            Clock clock,
            NotifyProperties settings,
            NotifyTracing tracing) {
        this.feeds = feeds;
        this.decisions = decisions;
        this.watermarks = watermarks;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.policy = policy;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = settings;
        this.batchSize = settings.delivery().batchSize();
        this.tracing = tracing;
    }

    /** Stores a feed's alerts in a span that continues the trace of the feed's latest credit. */
    private void enqueue(Target target, StoredFeed feed, List<Alert> alerts, Instant now, String operation) {
        if (alerts.isEmpty()) {
            return;
        }
        Map<String, String> trace = feeds.trace(feed.id());
        Span span = tracing.continueTrace(
                trace.get(NotifyTracing.TRACEPARENT), trace.get(NotifyTracing.TRACESTATE), operation, null);
        try (var scope = tracing.inScope(span)) {
            for (Alert alert : alerts) {
                outbox.enqueue(target, feed.id(), alert, now, null);
            }
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    @Scheduled(fixedDelayString = "${ripple.notify.delivery.poll-interval}")
    void flushDue() {
        try {
            // Bounded, so one poll never runs forever; what is left waits for the next poll.
            for (int batch = 0; batch < MAX_BATCHES_PER_POLL && flushWindows() == batchSize; batch++) {
                // next batch
            }
            for (int batch = 0; batch < MAX_BATCHES_PER_POLL && summarizeQuiet() == batchSize; batch++) {
                // next batch
            }
        } catch (DataAccessException e) {
            log.warn("Could not close due digest windows ({}); will try again at the next poll", e.getMessage());
        }
    }

    /** Closes one batch of due windows in one transaction; returns how many feeds were looked at. */
    int flushWindows() {
        Integer count = transactions.execute(status -> {
            Instant now = clock.instant();
            Instant lowest = watermarks.lowest(Topics.ATTRIBUTIONS);
            List<StoredFeed> due = feeds.lockDueWindows(Topics.ATTRIBUTIONS, now, lowest, batchSize);
            Map<UUID, Optional<Target>> targets = new HashMap<>();
            for (StoredFeed feed : due) {
                Optional<Target> target = targets.computeIfAbsent(feed.subscriptionId(), subscriptions::target);
                Instant watermark = feed.state().key().isSubjectFeed()
                        ? lowest
                        : watermarks.of(Topics.ATTRIBUTIONS, feed.partition());
                FeedOptions options = options(target);
                Decision decision = policy.flush(feed.state(), options, watermark, now);
                feeds.save(feed.id(), decision.state(), now);
                if (target.isPresent()) {
                    enqueue(target.get(), feed, decision.alerts(), now, "notify flush window");
                }
            }
            return due.size();
        });
        return count == null ? 0 : count;
    }

    /** Sends one batch of summaries of quiet cascades; returns how many feeds were looked at. */
    int summarizeQuiet() {
        Integer count = transactions.execute(status -> {
            Instant now = clock.instant();
            Instant lowest = watermarks.lowest(Topics.ATTRIBUTIONS);
            List<QuietFeed> quiet = feeds.lockQuiet(now, lowest, policy.quietPeriod(), batchSize);
            Map<UUID, Optional<Target>> targets = new HashMap<>();
            Map<String, Integer> bursts = new HashMap<>();
            for (QuietFeed each : quiet) {
                StoredFeed feed = each.feed();
                Optional<Target> target = targets.computeIfAbsent(feed.subscriptionId(), subscriptions::target);
                int burst = bursts.computeIfAbsent(feed.state().key().cascadeId(), decisions::burstFollows);
                Decision decision = policy.summarize(feed.state(), options(target), each.quietSince(), burst);
                feeds.save(feed.id(), decision.state(), now);
                if (target.isPresent()) {
                    enqueue(target.get(), feed, decision.alerts(), now, "notify cascade summary");
                }
            }
            return quiet.size();
        });
        return count == null ? 0 : count;
    }

    /** The subscriber's options; a subscription gone or disabled still gets its feed closed, silently. */
    private FeedOptions options(Optional<Target> target) {
        return target.map(t -> new FeedOptions(t.digestWindow(), settings.maxWait(), t.alertTypes(), t.minInterval()))
                .orElse(new FeedOptions(settings.digestWindow(), settings.maxWait(), java.util.Set.of()));
    }
}
