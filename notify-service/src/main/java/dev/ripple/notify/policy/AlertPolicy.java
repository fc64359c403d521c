package dev.ripple.notify.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When a sharer hears about follows: the first credited follow of a stream at once, every later change gathered into
 * a digest window placed on event time.
 *
 * <p>A window opens at the {@code followedAt} of the change that finds none open and ends {@code digestWindow}
 * later. Changes whose follow happened before the end join it. It closes, as one digest alert, when the event-time
 * watermark reaches its end, when a change at or after its end arrives, or when it has been open for {@code maxWait}
 * of wall-clock time (so a quiet stream still hears promptly). Because windows are placed on event time, the same
 * changes give the same alerts whether they arrive all at once or spread over real time.
 *
 * <p>A pure state machine: no clock, no I/O. Callers pass the watermark and the wall-clock time and persist the
 * returned state together with the returned alerts.
 */
public final class AlertPolicy {

    private final Duration digestWindow;
    private final Duration maxWait;

    public AlertPolicy(Duration digestWindow, Duration maxWait) {
        this.digestWindow = requirePositive(digestWindow, "digestWindow");
        this.maxWait = requirePositive(maxWait, "maxWait");
    }

    public Duration digestWindow() {
        return digestWindow;
    }

    public Duration maxWait() {
        return maxWait;
    }

    /**
     * Applies one change to a stream.
     *
     * @param watermark the event-time watermark after this change was seen (null when unknown)
     * @param wallNow the wall-clock time now
     */
    public Decision decide(StreamState state, StreamChange change, Instant watermark, Instant wallNow) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(wallNow, "wallNow");
        List<Alert> alerts = new ArrayList<>();

        // A window that is already due closes before the change is looked at, so that the outcome does not depend
        // on whether the scheduled flush happened to run first.
        DigestWindow window = state.window();
        if (window != null
                && (isDue(window, watermark, wallNow) || !change.followedAt().isBefore(window.end()))) {
            alerts.add(digest(state, window));
            state = state.with(state.totalFollows(), state.firstSent(), null, state.path());
            window = null;
        }

        switch (change) {
            case Credit credit -> {
                int total = state.totalFollows() + 1;
                if (!state.firstSent()) {
                    state = state.with(total, true, null, credit.path());
                    alerts.add(first(state, credit));
                } else {
                    DigestWindow open = window != null ? window : openAt(credit.followedAt(), wallNow);
                    state = state.with(total, true, open.with(credit), credit.path());
                }
            }
            case Withdrawal withdrawal -> {
                // Never silent: a withdrawal always reaches the sharer, in the window it falls into.
                int total = Math.max(0, state.totalFollows() - 1);
                DigestWindow open = window != null ? window : openAt(withdrawal.followedAt(), wallNow);
                state = state.with(total, state.firstSent(), open.with(withdrawal), state.path());
            }
        }

        // A change that opened a window behind the watermark (a late credit) is reported at once.
        if (state.window() != null && reached(watermark, state.window().end())) {
            alerts.add(digest(state, state.window()));
            state = state.with(state.totalFollows(), state.firstSent(), null, state.path());
        }
        return new Decision(state, alerts);
    }

    /** Closes the stream's window if the watermark or the wall clock says it is due. */
    public Decision flush(StreamState state, Instant watermark, Instant wallNow) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(wallNow, "wallNow");
        DigestWindow window = state.window();
        if (window == null || !isDue(window, watermark, wallNow)) {
            return new Decision(state, List.of());
        }
        Alert alert = digest(state, window);
        return new Decision(state.with(state.totalFollows(), state.firstSent(), null, state.path()), List.of(alert));
    }

    /** Whether a window must close now: event time has passed its end, or it has waited long enough. */
    public boolean isDue(DigestWindow window, Instant watermark, Instant wallNow) {
        return reached(watermark, window.end())
                || !wallNow.isBefore(window.openedAt().plus(maxWait));
    }

    private DigestWindow openAt(Instant eventTime, Instant wallNow) {
        return DigestWindow.open(eventTime, eventTime.plus(digestWindow), wallNow);
    }

    private static boolean reached(Instant watermark, Instant end) {
        return watermark != null && !watermark.isBefore(end);
    }

    private static Alert first(StreamState state, Credit credit) {
        List<String> sample = List.of(credit.follower().handle());
        String text = AlertText.first(state.sharer(), state.subject(), state.path(), credit.follower());
        return new Alert(
                state.key(),
                state.sharer(),
                state.subject(),
                AlertReason.FIRST,
                credit.followedAt(),
                1,
                state.totalFollows(),
                0,
                null,
                null,
                state.path(),
                credit.confidence(),
                sample,
                text);
    }

    private static Alert digest(StreamState state, DigestWindow window) {
        String text = AlertText.digest(
                state.sharer(),
                state.subject(),
                state.path(),
                window.newFollows(),
                window.withdrawals(),
                state.totalFollows(),
                Duration.between(window.start(), window.end()),
                window.sampleFollowers());
        return new Alert(
                state.key(),
                state.sharer(),
                state.subject(),
                AlertReason.DIGEST,
                window.end(),
                window.newFollows(),
                state.totalFollows(),
                -window.withdrawals(),
                window.start(),
                window.end(),
                state.path(),
                window.minConfidence(),
                window.sampleFollowers(),
                text);
    }

    private static Duration requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }
}
