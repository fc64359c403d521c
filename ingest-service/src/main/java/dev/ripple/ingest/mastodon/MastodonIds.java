package dev.ripple.ingest.mastodon;

import java.util.Comparator;

/**
 * Orders Mastodon ids, which are opaque strings: longer is newer, then lexical order (the documented way; it holds for
 * Mastodon's numeric ids and for the fixed-width flake ids of Pleroma and Akkoma). Never parsed as numbers.
 */
final class MastodonIds {

    static final Comparator<String> ORDER =
            Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    private MastodonIds() {}

    static boolean newer(String candidate, String than) {
        return than == null || ORDER.compare(candidate, than) > 0;
    }

    static String max(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return ORDER.compare(a, b) >= 0 ? a : b;
    }
}
