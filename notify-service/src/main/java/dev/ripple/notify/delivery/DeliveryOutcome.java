package dev.ripple.notify.delivery;

import java.time.Instant;

/**
 * What happens to a message after an attempt.
 *
 * @param nextAttemptAt when to try again ({@link Status#PENDING} only)
 * @param disableSubscription whether the receiver asked to stop everything (410 Gone)
 */
record DeliveryOutcome(Status status, Instant nextAttemptAt, boolean disableSubscription) {

    enum Status {
        PENDING,
        DELIVERED,
        FAILED
    }

    static DeliveryOutcome delivered() {
        return new DeliveryOutcome(Status.DELIVERED, null, false);
    }

    static DeliveryOutcome retryAt(Instant at) {
        return new DeliveryOutcome(Status.PENDING, at, false);
    }

    static DeliveryOutcome failed() {
        return new DeliveryOutcome(Status.FAILED, null, false);
    }

    static DeliveryOutcome gone() {
        return new DeliveryOutcome(Status.FAILED, null, true);
    }

    /** How the attempt log names it. */
    String logOutcome() {
        return switch (status) {
            case DELIVERED -> "DELIVERED";
            case PENDING -> "RETRY";
            case FAILED -> "FAILED";
        };
    }
}
