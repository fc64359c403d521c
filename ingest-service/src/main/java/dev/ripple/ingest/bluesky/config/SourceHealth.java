package dev.ripple.ingest.bluesky.config;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** How one polling source is doing, for {@code /health}: never a token or password. Thread-safe. */
final class SourceHealth {

    private final String kind;
    private Instant lastSuccess;
    private Instant lastFailure;
    private String lastError;
    private int consecutiveFailures;
    private long events;
    private long polls;

    SourceHealth(String kind) {
        this.kind = kind;
    }

    synchronized void succeeded(Instant at, int published) {
        lastSuccess = at;
        consecutiveFailures = 0;
        events += published;
        polls++;
    }

    synchronized void failed(Instant at, String error) {
        lastFailure = at;
        lastError = error;
        consecutiveFailures++;
        polls++;
    }

    synchronized boolean failing() {
        return consecutiveFailures >= 3;
    }

    synchronized Map<String, Object> describe() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", kind);
        details.put("status", consecutiveFailures == 0 ? (lastSuccess == null ? "STARTING" : "OK") : "FAILING");
        details.put("lastSuccess", lastSuccess);
        details.put("lastFailure", lastFailure);
        details.put("lastError", lastError);
        details.put("consecutiveFailures", consecutiveFailures);
        details.put("polls", polls);
        details.put("events", events);
        return details;
    }
}
