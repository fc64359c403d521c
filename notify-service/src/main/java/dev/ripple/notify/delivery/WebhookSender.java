package dev.ripple.notify.delivery;

/**
 * Sends one signed webhook request. Implementations never follow redirects, bound the connect and response times, and
 * report failures in the result rather than throwing.
 */
public interface WebhookSender {

    SendResult send(WebhookRequest request);
}
