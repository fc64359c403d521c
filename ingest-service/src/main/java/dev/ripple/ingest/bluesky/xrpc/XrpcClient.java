package dev.ripple.ingest.bluesky.xrpc;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls XRPC methods on any host (a PDS, an AppView, the PLC directory): queries are {@code GET /xrpc/<nsid>?…} with
 * repeated keys for arrays, procedures {@code POST} with a JSON body; errors become {@link XrpcException} carrying the
 * body's error name. One Micronaut HTTP client serves every host (hosts come from the watch file at run time, so a
 * declarative {@code @Client} with a fixed URL does not fit). Rate-limit headers are honoured per host
 * ({@link RateLimits}). Blocking: callers are the sources' own threads.
 */
public final class XrpcClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final RateLimits limits;
    private final String userAgent;

    public XrpcClient(HttpClient http, RateLimits limits, String userAgent) {
        this.http = http;
        this.limits = limits;
        this.userAgent = userAgent;
    }

    public RateLimits limits() {
        return limits;
    }

    /**
     * A query.
     *
     * @param params values are strings or lists of strings (repeated keys); nulls are left out
     */
    public JsonNode query(URI base, String nsid, Map<String, ?> params, String bearer) throws InterruptedException {
        URI uri = uri(base, "/xrpc/" + nsid, params);
        return send(nsid, HttpRequest.GET(uri), bearer);
    }

    public JsonNode procedure(URI base, String nsid, JsonNode body, String bearer) throws InterruptedException {
        URI uri = uri(base, "/xrpc/" + nsid, Map.of());
        MutableHttpRequest<String> request = HttpRequest.POST(uri, body == null ? "" : JSON.writeValueAsString(body))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
        return send(nsid, request, bearer);
    }

    /** A plain JSON GET outside XRPC (a DID document from the PLC directory or {@code /.well-known/did.json}). */
    public JsonNode getJson(URI uri, String what) throws InterruptedException {
        return send(what, HttpRequest.GET(uri), null);
    }

    private JsonNode send(String nsid, MutableHttpRequest<?> request, String bearer) throws InterruptedException {
        String host = request.getUri().getAuthority();
        request.accept(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.USER_AGENT, userAgent);
        if (bearer != null) {
            request.bearerAuth(bearer);
        }
        limits.acquire(host, nsid);
        HttpResponse<String> response;
        try {
            response = http.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            HttpResponse<?> failed = e.getResponse();
            observe(host, failed, failed.code() == 429);
            String body = failed.getBody(String.class).orElse(null);
            JsonNode error = parse(body);
            String name = error != null && error.path("error").isString()
                    ? error.path("error").stringValue()
                    : "HTTP" + failed.code();
            String message = error != null && error.path("message").isString()
                    ? error.path("message").stringValue()
                    : null;
            java.time.Instant retryAt = null;
            if (failed.code() == 429 || "RateLimitExceeded".equals(name)) {
                RateLimits.Budget budget = limits.budget(host);
                retryAt = budget == null ? null : budget.reset();
            }
            throw new XrpcException(nsid, failed.code(), name, message, retryAt, e);
        } catch (HttpClientException e) {
            throw new XrpcException(
                    nsid, 0, "Unreachable", request.getUri().getHost() + ": " + e.getMessage(), null, e);
        }
        observe(host, response, false);
        JsonNode body = parse(response.body());
        if (body == null) {
            throw new XrpcException(nsid, response.code(), "NotJson", "the answer is not a JSON document", null, null);
        }
        return body;
    }

    private void observe(String host, HttpResponse<?> response, boolean refused) {
        HttpHeaders headers = response.getHeaders();
        limits.observe(
                host,
                headers.get("RateLimit-Limit"),
                headers.get("RateLimit-Remaining"),
                headers.get("RateLimit-Reset"),
                refused);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    static URI uri(URI base, String path, Map<String, ?> params) {
        StringBuilder uri = new StringBuilder(base.toString());
        while (uri.length() > 0 && uri.charAt(uri.length() - 1) == '/') {
            uri.setLength(uri.length() - 1);
        }
        uri.append(path);
        char separator = '?';
        for (Map.Entry<String, ?> param : params.entrySet()) {
            List<?> values = param.getValue() instanceof List<?> list
                    ? list
                    : param.getValue() == null ? List.of() : List.of(param.getValue());
            for (Object value : values) {
                uri.append(separator).append(encode(param.getKey())).append('=').append(encode(String.valueOf(value)));
                separator = '&';
            }
        }
        return URI.create(uri.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
