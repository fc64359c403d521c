package dev.ripple.notify;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real webhook receiver on loopback (the JDK's HTTP server): records every request and answers with scripted
 * status codes per path (204 when nothing is scripted).
 */
public final class WebhookReceiver {

    /** One request as received: its path, headers (names lower-cased) and exact body bytes. */
    public record Received(String path, Map<String, List<String>> headers, byte[] body, int answered) {

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                String path = exchange.getRequestURI().getPath();
                int status = receiver.next(path);
                receiver.received.add(new Received(path, lowerCase(exchange.getRequestHeaders()), body, status));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "webhook-receiver-stop"));
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers the next requests to {@code path} with these statuses, in order, then 204 again. */
    public void script(String path, Integer... statuses) {
        scripts.computeIfAbsent(path, ignored -> new ArrayDeque<>()).addAll(List.of(statuses));
    }

    public List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    void reset() {
        scripts.clear();
    }

    private synchronized int next(String path) {
        Deque<Integer> script = scripts.get(path);
        Integer status = script == null ? null : script.pollFirst();
        return status == null ? 204 : status;
    }

    private static Map<String, List<String>> lowerCase(Headers headers) {
        Map<String, List<String>> copy = new TreeMap<>();
        headers.forEach((name, values) -> copy.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values)));
        return copy;
    }
}
