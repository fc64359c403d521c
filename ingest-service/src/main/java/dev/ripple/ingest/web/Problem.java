package dev.ripple.ingest.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, served as {@code application/problem+json}.
 *
 * @param type a stable URI per kind of problem, {@code https://ripple.dev/problems/<slug>}
 * @param instance the request path the problem is about
 * @param errors every individual error, when there is more than one
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<String> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://ripple.dev/problems/";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static String type(String slug) {
        return TYPE_BASE + slug;
    }
}
