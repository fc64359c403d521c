package dev.ripple.ingest.bluesky.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real HTTP server on the loopback that answers XRPC like a PDS or an AppView: one handler per NSID (or path),
 * each seeing the request's query parameters (repeated keys as lists), {@code Authorization} header and body. Every
 * request is recorded, so tests can check what was asked (cursors passed back unchanged, tokens, call counts).
 */
public final class FakeXrpc implements AutoCloseable {

    /** A request as the server received it. */
    public record Request(String path, Map<String, List<String>> params, String authorization, String body) {

        public String param(String name) {
            List<String> values = params.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        public String bearer() {
            return authorization != null && authorization.startsWith("Bearer ")
                    ? authorization.substring("Bearer ".length())
                    : null;
        }
    }

    /** An answer: status, JSON body and headers. */
    public record Response(int status, String body, Map<String, String> headers) {

        public static Response ok(String body) {
            return new Response(200, body, Map.of());
        }

        public static Response error(int status, String name, String message) {
            return new Response(status, "{\"error\":\"" + name + "\",\"message\":\"" + message + "\"}", Map.of());
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Response>> handlers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeXrpc() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers {@code /xrpc/<nsid>}. */
    public FakeXrpc on(String nsid, Function<Request, Response> handler) {
        handlers.put("/xrpc/" + nsid, handler);
        return this;
    }

    /** Answers a plain path (e.g. a DID document at {@code /did:plc:…}). */
    public FakeXrpc onPath(String path, Function<Request, Response> handler) {
        handlers.put(path, handler);
        return this;
    }

    public List<Request> requests(String nsid) {
        return requests.stream().filter(r -> r.path().equals("/xrpc/" + nsid)).toList();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, List<String>> params = new LinkedHashMap<>();
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null) {
                for (String pair : query.split("&")) {
                    int eq = pair.indexOf('=');
                    String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    params.computeIfAbsent(key, ignored -> new ArrayList<>()).add(value);
                }
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request =
                    new Request(path, params, exchange.getRequestHeaders().getFirst("Authorization"), body);
            requests.add(request);
            Function<Request, Response> handler = handlers.get(path);
            Response response = handler == null
                    ? Response.error(501, "MethodNotImplemented", "no handler for " + path)
                    : handler.apply(request);
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            response.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(response.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
