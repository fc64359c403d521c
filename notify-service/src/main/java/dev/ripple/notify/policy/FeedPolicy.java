package dev.ripple.notify.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When a subscriber hears about a feed. For a share feed: the first credited follow at once; every later change
 * gathered into a digest window placed on event time; a window whose total passed a milestone (10, 25, 50, 100, …)
 * closes as a milestone alert instead of a plain digest; once the cascade has been quiet for the quiet period, a
 * summary. For a subject feed: digests only. Alert types the subscriber does not want are never produced; the changes
 * they would have carried ride on the next alert it does receive.
 *
 * <p>A window opens at the {@code followedAt} of the change that finds none open and ends one digest window later.
 * Changes whose follow happened before the end join it. It closes when the event-time watermark reaches its end, when
 * a change at or after its end arrives, or at its wall-clock deadline (so live alerts never wait longer than the
 * window). Because windows are placed on event time, the same changes give the same alerts at any replay speed.
 *
 * <p>A pure state machine: no clock, no I/O. Callers pass the watermark and the wall-clock time and persist the
 * returned state together with the returned alerts.
 */
public final class FeedPolicy {

    /** Follows in one window that are told at once, however recent the subscriber's last alert. */
    public static final int TELL_AT_ONCE = 5;

    private final Duration quietPeriod;

    public FeedPolicy(Duration quietPeriod) {
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        if (quietPeriod.isNegative() || quietPeriod.isZero()) {
            throw new IllegalArgumentException("quietPeriod must be positive, was " + quietPeriod);
        }
        this.quietPeriod = quietPeriod;
    }

    public Duration quietPeriod() {
        return quietPeriod;
    }

    /**
     * Applies one change to a feed.
     *
     * @param watermark the event-time watermark after this change was seen (null when unknown)
     * @param wallNow the wall-clock time now
     */
    public Decision decide(
            FeedState state, StreamChange change, FeedOptions options, Instant watermark, Instant wallNow) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(wallNow, "wallNow");
        List<Alert> alerts = new ArrayList<>();

        // A window already due closes before the change is looked at, so that the outcome does not depend on whether
        // the scheduled flush happened to run first.
        Window window = state.window();
        if (window != null
                && (isDue(window, watermark, wallNow) || !change.followedAt().isBefore(window.end()))) {
            state = close(state, options, alerts, wallNow);
        }

        switch (change) {
            case Credit credit -> {
                int total = state.totalFollows() + 1;
                Instant first = min(state.firstFollowAt(), credit.followedAt());
                Instant last = max(state.lastFollowAt(), credit.followedAt());
                boolean share = !state.key().isSubjectFeed();
                state = state.withActivity(first, last, share);
                if (share && !state.firstSent() && options.wants(AlertType.FIRST)) {
                    state = state.withTotals(total, true, credit.path());
                    alerts.add(first(state, credit));
                    state = state.alerted(credit.followedAt());
                } else {
                    state = state.withTotals(total, true, share ? credit.path() : state.path());
                    state = open(state, credit.followedAt(), options, wallNow);
                    state = state.withPending(state.pending().with(credit));
                }
            }
            case Withdrawal withdrawal -> {
                // Never silent: a withdrawal always reaches the subscriber, in the window it falls into.
                int total = Math.max(0, state.totalFollows() - 1);
                state = state.withTotals(total, state.firstSent(), state.path());
                state = state.withActivity(
                        state.firstFollowAt(),
                        state.lastFollowAt(),
                        !state.key().isSubjectFeed());
                state = open(state, withdrawal.followedAt(), options, wallNow);
                state = state.withPending(state.pending().with(withdrawal));
            }
        }

