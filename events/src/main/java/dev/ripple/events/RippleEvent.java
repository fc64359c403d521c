package dev.ripple.events;

import java.time.Instant;
import java.util.List;

/** What every event on Ripple's topics has: an id, a time, and the partition key that correlates it. */
public sealed interface RippleEvent
        permits ShareObserved, ShareDeleted, FollowObserved, FollowingObserved, FollowAttributed, EngagementObserved {

    /** Unique per event; the same id seen twice is the same event. */
    String id();

    /** The Kafka record key: the account whose events must be seen in order by one consumer. */
    String key();

    /** When it happened (event time), used for {@code ce_time}. */
    Instant time();

    /** Every problem with this event, each naming the field; empty when the event is valid. */
    List<String> problems();
}
