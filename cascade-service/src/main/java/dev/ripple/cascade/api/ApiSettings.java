package dev.ripple.cascade.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the REST API ({@code ripple.api.*}; environment variables in the service README).
 *
 * @param keys API keys accepted in {@code X-Api-Key} or {@code Authorization: Bearer} ({@code RIPPLE_API_KEYS},
 *     comma-separated); none = the API is open (the local demo)
 * @param events the live-update stream
 * @param corsOrigins web origins whose pages may call the API from a browser ({@code RIPPLE_API_CORS_ORIGINS},
 *     comma-separated {@code https://host[:port]}, or {@code *}); none = no cross-origin access (the viewer is served
 *     from the same origin and needs none)
 */
@Validated
@ConfigurationProperties("ripple.api")
record ApiSettings(List<String> keys, @Valid @NotNull Events events, List<String> corsOrigins) {

    static final int MIN_KEY_LENGTH = 16;

    ApiSettings {
        keys = trimmed(keys);
        corsOrigins = trimmed(corsOrigins);
    }

    private static List<String> trimmed(List<String> values) {
        return values == null
                ? List.of()
                : values.stream()
                        .map(String::trim)
                        .filter(value -> !value.isEmpty())
                        .toList();
    }

    @AssertTrue(
            message = "every CORS origin must be '*' or a scheme and host with an optional port and no path, e.g. "
                    + "https://dashboard.example.org or http://localhost:3000")
    boolean isCorsOriginsWellFormed() {
        return corsOrigins.stream()
                .allMatch(origin -> origin.equals("*") || origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?"));
    }

    boolean authenticationEnabled() {
        return !keys.isEmpty();
    }

    @AssertTrue(
            message = "every key must be at least " + MIN_KEY_LENGTH + " characters of letters, digits, '-', '_', "
                    + "'.', '~', '+' or '/'")
    boolean isKeysWellFormed() {
        return keys.stream().allMatch(key -> key.length() >= MIN_KEY_LENGTH && key.matches("[A-Za-z0-9._~+/=-]+"));
    }

    /**
     * @param maxSubscribers open event streams this instance serves at most; more are refused with 503
     * @param heartbeat how often an idle stream gets a comment line (keeps proxies from closing it, finds gone clients)
     * @param timeout how long one stream stays open; the client reconnects (EventSource does so by itself)
     * @param debounce changes to one cascade within this time are sent as one event
     * @param reconcileInterval how often subscribed cascades are checked for changes whose notification was missed
     */
    record Events(
            @Min(1) @Max(100_000) int maxSubscribers,
            @NotNull Duration heartbeat,
            @NotNull Duration timeout,
            @NotNull Duration debounce,
            @NotNull Duration reconcileInterval) {

        @AssertTrue(
                message = "heartbeat must be 1 s–5 min, timeout 10 s–24 h, debounce 0–10 s, reconcile-interval "
                        + "100 ms–1 h")
        boolean isDurationsSane() {
            return heartbeat == null
                    || timeout == null
                    || debounce == null
                    || reconcileInterval == null
                    || (between(heartbeat, Duration.ofSeconds(1), Duration.ofMinutes(5))
                            && between(timeout, Duration.ofSeconds(10), Duration.ofHours(24))
                            && between(debounce, Duration.ZERO, Duration.ofSeconds(10))
                            && between(reconcileInterval, Duration.ofMillis(100), Duration.ofHours(1)));
        }

        private static boolean between(Duration value, Duration min, Duration max) {
            return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
        }
    }
}
