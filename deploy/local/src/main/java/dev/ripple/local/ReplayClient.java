package dev.ripple.local;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Replays a scenario file through ingest-service's HTTP API ({@code POST /api/v1/replays?speed=N}), follows the report
 * until the replay ends, and prints the rejected lines and the totals.
 */
final class ReplayClient {

    static final String REPLAYS = "/api/v1/replays";

    private final Http http;
    private final PrintStream out;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration progressInterval;

    ReplayClient(Http http, PrintStream out, Clock clock, Duration pollInterval, Duration progressInterval) {
        this.http = http;
        this.out = out;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.progressInterval = progressInterval;
    }

    /**
     * @param timeout how long to follow the replay ({@link Duration#ZERO}: until it ends)
     * @return 0 when the replay completed, 1 when it failed
     */
    int replay(URI ingest, Path file, double speed, Duration timeout) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CommandFailure("cannot read " + file + ": no such file");
        }
        URI start = ingest.resolve(REPLAYS + "?speed=" + formatSpeed(speed));
        HttpResponse<String> accepted;
        try {
            accepted = http.send(Http.request(start)
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofFile(file))
                    .build());
        } catch (FileNotFoundException e) {
            throw new CommandFailure("cannot read " + file, e);
        }
        if (accepted.statusCode() != 202) {
            throw new CommandFailure("the replay was not accepted: " + Http.describe(accepted));
        }
        JsonNode report = Http.json(accepted);
        String id = Json.text(report, "id");
        URI location;
        if (accepted.headers().firstValue("Location").isPresent()) {
            location = ingest.resolve(accepted.headers().firstValue("Location").get());
        } else if (id != null) {
            location = ingest.resolve(REPLAYS + "/" + id);
        } else {
            throw new CommandFailure("ingest-service accepted the replay without a Location or an id");
        }
        out.println("Replaying " + file + " at " + describeSpeed(speed) + " (" + location + ")");

        Instant started = clock.instant();
        Instant nextProgress = started.plus(progressInterval);
        while ("RUNNING".equals(Json.text(report, "status")) || "PENDING".equals(Json.text(report, "status"))) {
            if (!timeout.isZero() && clock.instant().isAfter(started.plus(timeout))) {
                out.println("Still running after " + timeout.toSeconds() + " s; follow it with: curl " + location);
                return 1;
            }
            Http.pause(pollInterval);
            HttpResponse<String> polled = http.send(Http.request(location).GET().build());
            if (polled.statusCode() != 200) {
                throw new CommandFailure("cannot follow the replay: " + Http.describe(polled));
            }
            report = Http.json(polled);
            if (!clock.instant().isBefore(nextProgress)) {
                out.println(
                        "  … " + count(report, "linesRead") + " lines read, " + publishedTotal(report) + " published");
                nextProgress = clock.instant().plus(progressInterval);
            }
        }
        return printOutcome(report, file);
    }

    private int printOutcome(JsonNode report, Path file) {
        JsonNode rejections = report.path("rejections");
        if (rejections.isArray()) {
            for (JsonNode rejection : rejections.values()) {
                out.println("  line " + Json.text(rejection, "line") + ": " + Json.text(rejection, "reason"));
            }
        }
        long rejected = count(report, "rejected");
        if (rejections.isArray() && rejections.size() < rejected) {
            out.println("  (" + rejections.size() + " of " + rejected + " rejected lines shown)");
        }
        String status = Json.text(report, "status");
        String totals = count(report, "linesRead") + " lines read, " + publishedTotal(report) + " published"
                + publishedByType(report) + ", " + rejected + " rejected, " + count(report, "duplicates")
                + " duplicates";
        if ("COMPLETED".equals(status)) {
            out.println("Replay of " + file.getFileName() + " completed: " + totals);
            return 0;
        }
        String error = Json.text(report, "error");
        out.println("Replay of " + file.getFileName() + " " + (status == null ? "ended without a status" : status)
                + (error == null ? "" : ": " + error) + " (" + totals + ")");
        return 1;
    }

    private static long count(JsonNode report, String field) {
        Long value = Json.number(report, field);
        return value == null ? 0 : value;
    }

    /** {@code published} is either a number or a count per event type. */
    private static long publishedTotal(JsonNode report) {
        JsonNode published = report.path("published");
        if (published.isNumber()) {
            return published.asLong();
        }
        long total = 0;
        for (JsonNode value : published.values()) {
            total += value.asLong();
        }
        return total;
    }

    private static String publishedByType(JsonNode report) {
        JsonNode published = report.path("published");
        if (!published.isObject() || published.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : published.properties()) {
            parts.add(entry.getKey() + " " + entry.getValue().asLong());
        }
        return " (" + String.join(", ", parts) + ")";
    }

    static String formatSpeed(double speed) {
        return speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
    }

    private static String describeSpeed(double speed) {
        return speed == 0 ? "full speed" : formatSpeed(speed) + "× real time";
    }
}
