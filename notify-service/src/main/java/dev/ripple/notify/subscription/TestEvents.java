package dev.ripple.notify.subscription;

import dev.ripple.notify.delivery.OperationalEvents;
import java.net.URI;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Queues a {@code webhook.test} event for a subscription, delivered and logged like any other message. */
@Component
class TestEvents {

    private final OperationalEvents events;

    TestEvents(OperationalEvents events) {
        this.events = events;
    }

    @Transactional
    String send(Subscription subscription, Instant now) {
        return events.enqueue(
                subscription.id(),
                EventTypes.TEST,
                "A test event from Ripple for " + TargetGuard.describe(URI.create(subscription.url()))
                        + ": if you can read this, your endpoint verifies Ripple's signatures.",
                now);
    }
}
