package dev.ripple.notify.subscription;

import java.security.SecureRandom;
import java.util.Base64;

/** Standard Webhooks symmetric secrets: 24 random bytes, base64, prefixed {@code whsec_}. */
final class WebhookSecrets {

    static final int KEY_BYTES = 24;

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {}

    static String generate() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
