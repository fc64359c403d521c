package dev.ripple.notify;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/** Time-ordered identifiers: UUIDv7 (RFC 9562), so that new rows land at the end of their index. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private Ids() {}

    /** A UUIDv7: 48 bits of unix milliseconds, then version, variant and 74 random bits. */
    public static UUID uuidV7(Instant now) {
        long millis = now.toEpochMilli();
        long randA = RANDOM.nextInt(1 << 12);
        long randB = RANDOM.nextLong();
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = (randB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /**
     * A webhook message id for an alert: {@code msg_} and the UUID's 128 bits in Crockford base32 (26 characters, no
     * dot, sorting like the UUID).
     */
    public static String messageId(UUID id) {
        return "msg_" + base32(id);
    }

    static String base32(UUID id) {
        char[] out = new char[26];
        long hi = id.getMostSignificantBits();
        long lo = id.getLeastSignificantBits();
        // 128 bits = 2 leading bits + 25 groups of 5 bits; read from the least significant end.
        for (int i = 25; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (lo & 0x1F)];
            lo = (lo >>> 5) | ((hi & 0x1F) << 59);
            hi = hi >>> 5;
        }
        return new String(out);
    }
}
