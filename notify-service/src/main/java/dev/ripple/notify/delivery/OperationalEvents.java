package dev.ripple.notify.delivery;

import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.node.ObjectNode;

/** Events about a subscription itself (a test event), queued as messages in the caller's transaction. */
@Component
public class OperationalEvents {

    private final AlertOutbox outbox;

    OperationalEvents(AlertOutbox outbox) {
        this.outbox = outbox;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public String enqueue(UUID subscription, String type, String text, Instant now) {
        ObjectNode data = AlertPayload.object();
        data.put("subscriptionId", subscription.toString());
        data.put("text", text);
        return outbox.enqueueEvent(subscription, type, data, now);
    }
}
