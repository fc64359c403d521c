package dev.ripple.notify.subscription;

import dev.ripple.notify.policy.AlertType;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/**
 * A subscription as the alert pipeline sees it: who it is, which decisions count for it, how its alerts are shaped.
 *
 * @param minConfidence decisions below it never count towards its alerts
 * @param digestWindow its digest window, in event time
 * @param alertTypes the alert types it receives
 * @param minInterval the least event time between two of its alerts about one feed
 */
public record Target(
        UUID id,
        String owner,
        double minConfidence,
        Duration digestWindow,
        Set<AlertType> alertTypes,
        Duration minInterval) {

    public Target {
        alertTypes = Set.copyOf(alertTypes);
    }
}
