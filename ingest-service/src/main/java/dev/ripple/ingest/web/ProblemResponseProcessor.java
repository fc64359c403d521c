package dev.ripple.ingest.web;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Renders every error Micronaut itself answers (unknown route, wrong method or media type, unreadable parameters,
 * body too large, unexpected exceptions) as {@code application/problem+json}, whatever the client accepts. Replaces
 * Micronaut's default processor, which steps aside when another {@link ErrorResponseProcessor} bean exists.
 */
@Singleton
final class ProblemResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return (MutableHttpResponse<Problem>) response;
        }
        int status = response.code();
        List<String> messages =
                context.getErrors().stream().map(Error::getMessage).toList();
        return ((MutableHttpResponse<Problem>) response)
                .body(problem(status, messages, context.getRequest().getPath()))
                .contentType(Problem.MEDIA_TYPE);
    }

    static Problem problem(int status, List<String> messages, String instance) {
        String slug = slug(status);
        String title = title(status);
        if (status >= 500) {
            // Never echo internals to clients; the log has the exception.
            return new Problem(
                    Problem.type(slug), title, status, "The service failed; its log has the details.", instance, null);
        }
        String detail = messages.isEmpty() ? title : messages.getFirst();
        return new Problem(Problem.type(slug), title, status, detail, instance, messages.size() > 1 ? messages : null);
    }

    private static String slug(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "body-too-large";
            case 415 -> "unsupported-media-type";
            case 500 -> "internal-error";
            case 503 -> "unavailable";
            default -> "http-" + status;
        };
    }

    private static String title(int status) {
        return switch (status) {
            case 413 -> "Request body too large";
            case 415 -> "Unsupported media type";
            default -> {
                try {
                    yield HttpStatus.valueOf(status).getReason();
                } catch (IllegalArgumentException e) {
                    yield "HTTP " + status;
                }
            }
        };
    }
}
