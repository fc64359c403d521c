package dev.ripple.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP server standing in for a Ripple service: canned answers per "METHOD /path", every request recorded. */
final class FakeServer implements AutoCloseable {

    record Answer(int status, String contentType, String body, Map<String, String> headers) {
        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body, Map.of());
        }

        static Answer problem(int status, String body) {
            return new Answer(status, "application/problem+json", body, Map.of());
        }
    }

    record Request(String method, String path, String query, String contentType, String body, String apiKey) {}

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                requests.add(new Request(
                        exchange.getRequestMethod(),
                        path,
                        exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        body,
                        exchange.getRequestHeaders().getFirst("X-Api-Key")));
                Deque<Answer> queue = answers.get(exchange.getRequestMethod() + " " + path);
                Answer answer;
                synchronized (this) {
                    answer = queue == null || queue.isEmpty()
                            ? new Answer(404, "text/plain", "no answer", Map.of())
                            : queue.size() > 1 ? queue.removeFirst() : queue.peekFirst();
                }
                answer.headers().forEach(exchange.getResponseHeaders()::set);
                byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
                exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            }
        });
        server.start();
    }

    /** Answers {@code method path} with these, in order; the last one repeats. */
    FakeServer on(String method, String path, Answer... inOrder) {
        answers.put(method + " " + path, new ArrayDeque<>(List.of(inOrder)));
        return this;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
