package dev.ripple.ingest.mastodon.client;

import dev.ripple.ingest.mastodon.MastodonHttp;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link MastodonHttp} on Micronaut's low-level HTTP client: the Mastodon source needs every response's raw status,
 * {@code Link} and {@code X-RateLimit-*} headers and body (to report an HTML error page or a truncated body as such),
 * and talks to any number of instances, so a declarative client with a fixed base URL does not fit. Redirects are not
 * followed: a bearer token must never be sent on to another host.
 */
public final class MicronautMastodonHttp implements MastodonHttp, AutoCloseable {

    static final String USER_AGENT = "Ripple-ingest (+https://ripple.dev)";
    /** Larger bodies are refused rather than buffered (a page of 80 full accounts is well under 1 MB). */
    static final int MAX_BODY = 8 * 1024 * 1024;

    private final HttpClient client;

    public MicronautMastodonHttp(Duration timeout) {
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setConnectTimeout(timeout);
        configuration.setReadTimeout(timeout);
        configuration.setFollowRedirects(false);
        configuration.setExceptionOnErrorStatus(false);
        configuration.setMaxContentLength(MAX_BODY);
        this.client = HttpClient.create(null, configuration);
    }

    @Override
    public Response get(URI uri, String bearerToken) throws TransportException {
        MutableHttpRequest<?> request =
                HttpRequest.GET(uri).accept(MediaType.APPLICATION_JSON_TYPE).header("User-Agent", USER_AGENT);
        if (bearerToken != null) {
            request.bearerAuth(bearerToken);
        }
        try {
            return response(client.toBlocking().exchange(request, String.class));
        } catch (HttpClientResponseException e) {
            return response(e.getResponse());
        } catch (ReadTimeoutException e) {
            throw new TransportException("no answer within the request timeout", true, e);
        } catch (HttpClientException e) {
            throw new TransportException(describe(e), timedOut(e), e);
        }
    }

    private static Response response(HttpResponse<?> response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.getHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        String body = response.getBody(String.class).orElse("");
        return new Response(response.code(), headers, body);
    }

    private static boolean timedOut(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void close() {
        client.close();
    }
}
