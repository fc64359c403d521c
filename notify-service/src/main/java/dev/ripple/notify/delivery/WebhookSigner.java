package dev.ripple.notify.delivery;

import dev.ripple.notify.subscription.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures over {@code id + "." + timestamp + "." + body} (the exact body bytes sent):
 * {@code v1,<base64 HMAC-SHA256>} keyed with the base64-decoded {@code whsec_} secret, and {@code v1a,<base64 Ed25519
 * signature>} made with the {@code whsk_} private key. One signature per key, space-separated (several keys sign during
 * a rotation; a receiver accepts when any one verifies).
 */
final class WebhookSigner {

    static final String SECRET_PREFIX = "whsec_";

    private WebhookSigner() {}

    /** The {@code webhook-signature} header value for HMAC secrets only (kept for the test vectors). */
    static String sign(String messageId, long timestampSeconds, byte[] body, List<String> secrets) {
        return signWith(
                messageId,
                timestampSeconds,
                body,
                secrets.stream().map(s -> new SigningKeys.Key("v1", s, null)).toList());
    }

    /** The {@code webhook-signature} header value: one signature per key. */
    static String signWith(String messageId, long timestampSeconds, byte[] body, List<SigningKeys.Key> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key is needed to sign");
        }
        if (messageId.contains(".")) {
            throw new IllegalArgumentException("a webhook message id must not contain '.'");
        }
        byte[] prefix = (messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        StringJoiner header = new StringJoiner(" ");
        for (SigningKeys.Key key : keys) {
            switch (key.scheme()) {
                case "v1" -> header.add("v1," + base64(hmac(key(key.secret()), prefix, body)));
                case "v1a" -> header.add("v1a," + base64(ed25519(key.secret(), prefix, body)));
                default -> throw new IllegalArgumentException("unknown signature scheme " + key.scheme());
            }
        }
        return header.toString();
    }

    /** The HMAC key a secret stands for. */
    static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key = Base64.getDecoder().decode(encoded);
        if (key.length == 0) {
            throw new IllegalArgumentException("a webhook secret must not be empty");
        }
        return key;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] hmac(byte[] key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] ed25519(String secret, byte[] prefix, byte[] body) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(SigningKeys.ed25519Private(secret));
            signature.update(prefix);
            signature.update(body);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }
}
