package dev.ripple.notify.subscription;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Standard Webhooks keys: {@code whsec_} + 24 random bytes (base64) for {@code v1} (HMAC-SHA256); an Ed25519 key pair
 * for {@code v1a}: {@code whsk_} + the 32-byte private seed, {@code whpk_} + the 32-byte public key (both base64).
 */
public final class SigningKeys {

    public static final int HMAC_KEY_BYTES = 24;

    /** A stored key: its scheme and its secret ({@code whsec_…} or {@code whsk_…}). */
    public record Key(String scheme, String secret, String publicKey) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The DER prefixes of Ed25519 keys in PKCS#8 and X.509 form (RFC 8410); the raw key follows them. */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    private static final int X509_PREFIX_LENGTH = 12;

    private SigningKeys() {}

    public static Key hmac() {
        byte[] key = new byte[HMAC_KEY_BYTES];
        RANDOM.nextBytes(key);
        return new Key("v1", "whsec_" + Base64.getEncoder().encodeToString(key), null);
    }

    public static Key ed25519() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] pkcs8 = pair.getPrivate().getEncoded();
            byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
            byte[] x509 = pair.getPublic().getEncoded();
            byte[] raw = Arrays.copyOfRange(x509, X509_PREFIX_LENGTH, x509.length);
            return new Key(
                    "v1a",
                    "whsk_" + Base64.getEncoder().encodeToString(seed),
                    "whpk_" + Base64.getEncoder().encodeToString(raw));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
    }

    public static Key generate(String scheme) {
        return switch (scheme) {
            case "v1" -> hmac();
            case "v1a" -> ed25519();
            default -> throw new IllegalArgumentException("unknown signature scheme " + scheme);
        };
    }

    /** The Ed25519 private key a {@code whsk_} secret stands for. */
    public static PrivateKey ed25519Private(String secret) {
        String encoded = secret.startsWith("whsk_") ? secret.substring(5) : secret;
        byte[] seed = Base64.getDecoder().decode(encoded);
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 secret holds 32 bytes");
        }
        byte[] pkcs8 = new byte[PKCS8_PREFIX.length + 32];
        System.arraycopy(PKCS8_PREFIX, 0, pkcs8, 0, PKCS8_PREFIX.length);
        System.arraycopy(seed, 0, pkcs8, PKCS8_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read an Ed25519 key", e);
        }
    }
}
