package dev.ripple.local;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * A local webhook receiver that trusts nothing: every delivery's Standard Webhooks signature is checked with the
 * independent {@code com.standardwebhooks} library, every {@code webhook-id} is remembered, and each alert is printed
 * for a person to read.
 *
 * <ul>
 *   <li>{@code POST /webhooks}: 204 when the signature verifies (also for a repeated {@code webhook-id}, which is
 *       flagged as a duplicate), 400 when it does not, 503 while the secret file does not exist yet (the sender retries),
 *       413 for bodies over 1 MiB.
 *   <li>{@code GET /_log}: every delivery received so far, as a JSON array.
 * </ul>
 *
 * <p>The secret is read from its file on every request, so the file can be written after the sink starts (the
 * subscription that creates the secret needs the sink's URL first).
 */
final class WebhookSink implements AutoCloseable {

    static final String WEBHOOK_PATH = "/webhooks";
    static final String LOG_PATH = "/_log";
    static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path secretFile;
    private final PrintStream out;
    private final AlertFormatter formatter;
    private final Clock clock;
    private final Object lock = new Object();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final Set<String> verifiedIds = new HashSet<>();

    private WebhookSink(HttpServer server, Path secretFile, PrintStream out, AlertFormatter formatter, Clock clock) {
        this.server = server;
        this.secretFile = secretFile;
        this.out = out;
        this.formatter = formatter;
        this.clock = clock;
        this.executor = Executors.newFixedThreadPool(
                4, Thread.ofPlatform().name("sink-", 1).daemon(true).factory());
        server.setExecutor(executor);
        server.createContext(WEBHOOK_PATH, this::handleWebhook);
        server.createContext(LOG_PATH, this::handleLog);
        server.createContext("/", exchange -> {
            try (exchange) {
                respond(exchange, 404, "not found: POST " + WEBHOOK_PATH + " or GET " + LOG_PATH + "\n");
            }
        });
    }

    /** Starts listening on {@code address} (port 0 picks a free port). */
    static WebhookSink start(
            InetSocketAddress address, Path secretFile, PrintStream out, AlertFormatter formatter, Clock clock)
            throws IOException {
        WebhookSink sink = new WebhookSink(HttpServer.create(address, 64), secretFile, out, formatter, clock);
        sink.server.start();
        return sink;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The URL to subscribe, as seen from this machine. */
    URI webhookUrl() {
        return URI.create("http://127.0.0.1:" + port() + WEBHOOK_PATH);
    }

    /** A snapshot of every delivery received so far, in arrival order. */
    List<Delivery> deliveries() {
        synchronized (lock) {
            return List.copyOf(deliveries);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handleWebhook(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                respond(exchange, 405, "use POST\n");
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                respond(exchange, 413, "body larger than " + MAX_BODY_BYTES + " bytes\n");
                return;
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String secret = readSecret();
            if (secret == null) {
                print("delivery " + id + " answered 503: no secret in " + secretFile + " yet; the sender will retry");
                exchange.getResponseHeaders().set("Retry-After", "2");
                respond(exchange, 503, "not ready: the webhook secret has not been written yet\n");
                return;
            }
            Webhook webhook;
            try {
                webhook = new Webhook(secret);
            } catch (RuntimeException e) {
                print("delivery " + id + " answered 500: " + secretFile + " does not hold a whsec_ secret");
                respond(exchange, 500, "the receiver's secret file is not a Standard Webhooks secret\n");
                return;
            }
            String payload = new String(body, StandardCharsets.UTF_8);
            String error = null;
            try {
                webhook.verify(payload, exchange.getRequestHeaders());
            } catch (WebhookVerificationException e) {
                error = e.getMessage();
            }
            Delivery delivery = record(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"), error, payload);
            if (delivery.verified()) {
                respond(exchange, 204, null);
            } else {
                respond(exchange, 400, "signature verification failed: " + error + "\n");
            }
        }
    }

    private void handleLog(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, "use GET\n");
                return;
            }
            ArrayNode log = Json.MAPPER.createArrayNode();
            deliveries().forEach(delivery -> log.add(delivery.toJson()));
            byte[] json = Json.MAPPER.writeValueAsBytes(log);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, json.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(json);
            }
        }
    }

    private Delivery record(String id, String timestamp, String error, String payload) {
        boolean verified = error == null;
        synchronized (lock) {
            // Only a verified delivery claims its id: a forged request must not make the real one look repeated.
            boolean duplicate = verified && id != null && !verifiedIds.add(id);
            Delivery delivery =
                    new Delivery(id, timestamp, clock.instant(), verified, duplicate, error, parse(payload));
            deliveries.add(delivery);
            out.println(formatter.format(delivery));
            out.flush();
            return delivery;
        }
    }

    private void print(String line) {
        synchronized (lock) {
            out.println(line);
            out.flush();
        }
    }

    private String readSecret() throws IOException {
        try {
            String secret = Files.readString(secretFile).strip();
            return secret.isEmpty() ? null : secret;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static JsonNode parse(String payload) {
        try {
            return Json.MAPPER.readTree(payload);
        } catch (JacksonException e) {
            return Json.MAPPER.getNodeFactory().stringNode(payload);
        }
    }

    /** The whole body, or {@code null} when it exceeds {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        if (text == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }
}
