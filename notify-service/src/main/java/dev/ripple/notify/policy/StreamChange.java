package dev.ripple.notify.policy;

import java.time.Instant;

/** A change to a feed's count of credited follows: a new credit, or the withdrawal of an earlier one. */
public sealed interface StreamChange permits Credit, Withdrawal {

    String followId();

    Person follower();

    /** Event time of the follow: windows are placed on it, never on arrival time. */
    Instant followedAt();
}
