package dev.ripple.ingest.mastodon;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 8288 {@code Link} headers, read tolerantly: Mastodon's own examples lack a {@code rel} or end with a stray
 * {@code ;}, relations may be quoted or not, and several headers may be sent. Each {@code <url>} takes the relations
 * named in its parameters; unreadable parts are ignored. Pages are only ever followed through these links: their
 * cursor values are internal ids a client can never construct.
 */
final class LinkHeader {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>([^<]*)");
    private static final Pattern REL = Pattern.compile("(?i)\\brel\\s*=\\s*(\"([^\"]*)\"|([^;,\\s]+))");

    private final Map<String, URI> byRel;

    private LinkHeader(Map<String, URI> byRel) {
        this.byRel = Map.copyOf(byRel);
    }

    static LinkHeader parse(List<String> values) {
        Map<String, URI> byRel = new HashMap<>();
        for (String value : values) {
            if (value == null) {
                continue;
            }
            Matcher link = LINK.matcher(value);
            while (link.find()) {
                URI target;
                try {
                    target = URI.create(link.group(1).strip());
                } catch (IllegalArgumentException notAUri) {
                    continue;
                }
                Matcher rel = REL.matcher(link.group(2));
                while (rel.find()) {
                    String names = rel.group(2) != null ? rel.group(2) : rel.group(3);
                    for (String name : names.strip().split("\\s+")) {
                        if (!name.isEmpty()) {
                            byRel.putIfAbsent(name.toLowerCase(Locale.ROOT), target);
                        }
                    }
                }
            }
        }
        return new LinkHeader(byRel);
    }

    /** Older items ({@code rel="next"}). */
    Optional<URI> next() {
        return Optional.ofNullable(byRel.get("next"));
    }

    /** Newer items ({@code rel="prev"}). */
    Optional<URI> prev() {
        return Optional.ofNullable(byRel.get("prev"));
    }

    /** The value of a query parameter of a link, e.g. the {@code max_id} of {@code next}. */
    static Optional<String> queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (java.net.URLDecoder.decode(key, java.nio.charset.StandardCharsets.UTF_8)
                    .equals(name)) {
                return Optional.of(
                        eq < 0
                                ? ""
                                : java.net.URLDecoder.decode(
                                        pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
