package dev.ripple.notify.policy;

import java.util.List;

/** The feed's new state and the alerts to send, in order. */
public record Decision(FeedState state, List<Alert> alerts) {

    public Decision {
        alerts = List.copyOf(alerts);
    }
}
