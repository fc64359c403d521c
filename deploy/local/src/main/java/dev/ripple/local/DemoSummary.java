package dev.ripple.local;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The demo's closing words: waits until the sink has been quiet for a while, then says how many alerts arrived, whether
 * every signature held, how long the first alert took, how many follows each sharer was credited with, and how to open
 * the cascade.
 */
final class DemoSummary {

    private final Http http;
    private final PrintStream out;
    private final Clock clock;
    private final Duration pollInterval;

    DemoSummary(Http http, PrintStream out, Clock clock, Duration pollInterval) {
        this.http = http;
        this.out = out;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /**
     * @param since when the demo started (for the time to the first alert)
     * @param quiet how long no new delivery must arrive before the story counts as told
     * @return 0 when alerts arrived, 1 when none did before {@code timeout}
     */
    int await(URI sink, Instant since, Duration quiet, Duration timeout, URI cascadeApi) {
        Instant deadline = clock.instant().plus(timeout);
        Instant lastChange = clock.instant();
        int seen = -1;
        JsonNode log;
        while (true) {
            HttpResponse<String> response = http.send(
                    Http.request(sink.resolve(WebhookSink.LOG_PATH)).GET().build());
            if (response.statusCode() != 200) {
                throw new CommandFailure("cannot read the sink's log: " + Http.describe(response));
            }
            log = Http.json(response);
            Instant now = clock.instant();
            if (log.size() != seen) {
                seen = log.size();
                lastChange = now;
            }
            boolean anyAlert = alerts(log).findAny().isPresent();
            if (anyAlert && !now.isBefore(lastChange.plus(quiet))) {
                break;
            }
            if (now.isAfter(deadline)) {
                if (!anyAlert) {
                    out.println("No alert arrived within " + timeout.toSeconds() + " s.");
                    out.println("If this state already holds the seed story, replaying it again changes nothing"
                            + " (events are idempotent): run ./ripple demo --fresh to start clean,");
                    out.println("or see why in the logs: ./ripple logs cascade, ./ripple logs notify.");
                    return 1;
                }
                out.println("(alerts were still arriving after " + timeout.toSeconds() + " s)");
                break;
            }
            Http.pause(pollInterval);
        }
        summarize(log, since, cascadeApi).forEach(out::println);
        return 0;
    }

    static List<String> summarize(JsonNode log, Instant since, URI cascadeApi) {
        List<JsonNode> alerts = alerts(log).toList();
        long rejected = log.valueStream()
                .filter(delivery -> !delivery.path("verified").asBoolean())
                .count();
        long duplicates = log.valueStream()
                .filter(delivery -> delivery.path("duplicate").asBoolean())
                .count();
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("── Summary ──────────────────────────────────────────────────────────────");
        long digests = subjectDigests(log).count();
        lines.add(alerts.size() + (alerts.size() == 1 ? " alert" : " alerts") + " to sharers"
                + (digests == 0
                        ? ""
                        : " and " + digests + " \"who brought followers\" " + (digests == 1 ? "digest" : "digests"))
                + " received; "
                + (rejected == 0 ? "every signature verified" : rejected + " deliveries FAILED signature verification")
                + " (" + duplicates + " repeated deliveries).");
        firstAlert(alerts.stream())
                .ifPresent(first -> lines.add(String.format(
                        Locale.ROOT,
                        "First alert %.1f s after the demo started.",
                        Duration.between(since, first).toMillis() / 1000.0)));

        Map<String, JsonNode> latestBySharer = new LinkedHashMap<>();
        for (JsonNode alert : alerts) {
            JsonNode data = alert.path("payload").path("data");
            String key = Json.text(data.path("sharer"), "ref") + " " + Json.text(data, "cascadeId");
            JsonNode previous = latestBySharer.get(key);
            if (previous == null || !eventTime(alert).isBefore(eventTime(previous))) {
                latestBySharer.put(key, alert);
            }
        }
        lines.add("Follows credited per sharer (their latest alert):");
        latestBySharer.values().stream()
                .map(alert -> alert.path("payload").path("data"))
                .sorted(Comparator.comparing((JsonNode data) -> !isRootSharer(data))
                        .thenComparingLong(data -> -data.path("totalFollows").asLong())
                        .thenComparing(data -> AlertFormatter.handle(data.path("sharer"))))
                .forEach(data -> lines.add(String.format(
                        Locale.ROOT,
                        "  %-32s %5d%s",
                        AlertFormatter.handle(data.path("sharer")),
                        data.path("totalFollows").asLong(),
                        isRootSharer(data) ? rootNote(alerts, data, since) : "")));

        Set<String> subjects = new LinkedHashSet<>();
        Set<String> cascadeUrls = new LinkedHashSet<>();
        for (JsonNode alert : alerts) {
            JsonNode data = alert.path("payload").path("data");
            String subject = Json.text(data.path("subject"), "ref");
            if (subject != null) {
                subjects.add(subject);
            }
            String cascadeUrl = Json.text(data, "cascadeUrl");
            if (cascadeUrl != null) {
                cascadeUrls.add(cascadeUrl);
            }
        }
        if (!subjects.isEmpty()) {
            lines.add("Open the cascade:");
            for (String subject : subjects) {
                lines.add("  curl '"
                        + cascadeApi.resolve("/api/v1/cascades?subject="
                                + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                                        .replace("%3A", ":"))
                        + "'");
            }
            cascadeUrls.forEach(url -> lines.add("  curl '" + url + "'"));
        }
        return lines;
    }

    /** Verified, first-time alerts to sharers ({@code share.follows.*}, {@code cascade.summary}). */
    private static Stream<JsonNode> alerts(JsonNode log) {
        return log.valueStream()
                .filter(delivery -> delivery.path("verified").asBoolean())
                .filter(delivery -> !delivery.path("duplicate").asBoolean())
                .filter(delivery -> AlertFormatter.isShareAlert(Json.text(delivery.path("payload"), "type")));
    }

    /** Verified, first-time {@code subject.follows.digest} deliveries. */
    private static Stream<JsonNode> subjectDigests(JsonNode log) {
        return log.valueStream()
                .filter(delivery -> delivery.path("verified").asBoolean())
                .filter(delivery -> !delivery.path("duplicate").asBoolean())
                .filter(delivery -> AlertFormatter.isSubjectDigest(Json.text(delivery.path("payload"), "type")));
    }

    private static Optional<Instant> firstAlert(Stream<JsonNode> alerts) {
        return alerts.map(delivery -> Instant.parse(Json.text(delivery, "receivedAt")))
                .min(Comparator.naturalOrder());
    }

    /** Every path starts at the root sharer: an alert whose path starts with its own sharer went to the root. */
    private static boolean isRootSharer(JsonNode data) {
        JsonNode path = data.path("path");
        String handle = Json.text(data.path("sharer"), "handle");
        return path.isArray()
                && !path.isEmpty()
                && handle != null
                && handle.equals(path.get(0).asString());
    }

    /** When the root sharer's first alert arrived: the figure the demo is judged by. */
    private static String rootNote(List<JsonNode> alerts, JsonNode data, Instant since) {
        String sharer = Json.text(data.path("sharer"), "ref");
        return firstAlert(alerts.stream()
                        .filter(alert -> Objects.equals(
                                sharer,
                                Json.text(alert.path("payload").path("data").path("sharer"), "ref"))))
                .map(first -> String.format(
                        Locale.ROOT,
                        "  (root sharer; first alert %.1f s after the demo started)",
                        Duration.between(since, first).toMillis() / 1000.0))
                .orElse("  (root sharer)");
    }

    private static Instant eventTime(JsonNode alert) {
        String timestamp = Json.text(alert.path("payload"), "timestamp");
        try {
            return timestamp == null ? Instant.MIN : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }
}
