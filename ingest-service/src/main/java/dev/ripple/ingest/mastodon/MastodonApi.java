package dev.ripple.ingest.mastodon;

import dev.ripple.ingest.source.RateLimiter;
import dev.ripple.ingest.source.SourceMetrics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Every Mastodon request goes through here: it asks the {@link RateLimiter} first (and refuses to send when the budget
 * is spent), records the server's {@code X-RateLimit-*} headers, turns a 429 into a wait until
 * {@code X-RateLimit-Reset} (Mastodon sends no {@code Retry-After}), classifies failures and counts every request.
 */
final class MastodonApi {

    static final String PLATFORM = "mastodon";
    /** When a 429 says nothing about its reset: wait this long. */
    static final Duration DEFAULT_429_WAIT = Duration.ofSeconds(60);

    /**
     * One request.
     *
     * @param token the bearer token, or null
     * @param bucket what the server counts this request by ({@link #bucket})
     * @param paging whether it counts against Mastodon's paging throttle (carries max_id, min_id or since_id)
     * @param endpoint a short name for metrics and messages ({@code notifications}, {@code followers}, …)
     * @param account the watched account the request is made for (metrics tag)
     */
    record Call(URI uri, String token, String bucket, boolean paging, String endpoint, String account) {}

    /** A successful response: its body and its links. */
    record Page(String body, LinkHeader links, String what) {

        List<JsonNode> array() {
            return MastodonJson.array(body, what);
        }

        JsonNode object() {
            JsonNode tree = MastodonJson.tree(body, what);
            if (!tree.isObject()) {
                throw new MalformedDataException(what + ": expected a JSON object");
            }
            return tree;
        }
    }

    private final MastodonHttp http;
    private final RateLimiter limiter;
    private final SourceMetrics metrics;
    private final Clock clock;
    private final List<RateLimiter.Throttle> throttles;

    MastodonApi(MastodonHttp http, RateLimiter limiter, SourceMetrics metrics, Clock clock, MastodonSettings settings) {
        this.http = http;
        this.limiter = limiter;
        this.metrics = metrics;
        this.clock = clock;
        this.throttles = List.of(
                new RateLimiter.Throttle("api", settings.rateLimit(), settings.rateLimitPeriod(), false),
                new RateLimiter.Throttle("paging", settings.pagingRateLimit(), settings.pagingRateLimitPeriod(), true));
    }

    /**
     * The rate-limit bucket of a request: per account for authenticated requests (Mastodon counts per token and per
     * user), per instance for unauthenticated ones (Mastodon counts per IP address, which is ours for all of them).
     */
    static String bucket(URI instance, String accountWithToken) {
        String host = instance.getHost() + (instance.getPort() < 0 ? "" : ":" + instance.getPort());
        return accountWithToken == null ? host + " anonymous" : host + " " + accountWithToken;
    }

    Page get(Call call) {
        Instant now = clock.instant();
        Optional<Instant> wait = limiter.tryAcquire(call.bucket(), throttles, call.paging());
        if (wait.isPresent()) {
            metrics.rateLimitWait(PLATFORM, call.account(), Duration.between(now, wait.get()));
            throw new RateLimitedException(
                    "our share of the rate limit of " + call.bucket() + " is used up until " + wait.get(), wait.get());
        }
        MastodonHttp.Response response;
        try {
            response = http.get(call.uri(), call.token());
        } catch (MastodonHttp.TransportException e) {
            ApiFailureException.Kind kind =
                    e.timeout() ? ApiFailureException.Kind.TIMEOUT : ApiFailureException.Kind.NETWORK;
            metrics.request(PLATFORM, call.account(), call.endpoint(), kind.metric);
            throw new ApiFailureException(
                    kind, 0, call.endpoint() + " " + call.uri().getHost() + ": " + e.getMessage());
        }
        Instant reset = instant(response.first("X-RateLimit-Reset"));
        limiter.reported(
                call.bucket(),
                integer(response.first("X-RateLimit-Limit")),
                integer(response.first("X-RateLimit-Remaining")),
                reset);
        metrics.rateLimitBucket(PLATFORM, call.bucket(), limiter);
        int status = response.status();
        metrics.request(PLATFORM, call.account(), call.endpoint(), outcome(status));
        if (status >= 200 && status < 300) {
            return new Page(response.body(), LinkHeader.parse(response.all("Link")), call.endpoint());
        }
        String detail =
                call.endpoint() + " answered " + status + " from " + call.uri().getHost() + ": " + errorText(response);
        if (status == 429) {
            Instant until = reset != null && reset.isAfter(now) ? reset : now.plus(DEFAULT_429_WAIT);
            limiter.exhausted(call.bucket(), until);
            metrics.rateLimitWait(PLATFORM, call.account(), Duration.between(now, until));
            throw new RateLimitedException(detail + "; waiting until " + until, until);
        }
        ApiFailureException.Kind kind;
        if (status == 401 || status == 403) {
            kind = ApiFailureException.Kind.UNAUTHORIZED;
        } else if (status == 404 || status == 410) {
            kind = ApiFailureException.Kind.NOT_FOUND;
        } else if (status >= 500) {
            kind = ApiFailureException.Kind.SERVER_ERROR;
        } else {
            kind = ApiFailureException.Kind.CLIENT_ERROR;
        }
        throw new ApiFailureException(kind, status, detail);
    }

    /** Mastodon's {@code {"error": "..."}}, or an excerpt of whatever else came (an HTML page from a proxy). */
    private static String errorText(MastodonHttp.Response response) {
        String body = response.body();
        if (response.contentType().contains("json")) {
            try {
                JsonNode tree = MastodonJson.tree(body, "error");
                if (tree.hasNonNull("error")) {
                    return tree.get("error").asString();
                }
            } catch (MalformedDataException notJson) {
                // fall through
            }
        }
        return body.isBlank() ? "(empty body)" : MastodonJson.excerpt(body);
    }

    private static String outcome(int status) {
        if (status >= 200 && status < 300) {
            return "ok";
        }
        if (status == 429 || status == 401 || status == 403 || status == 404) {
            return Integer.toString(status);
        }
        return status >= 500 ? "5xx" : "4xx";
    }

    private static Integer integer(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code X-RateLimit-Reset}: ISO 8601 with up to microseconds. */
    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
