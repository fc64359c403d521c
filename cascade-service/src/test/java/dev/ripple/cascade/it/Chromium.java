package dev.ripple.cascade.it;

import dev.ripple.events.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven over the Chrome DevTools protocol: no WebDriver, no
 * browser downloaded by a tool. The binary is {@code RIPPLE_CHROMIUM} or {@code /usr/bin/chromium}; without it the
 * test fails (CI installs it), it is never skipped.
 */
final class Chromium implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    static Chromium start() throws IOException, InterruptedException {
        Path binary = Path.of(System.getenv().getOrDefault("RIPPLE_CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Chromium is not installed at " + binary
                    + ": install Debian's chromium (apt-get install -y chromium) or set RIPPLE_CHROMIUM");
        }
        Path profile = Files.createTempDirectory("ripple-chromium");
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--hide-scrollbars",
                        "--window-size=1400,1000",
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + profile,
                        "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        Path portFile = profile.resolve("DevToolsActivePort");
        try {
            org.awaitility.Awaitility.await()
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || portLines(portFile).size() >= 2);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Reported below with the browser's log.
        }
        List<String> lines = portLines(portFile);
        if (lines.size() < 2) {
            process.destroyForcibly();
            String log = Files.exists(profile.resolve("chromium.log"))
                    ? Files.readString(profile.resolve("chromium.log"))
                    : "";
            throw new IllegalStateException("Chromium did not open its DevTools port:\n" + log);
        }
        URI endpoint = URI.create(
                "ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
        Chromium[] self = new Chromium[1];
        Listener listener = new Listener(message -> self[0].receive(message));
        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(endpoint, listener)
                .join();
        self[0] = new Chromium(process, profile, socket);
        return self[0];
    }

    private static List<String> portLines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** A tab. */
    final class Page {

        private final String session;

        private Page(String session) {
            this.session = session;
        }

        void navigate(String url) {
            call(session, "Page.navigate", Map.of("url", url));
        }

        /** Evaluates an expression (promises awaited) and returns its value as JSON. */
        JsonNode evaluate(String expression) {
            JsonNode result = call(
                    session,
                    "Runtime.evaluate",
                    Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
            if (result.has("exceptionDetails")) {
                throw new IllegalStateException("page script failed: " + result.get("exceptionDetails"));
            }
            return result.at("/result/value");
        }

        /** Saves a PNG of the whole page. */
        Path screenshot(Path file) throws IOException {
            JsonNode result =
                    call(session, "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode(result.get("data").asString()));
            return file;
        }
    }

    /** Opens a tab; {@code onNewDocument} runs in every document before the page's scripts. */
    Page open(String onNewDocument) {
        String target = call(null, "Target.createTarget", Map.of("url", "about:blank"))
                .get("targetId")
                .asString();
        String session = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .get("sessionId")
                .asString();
        call(session, "Page.enable", Map.of());
        call(session, "Runtime.enable", Map.of());
        call(session, "Log.enable", Map.of());
        if (onNewDocument != null) {
            call(session, "Page.addScriptToEvaluateOnNewDocument", Map.of("source", onNewDocument));
        }
        return new Page(session);
    }

    /** Uncaught exceptions, console errors and failed loads the pages reported so far. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    private JsonNode call(String session, String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        ObjectNode message = EventJson.mapper().createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", EventJson.mapper().valueToTree(params));
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        calls.put(id, reply);
        socket.sendText(message.toString(), true).join();
        try {
            JsonNode answer = reply.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException(method + " failed: " + answer.get("error"));
            }
            return answer.get("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(method + " got no answer", e);
        } finally {
            calls.remove(id);
        }
    }

    private void receive(String text) {
        JsonNode message = EventJson.mapper().readTree(text);
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = calls.get(message.get("id").asInt());
            if (reply != null) {
                reply.complete(message);
            }
            return;
        }
        String method = message.path("method").asString("");
        JsonNode params = message.path("params");
        switch (method) {
            case "Runtime.exceptionThrown" -> problems.add("exception: " + params.at("/exceptionDetails"));
            case "Runtime.consoleAPICalled" -> {
                if (params.path("type").asString("").equals("error")) {
                    problems.add("console.error: " + params.path("args"));
                }
            }
            case "Log.entryAdded" -> {
                if (params.at("/entry/level").asString("").equals("error")) {
                    problems.add("log: " + params.at("/entry/text").asString() + " " + params.at("/entry/url"));
                }
            }
            default -> {}
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendText("{\"id\":0,\"method\":\"Browser.close\"}", true).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The browser is being killed anyway.
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    /** Reassembles fragmented frames into messages. */
    private record Listener(java.util.function.Consumer<String> onMessage, StringBuilder buffer)
            implements WebSocket.Listener {

        Listener(java.util.function.Consumer<String> onMessage) {
            this(onMessage, new StringBuilder());
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String message = buffer.toString();
                buffer.setLength(0);
                onMessage.accept(message);
            }
            socket.request(1);
            return null;
        }
    }

    static List<String> lines(JsonNode array) {
        List<String> lines = new ArrayList<>();
        array.forEach(node -> lines.add(node.asString()));
        return lines;
    }
}
