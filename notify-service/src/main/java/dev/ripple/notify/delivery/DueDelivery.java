package dev.ripple.notify.delivery;

import java.net.URI;
import java.util.UUID;

/**
 * A claimed message with what it takes to send it.
 *
 * @param attempt the number of the attempt about to be made, over the message's life, from 1
 * @param cycleAttempt the number of the attempt in the current retry cycle (a redelivery or replay starts a new one)
 * @param trigger what started this cycle: {@code scheduled}, {@code redeliver} or {@code replay}
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
        URI url) {}
