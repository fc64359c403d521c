package dev.ripple.ingest.replay;

import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareObserved;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code type} values of the scenario format and the event each one becomes. */
enum EventType {
    SHARE("share", ShareObserved.class),
    FOLLOW("follow", FollowObserved.class),
    FOLLOWING("following", FollowingObserved.class);

    static final String NAMES = Arrays.stream(values()).map(t -> t.wireName).collect(Collectors.joining(", "));

    final String wireName;
    final Class<? extends RippleEvent> eventClass;

    EventType(String wireName, Class<? extends RippleEvent> eventClass) {
        this.wireName = wireName;
        this.eventClass = eventClass;
    }

    static Optional<EventType> named(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    static EventType of(RippleEvent event) {
        return switch (event) {
            case ShareObserved ignored -> SHARE;
            case FollowObserved ignored -> FOLLOW;
            case FollowingObserved ignored -> FOLLOWING;
            default ->
                throw new IllegalArgumentException(
                        "not a scenario event: " + event.getClass().getSimpleName());
        };
    }
}
