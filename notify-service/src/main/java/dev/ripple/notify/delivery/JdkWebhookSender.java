package dev.ripple.notify.delivery;

import dev.ripple.notify.config.NotifyProperties;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/** {@link WebhookSender} on the JDK's HTTP client: HTTP/1.1, redirects never followed, bounded waits. */
@Component
class JdkWebhookSender implements WebhookSender, AutoCloseable {

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Duration deadline;

    JdkWebhookSender(NotifyProperties settings) {
        NotifyProperties.Delivery delivery = settings.delivery();
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(delivery.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.requestTimeout = delivery.requestTimeout();
        // The request timeout covers the wait for the response headers; this also bounds reading the body.
        this.deadline =
                delivery.connectTimeout().plus(delivery.requestTimeout()).plusSeconds(1);
    }

    @Override
    public SendResult send(WebhookRequest request) {
        HttpRequest.Builder http = HttpRequest.newBuilder(request.url())
                .timeout(requestTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(http::header);
        CompletableFuture<HttpResponse<Void>> future =
                client.sendAsync(http.build(), HttpResponse.BodyHandlers.discarding());
        try {
            HttpResponse<Void> response = future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return SendResult.response(
                    response.statusCode(),
                    response.headers().firstValue("retry-after").orElse(null));
        } catch (TimeoutException e) {
            future.cancel(true);
            return SendResult.noResponse("no complete response within " + deadline.toSeconds() + " s");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return SendResult.noResponse("interrupted while sending");
        } catch (ExecutionException e) {
            return SendResult.noResponse(describe(e.getCause()));
        }
    }

    private String describe(Throwable failure) {
        return switch (failure) {
            case HttpConnectTimeoutException ignored -> "connect timed out";
            case HttpTimeoutException ignored -> "no response within " + requestTimeout.toSeconds() + " s";
            case ConnectException ignored -> "connection refused or unreachable";
            case IOException io ->
                io.getClass().getSimpleName() + (io.getMessage() == null ? "" : ": " + io.getMessage());
            default -> failure.toString();
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
