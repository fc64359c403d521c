package dev.ripple.cascade.api;

import dev.ripple.cascade.query.CascadeFilter;
import dev.ripple.cascade.query.CascadeSort;
import dev.ripple.cascade.query.Keyset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * Opaque page cursors: {@code base64url("c1|<sort>|<query fingerprint>|<sort key>|<id>")}. Decoding is strict (every
 * field has one exact shape) and the decoded values are only ever bind parameters, so a forged cursor can at worst
 * name another position in the same list. The fingerprint ties a cursor to the filters and sort it was issued for:
 * reusing it with other filters is a 400, not a page of some other list.
 */
final class Cursor {

    private static final String VERSION = "c1";
    private static final int MAX_LENGTH = 256;

    private Cursor() {}

    static String encode(CascadeSort sort, CascadeFilter filter, Keyset keyset) {
        String key = switch (sort) {
            case RECENT -> Long.toString(micros((Instant) keyset.key()));
            case SIZE, FOLLOWS -> Integer.toString((Integer) keyset.key());
            case VIRALITY -> Long.toHexString(Double.doubleToLongBits((Double) keyset.key()));
        };
        String raw = String.join(
                "|",
                VERSION,
                sort.name(),
                fingerprint(sort, filter),
                key,
                keyset.id().toString());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor names, or a rejection recorded in {@code params}. */
    static Keyset decode(Params params, String name, String cursor, CascadeSort sort, CascadeFilter filter) {
        if (cursor == null || params.isInvalid(name)) {
            return null;
        }
        String[] fields;
        try {
            if (cursor.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            fields = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
        } catch (IllegalArgumentException e) {
            params.reject(name, "is not a cursor issued by this API");
            return null;
        }
        if (fields.length != 5 || !fields[0].equals(VERSION)) {
            params.reject(name, "is not a cursor issued by this API");
            return null;
        }
        if (sort == null || !fields[1].equals(sort.name()) || !fields[2].equals(fingerprint(sort, filter))) {
            params.reject(name, "belongs to a different query: repeat the filters and sort it was issued with");
            return null;
        }
        try {
            Object key = switch (sort) {
                case RECENT -> instant(Long.parseLong(fields[3]));
                case SIZE, FOLLOWS -> Integer.parseInt(fields[3]);
                case VIRALITY -> finite(Double.longBitsToDouble(Long.parseUnsignedLong(fields[3], 16)));
            };
            UUID id = UUID.fromString(fields[4]);
            if (!id.toString().equals(fields[4])) {
                throw new IllegalArgumentException("not canonical");
            }
            return new Keyset(key, id);
        } catch (RuntimeException e) {
            params.reject(name, "is not a cursor issued by this API");
            return null;
        }
    }

    private static String fingerprint(CascadeSort sort, CascadeFilter filter) {
        String canonical = String.join(
                "\u0000",
                sort.name(),
                Objects.toString(filter.subject(), ""),
                Objects.toString(filter.sharer(), ""),
                Objects.toString(filter.platform(), ""),
                Objects.toString(filter.from(), ""),
                Objects.toString(filter.to(), ""),
                Objects.toString(filter.minSize(), ""),
                Objects.toString(filter.minFollows(), ""));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    private static Instant instant(long micros) {
        Instant at =
                Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
        if (at.isBefore(Instant.parse("1970-01-01T00:00:00Z")) || at.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
            throw new IllegalArgumentException("out of range");
        }
        return at;
    }

    private static double finite(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not finite");
        }
        return value;
    }
}
