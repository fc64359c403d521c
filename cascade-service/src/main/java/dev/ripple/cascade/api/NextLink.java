package dev.ripple.cascade.api;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The RFC 8288 {@code Link: <…>; rel="next"} header of a page: the same request with the next cursor. The target is
 * a path-absolute reference (resolved against the request URI), so it is right behind any proxy or host name.
 */
final class NextLink {

    private NextLink() {}

    static String header(HttpServletRequest request, String cursorName, String cursor) {
        StringJoiner query = new StringJoiner("&");
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (!parameter.getKey().equals(cursorName)) {
                for (String value : parameter.getValue()) {
                    query.add(encode(parameter.getKey()) + "=" + encode(value));
                }
            }
        }
        query.add(encode(cursorName) + "=" + encode(cursor));
        return "<" + request.getRequestURI() + "?" + query + ">; rel=\"next\"";
    }

    /** Form-encodes (so '+' survives as %2B) but leaves ':' readable: refs are full of them. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%3A", ":");
    }
}
