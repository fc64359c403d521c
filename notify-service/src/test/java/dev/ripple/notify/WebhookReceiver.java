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
    public record Received(
            String path, Map<String, List<String>> headers, byte[] body, int answered, java.time.Instant at) {

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A scripted answer: a status, headers, and how long to wait before answering. */
    public record Answer(int status, Map<String, String> headers, long delayMillis) {

        public static Answer of(int status) {
            return new Answer(status, Map.of(), 0);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxInFlight = new ConcurrentHashMap<>();

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
                Answer answer = receiver.next(path);
                int inFlight = receiver.inFlight
                        .computeIfAbsent(path, p -> new java.util.concurrent.atomic.AtomicInteger())
                        .incrementAndGet();
                receiver.maxInFlight.merge(path, inFlight, Math::max);
                receiver.received.add(new Received(
                        path, lowerCase(exchange.getRequestHeaders()), body, answer.status(), java.time.Instant.now()));
                if (answer.delayMillis() > 0) {
                    try {
                        Thread.sleep(
                                answer.delayMillis()); // the receiver is slow on purpose: a server, not a test wait
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                answer.headers()
                        .forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                try {
                    exchange.sendResponseHeaders(answer.status(), -1);
                } catch (IOException e) {
                    // the sender gave up waiting (a timeout test)
                }
                receiver.inFlight.get(path).decrementAndGet();
                exchange.close();
            });
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
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
        for (Integer status : statuses) {
            script(path, Answer.of(status));
        }
    }

    /** Answers the next requests to {@code path} with these answers, in order, then 204 again. */
    public void script(String path, Answer... answers) {
        scripts.computeIfAbsent(path, ignored -> new ArrayDeque<>()).addAll(List.of(answers));
    }

    /** The most requests to {@code path} that were being answered at the same time. */
    public int maxInFlight(String path) {
        return maxInFlight.getOrDefault(path, 0);
    }

    public List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public void reset() {
        scripts.clear();
    }

    private synchronized Answer next(String path) {
        Deque<Answer> script = scripts.get(path);
        Answer answer = script == null ? null : script.pollFirst();
        return answer == null ? Answer.of(204) : answer;
    }

    private static Map<String, List<String>> lowerCase(Headers headers) {
        Map<String, List<String>> copy = new TreeMap<>();
        headers.forEach((name, values) -> copy.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values)));
        return copy;
    }
}
