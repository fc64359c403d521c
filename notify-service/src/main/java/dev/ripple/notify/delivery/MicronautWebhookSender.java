package dev.ripple.notify.delivery;

import dev.ripple.notify.config.NotifyProperties;
import dev.ripple.notify.subscription.TargetGuard;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.exceptions.ContentLengthExceededException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.http.client.exceptions.ResponseClosedException;
import io.micronaut.http.client.netty.DefaultHttpClient;
import io.micronaut.http.client.netty.GuardedHttpClients;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.springframework.stereotype.Component;

/**
 * {@link WebhookSender} on micronaut-http-client (Netty): HTTP/1.1, redirects never followed, connect and whole-attempt
 * timeouts, host names resolved only through the {@link TargetGuard} (SSRF: the vetted address is the one connected
 * to), the response body read up to {@link #MAX_RESPONSE_BYTES} for the attempt log.
 */
@Component
class MicronautWebhookSender implements WebhookSender, AutoCloseable {

    /** Larger responses are cut off: the attempt is judged by its status, the log keeps an excerpt. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final DefaultHttpClient client;
    private final Duration requestTimeout;
    private final Duration deadline;

    MicronautWebhookSender(NotifyProperties settings, TargetGuard guard) {
        NotifyProperties.Delivery delivery = settings.delivery();
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setFollowRedirects(false);
        configuration.setExceptionOnErrorStatus(false);
        configuration.setConnectTimeout(delivery.connectTimeout());
        configuration.setReadTimeout(delivery.requestTimeout());
        configuration.setRequestTimeout(delivery.requestTimeout());
        configuration.setMaxContentLength(MAX_RESPONSE_BYTES);
        this.requestTimeout = delivery.requestTimeout();
        // A safety net above the client's own timeouts: a send never hangs a worker.
        this.deadline =
                delivery.connectTimeout().plus(delivery.requestTimeout()).plusSeconds(2);
        this.client = GuardedHttpClients.create(configuration, new GuardedResolverGroup(guard));
    }

    @Override
    public SendResult send(WebhookRequest request) {
        MutableHttpRequest<byte[]> http =
                HttpRequest.POST(request.url().toString(), request.body()).contentType(MediaType.APPLICATION_JSON_TYPE);
        request.headers().forEach((name, value) -> http.header(name, value));
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> future = first(client.exchange(http, byte[].class));
        try {
            HttpResponse<byte[]> response = future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return result(response, elapsed(started));
        } catch (TimeoutException e) {
            future.cancel(true);
            return SendResult.noResponse(
                    "timed out: no complete response within " + deadline.toSeconds() + " s", elapsed(started));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return SendResult.noResponse("interrupted while sending", elapsed(started));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpClientResponseException responseException) {
                return result(responseException.getResponse(), elapsed(started));
            }
            return SendResult.noResponse(describe(e.getCause()), elapsed(started));
        }
    }

    private static SendResult result(HttpResponse<?> response, long millis) {
        String retryAfter = response.getHeaders().get("retry-after");
        boolean abort = "abort-message"
                .equalsIgnoreCase(Optional.ofNullable(response.getHeaders().get("webhook-delivery"))
                        .orElse("")
                        .strip());
        String excerpt = response.getBody(byte[].class)
                .map(bytes -> new String(
                        bytes, 0, Math.min(bytes.length, SendResult.EXCERPT_CHARS * 4), StandardCharsets.UTF_8))
                .orElse(null);
        return SendResult.response(response.code(), retryAfter, abort, excerpt, millis);
    }

    private String describe(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; depth < 8 && cause != null; depth++) {
            switch (cause) {
                case GuardedResolverGroup.RefusedAddressException refused -> {
                    return refused.getMessage();
                }
                case ConnectTimeoutException ignored -> {
                    return "connect timed out";
                }
                case ReadTimeoutException ignored -> {
                    return "timed out: no response within " + requestTimeout.toSeconds() + " s";
                }
                case ContentLengthExceededException ignored -> {
                    return "response larger than " + MAX_RESPONSE_BYTES + " bytes";
                }
                case ConnectException ignored -> {
                    return "connection refused or unreachable";
                }
                case UnknownHostException unknown -> {
                    return "host cannot be resolved: " + unknown.getMessage();
                }
                case ResponseClosedException ignored -> {
                    return "the connection closed before a complete response";
                }
                default -> {}
            }
            cause = cause.getCause();
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    private static long elapsed(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /** The first element of a publisher, as a future (without pulling in a reactive library). */
    private static <T> CompletableFuture<T> first(Publisher<T> publisher) {
        CompletableFuture<T> future = new CompletableFuture<>();
        publisher.subscribe(new Subscriber<>() {
            private Subscription subscription;

            @Override
            public void onSubscribe(Subscription s) {
                subscription = s;
                future.whenComplete((value, error) -> {
                    if (future.isCancelled()) {
                        s.cancel();
                    }
                });
                s.request(1);
            }

            @Override
            public void onNext(T value) {
                future.complete(value);
                subscription.cancel();
            }

            @Override
            public void onError(Throwable error) {
                future.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                future.completeExceptionally(new IllegalStateException("no response"));
            }
        });
        return future;
    }

    @Override
    public void close() {
        client.close();
    }
}
