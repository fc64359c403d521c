package dev.ripple.notify.delivery;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One signed attempt, ready to send.
 *
 * @param headers header names (lower case) and values, signature included
 * @param body the exact bytes that were signed
 */
public record WebhookRequest(URI url, Map<String, String> headers, byte[] body) {

    public WebhookRequest {
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }
}
