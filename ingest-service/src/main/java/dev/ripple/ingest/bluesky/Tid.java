package dev.ripple.ingest.bluesky;

import java.time.Instant;
import java.util.Optional;

/**
 * Record keys of type TID: 13 characters of base32-sortable whose first 11 encode microseconds since the epoch (the
 * client's clock when the record was created; the last 2 are a clock id).
 */
public final class Tid {

    private static final String ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";

    private Tid() {}

    /** The creation time a TID record key encodes, or empty when the key is not a TID. */
    public static Optional<Instant> instant(String rkey) {
        if (rkey == null || rkey.length() != 13 || ALPHABET.indexOf(rkey.charAt(0)) > 15) {
            return Optional.empty();
        }
        long value = 0;
        for (int i = 0; i < 13; i++) {
            int digit = ALPHABET.indexOf(rkey.charAt(i));
            if (digit < 0) {
                return Optional.empty();
            }
            value = (value << 5) | digit;
        }
        long micros = value >>> 10;
        return Optional.of(Instant.EPOCH.plusNanos(micros * 1000));
    }
}
