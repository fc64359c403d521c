package dev.ripple.ingest.replay.web;

import dev.ripple.ingest.replay.ReplayInput;
import dev.ripple.ingest.replay.ReplayReport;
import dev.ripple.ingest.replay.ReplaySpeed;
import dev.ripple.ingest.replay.Replays;
import dev.ripple.ingest.replay.TooManyReplaysException;
import dev.ripple.ingest.web.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.net.URI;
import java.util.List;

/** Replays of scenario files sent over HTTP; each runs in the background and is polled by its id. */
@Controller(ReplayController.PATH)
final class ReplayController {

    static final String PATH = "/api/v1/replays";
    static final String NDJSON = "application/x-ndjson";

    private static final TextMapGetter<HttpHeaders> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpHeaders headers) {
            return headers.names();
        }

        @Override
        public String get(HttpHeaders headers, String key) {
            return headers == null ? null : headers.get(key);
        }
    };

    private final Replays replays;
    private final OpenTelemetry telemetry;

    ReplayController(Replays replays, OpenTelemetry telemetry) {
        this.replays = replays;
        this.telemetry = telemetry;
    }

    // The body is bound raw whatever the content type (JSON Lines is not JSON); null when empty. The compiler's
    // note "@Nullable on primitive types" mistakes byte[] for a primitive: null is handled below.
    @Post(
            consumes = {NDJSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON},
            produces = MediaType.APPLICATION_JSON)
    HttpResponse<ReplayReport> start(
            @Nullable @QueryValue String speed, @Nullable @Body byte[] body, HttpHeaders headers) {
        double factor = speed(speed);
        if (isBlank(body)) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "empty-body",
                    "Empty request body",
                    "The body must be the scenario to replay: JSON Lines, one event per line (scenarios/README.md).");
        }
        ReplayReport report;
        // A W3C traceparent on the request: every event of the replay is published in that trace. Without one, each
        // event starts its own.
        Context caller = telemetry.getPropagators().getTextMapPropagator().extract(Context.root(), headers, HEADERS);
        try (Scope scope = caller.makeCurrent()) {
            report = replays.start(ReplayInput.of("request body (" + body.length + " bytes)", body), factor);
        } catch (TooManyReplaysException e) {
            throw new ProblemException(
                    HttpStatus.TOO_MANY_REQUESTS, "too-many-replays", "Too many replays running", e.getMessage());
        }
        return HttpResponse.accepted(URI.create(PATH + "/" + report.id())).body(report);
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    List<ReplayReport> list() {
        return replays.list();
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    ReplayReport get(@PathVariable String id) {
        return replays.find(id)
                .orElseThrow(() -> new ProblemException(
                        HttpStatus.NOT_FOUND,
                        "replay-not-found",
                        "Unknown replay",
                        "No replay with id '" + id + "'. Reports are kept in memory since the service started "
                                + "(the most recent ones, see ripple.replay.history)."));
    }

    private static double speed(String speed) {
        if (speed == null) {
            return 0;
        }
        try {
            return ReplaySpeed.parse(speed);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-speed", "Invalid speed", e.getMessage());
        }
    }

    private static boolean isBlank(byte[] body) {
        if (body == null) {
            return true;
        }
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
