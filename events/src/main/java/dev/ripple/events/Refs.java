package dev.ripple.events;

/** Account refs: {@code <platform>:<authority>:<id>}, e.g. {@code mastodon:example.social:sarah}, {@code bluesky:did:plc:abc}. */
public final class Refs {

    /**
     * The grammar, as a regular expression: {@code [a-z][a-z0-9-]*:[^\s:]+:\S+}, at most 512 characters. Checked by
     * hand below: every followed account of every following snapshot is checked, and the regex took 9 % of
     * cascade-service's consumer thread. {@code RefsTests} compares the two on random strings.
     */
    public static final String GRAMMAR = "[a-z][a-z0-9-]*:[^\\s:]+:\\S+";

    private Refs() {}

    public static boolean isValid(String ref) {
        if (ref == null || ref.length() > 512 || ref.isEmpty()) {
            return false;
        }
        int length = ref.length();
        char first = ref.charAt(0);
        if (first < 'a' || first > 'z') {
            return false;
        }
        int i = 1;
        // platform: [a-z0-9-]* up to the first ':'
        while (i < length && ref.charAt(i) != ':') {
            char c = ref.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
            i++;
        }
        if (i == length) {
            return false;
        }
        int authority = ++i;
        // authority: [^\s:]+ up to the next ':'
        while (i < length && ref.charAt(i) != ':') {
            if (isSpace(ref.charAt(i))) {
                return false;
            }
            i++;
        }
        if (i == authority || i == length) {
            return false;
        }
        int id = ++i;
        // id: \S+ to the end
        while (i < length) {
            if (isSpace(ref.charAt(i))) {
                return false;
            }
            i++;
        }
        return i > id;
    }

    /** {@code \s} of java.util.regex without UNICODE_CHARACTER_CLASS. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
