package dev.ripple.ingest.jetstream;

import java.util.Set;

/**
 * Cheap looks into a raw Jetstream v1 frame, before (and mostly instead of) parsing it: the whole network's stream
 * passes through here, and only the few frames that name a watched DID are worth a JSON parse. Every record that
 * concerns an account names its DID somewhere (the repo, a strongRef's {@code at://<did>/…}, a follow's subject, a
 * mention facet), so a frame without a watched DID cannot concern one.
 */
final class Frames {

    private Frames() {}

    /** The frame's {@code time_us}, or -1 when it has none. */
    static long timeUs(String frame) {
        int at = frame.indexOf("\"time_us\":");
        if (at < 0) {
            return -1;
        }
        int i = at + 10;
        int length = frame.length();
        while (i < length && frame.charAt(i) == ' ') {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < length) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            digits++;
            i++;
        }
        return digits == 0 || digits > 18 ? -1 : value;
    }

    /** True when some DID the frame names (as {@code did:…} up to a quote or slash) is in the set. */
    static boolean namesAny(String frame, Set<String> dids) {
        if (dids.isEmpty()) {
            return false;
        }
        int from = 0;
        while (true) {
            int at = frame.indexOf("did:", from);
            if (at < 0) {
                return false;
            }
            int end = at + 4;
            int length = frame.length();
            while (end < length) {
                char c = frame.charAt(end);
                if (c == '"' || c == '/' || c == '\\' || c == '#' || c == '?' || c == ' ') {
                    break;
                }
                end++;
            }
            if (dids.contains(frame.substring(at, end))) {
                return true;
            }
            from = end;
        }
    }

    /** The string value of the first {@code "name": "value"} in the frame (read up to the next quote), or null. */
    static String field(String frame, String name) {
        String key = "\"" + name + "\":";
        int at = frame.indexOf(key);
        if (at < 0) {
            return null;
        }
        int start = at + key.length();
        while (start < frame.length() && frame.charAt(start) == ' ') {
            start++;
        }
        if (start >= frame.length() || frame.charAt(start) != '"') {
            return null;
        }
        int end = frame.indexOf('"', start + 1);
        return end < 0 ? null : frame.substring(start + 1, end);
    }

    static boolean isDelete(String frame) {
        return frame.contains("\"operation\"") && "delete".equals(field(frame, "operation"));
    }

    static boolean isIdentity(String frame) {
        return "identity".equals(field(frame, "kind"));
    }
}
