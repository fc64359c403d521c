package dev.ripple.notify.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The API keys of the subscriptions API and the owner each one stands for. An entry is {@code owner:key} (several
 * keys may name one owner, e.g. while a key is being replaced) or a bare key, whose owner is {@code key-} and the
 * first 12 hex digits of its SHA-256. Keys are compared by their SHA-256 in constant time; the keys themselves are
 * never logged.
 */
public final class ApiKeys {

    /** Keys shorter than this are refused at start-up. */
    public static final int MIN_KEY_LENGTH = 16;

    private static final String SETTING = "ripple.notify.api-keys (RIPPLE_NOTIFY_API_KEYS)";

    private record Entry(String owner, byte[] digest) {}

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static ApiKeys parse(List<String> values) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i).strip();
            int colon = value.indexOf(':');
            String owner;
            String key;
            if (colon > 0) {
                owner = value.substring(0, colon);
                key = value.substring(colon + 1);
                if (!owner.matches("[A-Za-z0-9_.-]{1,64}")) {
                    throw new IllegalArgumentException(SETTING + " entry " + (i + 1) + ": the owner '" + owner
                            + "' must be 1-64 letters, digits, '_', '.' or '-'");
                }
            } else {
                key = value;
                owner = "key-" + HexFormat.of().formatHex(sha256(key)).substring(0, 12);
            }
            if (key.length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException(SETTING + " entry " + (i + 1) + " (owner " + owner
                        + "): a key must be at least " + MIN_KEY_LENGTH + " characters long");
            }
            entries.add(new Entry(owner, sha256(key)));
        }
        return new ApiKeys(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The owner a presented key stands for; every configured key is compared, in constant time each. */
    public Optional<String> ownerOf(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        String found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest) && found == null) {
                found = entry.owner();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