        // A change that opened a window behind the watermark (a late credit) is reported at once.
        if (state.window() != null && reached(watermark, state.window().end())) {
            state = close(state, options, alerts, wallNow);
        }
        return decided(state, alerts);
    }

    /** Closes the feed's window if the watermark or the wall clock says it is due. */
    public Decision flush(FeedState state, FeedOptions options, Instant watermark, Instant wallNow) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(wallNow, "wallNow");
        Window window = state.window();
        if (window == null || !isDue(window, watermark, wallNow)) {
            return new Decision(state, List.of());
        }
        List<Alert> alerts = new ArrayList<>();
        state = close(state, options, alerts, wallNow);
        return decided(state, alerts);
    }

    /**
     * The summary of a share feed whose cascade has been quiet: closes any open window first, then sums up (when the
     * subscriber wants summaries). Nothing when nothing changed since the last summary.
     *
     * @param quietSince event time at which the cascade became quiet (its latest activity plus the quiet period)
     * @param burstFollows follows of the cascade credited to its burst only
     */
    public Decision summarize(FeedState state, FeedOptions options, Instant quietSince, int burstFollows) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(quietSince, "quietSince");
        if (!state.summaryPending() || state.key().isSubjectFeed()) {
            return new Decision(state, List.of());
        }
        List<Alert> alerts = new ArrayList<>();
        if (state.window() != null) {
            state = close(state, options, alerts, null);
        }
        if (options.wants(AlertType.SUMMARY)) {
            Pending pending = state.pending();
            String text = AlertText.summary(
                    state.sharer(),
                    state.subject(),
                    state.path(),
                    state.totalFollows(),
                    burstFollows,
                    quietPeriod,
                    state.firstFollowAt(),
                    state.lastFollowAt(),
                    pending.withdrawn());
            alerts.add(new Alert(
                    AlertType.SUMMARY,
                    state.key(),
                    state.sharer(),
                    state.subject(),
                    quietSince,
                    pending.newFollows(),
                    state.totalFollows(),
                    -pending.withdrawn(),
                    null,
                    null,
                    state.path(),
                    pending.minConfidence(),
                    pending.sample(),
                    null,
                    burstFollows,
                    state.firstFollowAt(),
                    state.lastFollowAt(),
                    List.of(),
                    text));
            state = state.withPending(Pending.NONE);
        }
        state = state.withActivity(state.firstFollowAt(), state.lastFollowAt(), false);
        return decided(state, alerts);
    }

    /** The decision, with the feed remembering when its subscriber last heard. */
    private static Decision decided(FeedState state, List<Alert> alerts) {
        for (Alert alert : alerts) {
            state = state.alerted(alert.eventTime());
        }
        return new Decision(state, alerts);
    }

    /** Whether a window must close now: event time has passed its end, or its wall-clock deadline has come. */
    public static boolean isDue(Window window, Instant watermark, Instant wallNow) {
        return reached(watermark, window.end()) || !wallNow.isBefore(window.deadline());
    }

    private static FeedState open(FeedState state, Instant at, FeedOptions options, Instant wallNow) {
        if (state.window() != null) {
            return state;
        }
        Instant end = at.plus(options.window());
        return state.withWindow(new Window(at, end, wallNow.plus(options.wallWait(options.window()))));
    }

    /**
     * Closes the open window: one alert of the right type, or none (the changes then wait for the next alert), or —
     * when it holds little and comes soon after the last alert — keeps it open until the interval is over.
     *
     * @param wallNow the wall-clock time now; null when the window must close for good (a summary)
     */
    private static FeedState close(FeedState state, FeedOptions options, List<Alert> alerts, Instant wallNow) {
        Window window = state.window();
        state = state.withWindow(null);
        Pending pending = state.pending();
        if (pending.isEmpty()) {
            return state;
        }
        // A window with little in it, closing soon after the subscriber's last alert about this feed, is held open
        // until the interval is over: a trickle of follows becomes one alert per interval, while a burst (or a
        // milestone) is still told at once.
        Instant earliest =
                state.lastAlertAt() == null ? null : state.lastAlertAt().plus(options.minInterval());
        boolean passes =
                !state.key().isSubjectFeed() && Milestones.reachedBy(state.totalFollows()) > state.lastMilestone();
        if (wallNow != null
                && earliest != null
                && window.end().isBefore(earliest)
                && pending.newFollows() < TELL_AT_ONCE
                && !passes) {
            Duration rest = Duration.between(window.end(), earliest);
            return state.withWindow(new Window(window.start(), earliest, wallNow.plus(options.wallWait(rest))));
        }
        if (state.key().isSubjectFeed()) {
            if (options.wants(AlertType.SUBJECT_DIGEST) && pending.newFollows() > 0) {
                alerts.add(subjectDigest(state, window, pending));
                return state.withPending(Pending.NONE).alerted(window.end());
            }
            return state;
        }
        int reached = Milestones.reachedBy(state.totalFollows());
        boolean passed = reached > state.lastMilestone();
        if (passed) {
            state = state.withMilestone(reached);
        }
        if (passed && options.wants(AlertType.MILESTONE)) {
            alerts.add(windowAlert(AlertType.MILESTONE, state, window, pending, reached));
            return state.withPending(Pending.NONE).alerted(window.end());
        }
        if (options.wants(AlertType.DIGEST)) {
            alerts.add(windowAlert(AlertType.DIGEST, state, window, pending, null));
            return state.withPending(Pending.NONE).alerted(window.end());
        }
        return state;
    }

    private static Alert first(FeedState state, Credit credit) {
        List<String> sample = credit.nameable() ? List.of(credit.follower().handle()) : List.of();
        String text = AlertText.first(
                state.sharer(),
                state.subject(),
                state.path(),
                credit.nameable() ? credit.follower() : null,
                credit.confidence());
        return new Alert(
                AlertType.FIRST,
                state.key(),
                state.sharer(),
                state.subject(),
                credit.followedAt(),
                1,
                state.totalFollows(),
                0,
                null,
                null,
                state.path(),
                credit.confidence(),
                sample,
                null,
                null,
                null,
                null,
                List.of(),
                text);
    }

    private static Alert windowAlert(
            AlertType type, FeedState state, Window window, Pending pending, Integer milestone) {
        String text = AlertText.digest(
                state.sharer(),
                state.subject(),
                state.path(),
                pending.newFollows(),
                pending.withdrawn(),
                state.totalFollows(),
                Duration.between(window.start(), window.end()),
                pending.sample(),
                milestone,
                pending.minConfidence());
        return new Alert(
                type,
                state.key(),
                state.sharer(),
                state.subject(),
                window.end(),
                pending.newFollows(),
                state.totalFollows(),
                -pending.withdrawn(),
                window.start(),
                window.end(),
                state.path(),
                pending.minConfidence(),
                pending.sample(),
                milestone,
                null,
                null,
                null,
                List.of(),
                text);
    }

    private static Alert subjectDigest(FeedState state, Window window, Pending pending) {
        String text = AlertText.subjectDigest(
                state.subject(),
                pending.newFollows(),
                pending.withdrawn(),
                state.totalFollows(),
                Duration.between(window.start(), window.end()),
                pending.contributors());
        return new Alert(
                AlertType.SUBJECT_DIGEST,
                state.key(),
                state.sharer(),
                state.subject(),
                window.end(),
                pending.newFollows(),
                state.totalFollows(),
                -pending.withdrawn(),
                window.start(),
                window.end(),
                List.of(),
                pending.minConfidence(),
                pending.sample(),
                null,
                null,
                null,
                null,
                pending.contributors(),
                text);
    }

    private static boolean reached(Instant watermark, Instant end) {
        return watermark != null && !watermark.isBefore(end);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
