package dev.ripple.ingest.mastodon;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP GET against a Mastodon instance, whatever the status: the source reads statuses, headers and bodies itself.
 * Implemented with Micronaut's HTTP client in {@code mastodon.client}; tests may use any real server.
 */
public interface MastodonHttp {

    /**
     * @param bearerToken the access token, or null for an unauthenticated call
     * @throws TransportException when no response arrived (connection refused, reset, timed out)
     */
    Response get(URI uri, String bearerToken) throws TransportException;

    /** A response; header names are case-insensitive. */
    record Response(int status, Map<String, List<String>> headers, String body) {

        public Response {
            Map<String, List<String>> insensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach((name, values) -> insensitive.merge(name, List.copyOf(values), (a, b) -> {
                List<String> all = new java.util.ArrayList<>(a);
                all.addAll(b);
                return all;
            }));
            headers = insensitive;
            body = body == null ? "" : body;
        }

        public List<String> all(String name) {
            return headers.getOrDefault(name, List.of());
        }

        public String first(String name) {
            List<String> values = all(name);
            return values.isEmpty() ? null : values.getFirst();
        }

        public String contentType() {
            String type = first("Content-Type");
            return type == null ? "" : type.toLowerCase(Locale.ROOT);
        }
    }

    /** No response: the request failed in transport. */
    final class TransportException extends IOException {

        private final boolean timeout;

        public TransportException(String message, boolean timeout, Throwable cause) {
            super(message, cause);
            this.timeout = timeout;
        }

        public boolean timeout() {
            return timeout;
        }
    }
}
