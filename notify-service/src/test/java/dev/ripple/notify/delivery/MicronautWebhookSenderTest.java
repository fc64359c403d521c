package dev.ripple.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ripple.notify.config.Cidr;
import dev.ripple.notify.config.NotifyProperties;
import dev.ripple.notify.subscription.TargetGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook client against a real HTTP server on 127.0.0.1. SSRF cases only ever name loopback addresses outside
 * the allow-list (127.0.0.2, 127.0.0.3): even a broken guard could not send anything off this machine.
 */
class MicronautWebhookSenderTest {

    static HttpServer server;
    static final List<String> paths = new CopyOnWriteArrayList<>();
    static final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange;
                    InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                String path = exchange.getRequestURI().getPath();
                paths.add(path);
                switch (path) {
                    case "/ok" -> {
                        byte[] body = "thanks".getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders()
                                .set("x-echo-id", exchange.getRequestHeaders().getFirst("webhook-id"));
                        exchange.sendResponseHeaders(200, body.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    }
                    case "/redirect" -> {
                        exchange.getResponseHeaders()
                                .set(
                                        "Location",
                                        "http://127.0.0.2:"
                                                + server.getAddress().getPort() + "/internal");
                        exchange.sendResponseHeaders(302, -1);
                    }
                    case "/throttle" -> {
                        exchange.getResponseHeaders().set("Retry-After", "120");
                        exchange.sendResponseHeaders(429, -1);
                    }
                    case "/abort" -> {
                        exchange.getResponseHeaders().set("webhook-delivery", "abort-message");
                        exchange.sendResponseHeaders(400, -1);
                    }
                    case "/slow" -> {
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        exchange.sendResponseHeaders(204, -1);
                    }
                    default -> exchange.sendResponseHeaders(404, -1);
                }
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        release.countDown();
        server.stop(0);
    }

    static NotifyProperties settings(Duration requestTimeout) {
        return new NotifyProperties(
                Duration.ofSeconds(60),
                null,
                0.7,
                Duration.ofHours(1),
                Duration.ofHours(24),
                false,
                List.of(),
                List.of(),
                List.of(Duration.ofSeconds(5)),
                new NotifyProperties.Delivery(20, Duration.ofSeconds(1), Duration.ofSeconds(2), requestTimeout, 4, 50),
                null,
                URI.create("http://localhost:8080"),
                Duration.ofDays(14),
                Duration.ofHours(24));
    }

    static MicronautWebhookSender sender(TargetGuard guard, Duration requestTimeout) {
        return new MicronautWebhookSender(settings(requestTimeout), guard);
    }

    static TargetGuard onlyLoopbackOne(TargetGuard.Resolver resolver) {
        return new TargetGuard(false, List.of(Cidr.parse("127.0.0.1/32")), resolver);
    }

    static URI url(String host, String path) {
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + path);
    }

    static WebhookRequest request(URI url) {
        return new WebhookRequest(
                url,
                Map.of("webhook-id", "msg_test", "webhook-timestamp", "1", "webhook-signature", "v1,x"),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deliversAndKeepsTheResponseForTheLog() {
        try (MicronautWebhookSender sender =
                sender(onlyLoopbackOne(InetAddress::getAllByName), Duration.ofSeconds(5))) {
            SendResult result = sender.send(request(url("127.0.0.1", "/ok")));

            assertThat(result.succeeded()).as(result.error()).isTrue();
            assertThat(result.statusCode()).isEqualTo(200);
            assertThat(result.responseExcerpt()).isEqualTo("thanks");
            assertThat(result.durationMillis()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void redirectIsAFailureAndIsNotFollowed() {
        try (MicronautWebhookSender sender =
                sender(onlyLoopbackOne(InetAddress::getAllByName), Duration.ofSeconds(5))) {
            int before = paths.size();
            SendResult result = sender.send(request(url("127.0.0.1", "/redirect")));

            assertThat(result.statusCode()).isEqualTo(302);
            assertThat(result.succeeded()).isFalse();
            assertThat(result.error()).contains("redirects are not followed");
            assertThat(paths.subList(before, paths.size())).containsExactly("/redirect");
        }
    }

    @Test
    void retryAfterAndAbortAreReported() {
        try (MicronautWebhookSender sender =
                sender(onlyLoopbackOne(InetAddress::getAllByName), Duration.ofSeconds(5))) {
            SendResult throttled = sender.send(request(url("127.0.0.1", "/throttle")));
            SendResult aborted = sender.send(request(url("127.0.0.1", "/abort")));

            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.retryAfter()).isEqualTo("120");
            assertThat(aborted.statusCode()).isEqualTo(400);
            assertThat(aborted.abort()).isTrue();
        }
    }

    @Test
    void slowReceiverTimesOut() {
        try (MicronautWebhookSender sender =
                sender(onlyLoopbackOne(InetAddress::getAllByName), Duration.ofMillis(700))) {
            long started = System.nanoTime();
            SendResult result = sender.send(request(url("127.0.0.1", "/slow")));

            assertThat(result.statusCode()).isZero();
            assertThat(result.timedOut()).as(result.error()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void privateAddressLiteralIsRefusedAtConnectTime() {
        try (MicronautWebhookSender sender =
                sender(onlyLoopbackOne(InetAddress::getAllByName), Duration.ofSeconds(5))) {
            int before = paths.size();
            SendResult result = sender.send(request(url("127.0.0.2", "/ok")));

            assertThat(result.statusCode()).isZero();
            assertThat(result.error())
                    .startsWith("refused:")
                    .contains("127.0.0.2")
                    .contains("loopback");
            assertThat(paths).hasSize(before);
        }
    }

    @Test
    void nameResolvingToAPrivateAddressIsRefused() {
        TargetGuard guard = onlyLoopbackOne(host -> host.equals("hooks.example.test")
                ? new InetAddress[] {InetAddress.getByName("127.0.0.3")}
                : InetAddress.getAllByName(host));
        TargetGuard noAllowList = new TargetGuard(false, InetAddress::getAllByName);
        int before = paths.size();
        try (MicronautWebhookSender sender = sender(guard, Duration.ofSeconds(5));
                MicronautWebhookSender strict = sender(noAllowList, Duration.ofSeconds(5))) {
            SendResult named = sender.send(request(url("hooks.example.test", "/ok")));
            SendResult localhost = strict.send(request(url("localhost", "/ok")));

            assertThat(named.error()).startsWith("refused:").contains("127.0.0.3");
            assertThat(localhost.statusCode()).isZero();
            assertThat(localhost.error()).startsWith("refused:").contains("loopback");
        }
        assertThat(paths).hasSize(before);
    }

    @Test
    void rebindingBetweenCheckAndConnectCannotReachTheNewAddress() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        // The first lookup (the check when the subscription was made) says 127.0.0.1; every later one says 127.0.0.2.
        TargetGuard guard = onlyLoopbackOne(host ->
                new InetAddress[] {InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")});
        assertThat(guard.problems(url("rebind.example.test", "/ok").toString())).isEmpty();
        try (MicronautWebhookSender sender = sender(guard, Duration.ofSeconds(5))) {
            int before = paths.size();
            SendResult result = sender.send(request(url("rebind.example.test", "/ok")));

            assertThat(result.error()).startsWith("refused:").contains("127.0.0.2");
            assertThat(paths).hasSize(before);
        }
    }
}
