package dev.ripple.notify.delivery;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * A claimed message with what it takes to send it.
 *
 * @param attempt the number of the attempt about to be made, over the message's life, from 1
 * @param cycleAttempt the number of the attempt in the current retry cycle (a redelivery or replay starts a new one)
 * @param trigger what started this cycle: {@code scheduled}, {@code redeliver} or {@code replay}
 * @param createdAt when the message was made; {@code causedAt} when the attribution that caused it was published (may
 *     be null)
 * @param traceParent the W3C trace context of what caused the message (null when none was recorded)
 */
record DueDelivery(
        UUID id,
        int attempt,
        int cycleAttempt,
        String trigger,
        String messageId,
        String type,
        byte[] body,
        UUID subscriptionId,
        URI url,
        Instant createdAt,
        Instant causedAt,
        String traceParent,
        String traceState) {

    DueDelivery(
            UUID id,
            int attempt,
            int cycleAttempt,
            String trigger,
            String messageId,
            String type,
            byte[] body,
            UUID subscriptionId,
            URI url) {
        this(id, attempt, cycleAttempt, trigger, messageId, type, body, subscriptionId, url, null, null, null, null);
    }
}
