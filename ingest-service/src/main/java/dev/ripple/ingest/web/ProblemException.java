package dev.ripple.ingest.web;

import io.micronaut.http.HttpStatus;

/** Thrown by controllers for an error the user can fix; becomes a {@link Problem} with a stable type URI. */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final String title;

    public ProblemException(HttpStatus status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    Problem toProblem(String instance) {
        return new Problem(Problem.type(slug), title, status.getCode(), getMessage(), instance, null);
    }
}
