package dev.ripple.notify.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every API error as RFC 9457 {@code application/problem+json}, with a stable {@code type} per error
 * ({@code https://ripple.dev/problems/<slug>}). Nothing a client sends is answered with a 500.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    static final String TYPE_BASE = "https://ripple.dev/problems/";

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private static final Map<Integer, String> SLUGS = Map.of(
            400, "bad-request",
            404, "not-found",
            405, "method-not-allowed",
            406, "not-acceptable",
            409, "conflict",
            413, "payload-too-large",
            415, "unsupported-media-type",
            500, "internal-error",
            503, "service-unavailable");

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail(e.problems()));
        problem.setType(URI.create(TYPE_BASE + e.slug()));
        problem.setTitle(e.title());
        problem.setProperty("errors", e.problems());
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(problem);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create(TYPE_BASE + e.slug()));
        problem.setTitle(e.title());
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create(TYPE_BASE + e.slug()));
        problem.setTitle(e.title());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Request failed unexpectedly; answering 500", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "The request could not be completed; it was logged.");
        problem.setType(URI.create(TYPE_BASE + "internal-error"));
        problem.setTitle("Internal error");
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "The request body is missing or is not valid JSON of the expected shape.");
        problem.setType(URI.create(TYPE_BASE + "malformed-request"));
        problem.setTitle("Malformed request");
        return ResponseEntity.badRequest().headers(headers).body(problem);
    }

    /** Gives Spring MVC's own errors (404, 405, 415, …) a stable type too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null
                && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null
                        || "about:blank".equals(problem.getType().toString()))) {
            String slug =
                    SLUGS.getOrDefault(statusCode.value(), statusCode.is4xxClientError() ? "bad-request" : "error");
            problem.setType(URI.create(TYPE_BASE + slug));
        }
        return response;
    }

    private static String detail(List<FieldProblem> problems) {
        StringBuilder detail = new StringBuilder();
        for (FieldProblem problem : problems) {
            if (!detail.isEmpty()) {
                detail.append("; ");
            }
            detail.append(problem.message());
        }
        return detail.toString();
    }
}
