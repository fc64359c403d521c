package dev.ripple.cascade.api;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;

/** An error the API reports as RFC 9457 problem+json, with a stable type URI per kind of error. */
class ApiProblem extends RuntimeException {

    static final String TYPES = "https://ripple.dev/problems/";

    private final HttpStatus status;
    private final String slug;
    private final String title;
    private final List<InvalidParameter> invalidParameters;

    /** One bad request parameter and why. */
    record InvalidParameter(String name, String reason) {}

    ApiProblem(HttpStatus status, String slug, String title, String detail, List<InvalidParameter> invalidParameters) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.invalidParameters = List.copyOf(invalidParameters);
    }

    static ApiProblem notFound(String what, String id) {
        return new ApiProblem(
                HttpStatus.NOT_FOUND,
                "not-found",
                "Not found",
                "No " + what + " " + (id == null ? "" : Params.abbreviate(id)),
                List.of());
    }

    static ApiProblem unauthorized(String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail, List.of());
    }

    static ApiProblem unavailable(String slug, String title, String detail) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, slug, title, detail, List.of());
    }

    static ApiProblem invalid(List<InvalidParameter> invalid) {
        return new ApiProblem(
                HttpStatus.BAD_REQUEST,
                "invalid-parameters",
                "Invalid request parameters",
                invalid.size() == 1 ? "1 parameter is invalid" : invalid.size() + " parameters are invalid",
                invalid);
    }

    HttpStatus status() {
        return status;
    }

    URI type() {
        return URI.create(TYPES + slug);
    }

    String title() {
        return title;
    }

    List<InvalidParameter> invalidParameters() {
        return invalidParameters;
    }
}
