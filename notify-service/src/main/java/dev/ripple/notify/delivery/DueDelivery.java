package dev.ripple.notify.delivery;

import java.net.URI;
import java.util.UUID;

/**
 * A claimed delivery with what it takes to send it.
 *
 * @param attempt the number of the attempt about to be made, from 1
 */
record DueDelivery(long id, int attempt, String messageId, byte[] body, UUID subscriptionId, URI url, String secret) {}
