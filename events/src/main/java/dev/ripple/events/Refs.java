package dev.ripple.events;

import java.util.regex.Pattern;

/** Account refs: {@code <platform>:<authority>:<id>}, e.g. {@code mastodon:example.social:sarah}, {@code bluesky:did:plc:abc}. */
public final class Refs {

    private static final Pattern REF = Pattern.compile("[a-z][a-z0-9-]*:[^\\s:]+:\\S+");

    private Refs() {}

    public static boolean isValid(String ref) {
        return ref != null && ref.length() <= 512 && REF.matcher(ref).matches();
    }
}
