package dev.ripple.local;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The HTTP calls of the helper commands: JSON in and out, problem+json turned into readable messages. */
final class Http {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;

    Http() {
        this(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    Http(HttpClient client) {
        this.client = client;
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CommandFailure("cannot connect to " + base(request.uri()) + ": is the service running?", e);
        } catch (IOException e) {
            throw new CommandFailure(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted while calling " + request.uri(), e);
        }
    }

    /** Sends {@code request}, retrying while nothing listens yet, for at most {@code wait}. */
    HttpResponse<String> sendWhenUp(HttpRequest request, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            try {
                return send(request);
            } catch (CommandFailure e) {
                if (!(e.getCause() instanceof ConnectException) || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                pause(Duration.ofSeconds(1));
            }
        }
    }

    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (JacksonException e) {
            throw new CommandFailure(
                    response.request().method() + " " + response.request().uri() + " answered " + response.statusCode()
                            + " with a body that is not JSON: " + abbreviate(response.body()));
        }
    }

    /** {@code "POST http://…/api/v1/subscriptions answered 400: Invalid subscription: url: must be …"}. */
    static String describe(HttpResponse<String> response) {
        StringBuilder text = new StringBuilder()
                .append(response.request().method())
                .append(' ')
                .append(response.request().uri())
                .append(" answered ")
                .append(response.statusCode());
        JsonNode problem;
        try {
            problem = Json.MAPPER.readTree(response.body());
        } catch (JacksonException e) {
            problem = null;
        }
        if (problem != null && problem.isObject()) {
            List<String> parts = new ArrayList<>();
            String title = Json.text(problem, "title");
            String detail = Json.text(problem, "detail");
            if (title != null) {
                parts.add(title);
            }
            if (detail != null && !detail.equals(title)) {
                parts.add(detail);
            }
            for (String listField : List.of("errors", "invalidParams", "invalid-params")) {
                JsonNode errors = problem.path(listField);
                if (errors.isArray()) {
                    errors.values()
                            .forEach(error -> parts.add(error.isObject() ? describeError(error) : error.asString()));
                }
            }
            if (!parts.isEmpty()) {
                return text.append(": ").append(String.join("; ", parts)).toString();
            }
        }
        String body = response.body() == null ? "" : response.body().strip();
        return body.isEmpty()
                ? text.toString()
                : text.append(": ").append(abbreviate(body)).toString();
    }

    private static String describeError(JsonNode error) {
        String field = Json.text(error, "field") != null ? Json.text(error, "field") : Json.text(error, "name");
        String message = Json.text(error, "message") != null ? Json.text(error, "message") : Json.text(error, "reason");
        if (field == null && message == null) {
            return error.toString();
        }
        return field == null ? message : field + ": " + message;
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted");
        }
    }

    private static String base(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 299) + "…";
    }
}
