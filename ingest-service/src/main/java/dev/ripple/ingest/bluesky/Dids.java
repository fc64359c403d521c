package dev.ripple.ingest.bluesky;

import java.util.regex.Pattern;

/** DIDs and the account refs Ripple derives from them ({@code bluesky:<did>}: handles change, DIDs do not). */
public final class Dids {

    private static final Pattern DID = Pattern.compile("did:(plc:[a-z2-7]{24}|web:[A-Za-z0-9.%:-]+)");

    private Dids() {}

    public static boolean isDid(String value) {
        return value != null && value.length() <= 2048 && DID.matcher(value).matches();
    }

    public static String ref(String did) {
        return "bluesky:" + did;
    }
}
