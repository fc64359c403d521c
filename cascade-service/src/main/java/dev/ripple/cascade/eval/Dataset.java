package dev.ripple.cascade.eval;

import dev.ripple.events.RippleEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Events in observation order, with the truth to score the correlation against. */
public record Dataset(String name, List<RippleEvent> events, Truth truth) {

    /** Several data sets as one (their ids and refs must not collide), events in time order. */
    public static Dataset concat(String name, List<Dataset> parts) {
        List<RippleEvent> events = new ArrayList<>();
        Truth truth = new Truth();
        for (Dataset part : parts) {
            events.addAll(part.events());
            truth.parents().putAll(part.truth().parents());
            truth.follows().putAll(part.truth().follows());
            truth.cascades().putAll(part.truth().cascades());
        }
        events.sort(Comparator.comparing(RippleEvent::time).thenComparing(RippleEvent::id));
        return new Dataset(name, events, truth);
    }
}
