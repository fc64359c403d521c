package dev.ripple.notify.web;

import java.util.List;

/** Shorthands for the API's errors. */
public final class Problems {

    private Problems() {}

    public static InvalidRequestException invalid(String slug, String title, String field, String message) {
        return new InvalidRequestException(slug, title, List.of(new FieldProblem(field, message)));
    }

    public static NotFoundException notFound(String slug, String what, String id) {
        return new NotFoundException(
                slug, what + " not found", "There is no " + what.toLowerCase(java.util.Locale.ROOT) + " " + id + ".");
    }
}
