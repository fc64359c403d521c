package dev.ripple.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.core.JacksonException;

/** A packaged service started as its own JVM, the way {@code ./ripple} starts it. */
final class ServiceProcess {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final URI baseUri;
    private final URI healthUri;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, URI baseUri, String healthPath, Path log, Process process) {
        this.name = name;
        this.baseUri = baseUri;
        this.healthUri = baseUri.resolve(healthPath);
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code java -jar jar} with {@code env} (and no other {@code RIPPLE_*} variables), its output going to
     * {@code log}.
     */
    static ServiceProcess start(String name, Path jar, int port, String healthPath, Map<String, String> env, Path log) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1"));
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(log.getParent().toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("RIPPLE_"));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            return new ServiceProcess(name, URI.create("http://127.0.0.1:" + port), healthPath, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " from " + jar, e);
        }
    }

    /** Waits until the health endpoint answers {@code "status": "UP"}; fails early when the process exits. */
    void awaitHealthy(Instant deadline) {
        Duration patience = Duration.between(Instant.now(), deadline);
        try {
            Awaitility.await(name + " healthy")
                    .atMost(patience.isNegative() ? Duration.ZERO : patience)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError(
                                    name + " exited with code " + process.exitValue() + " while starting" + tail(60));
                        }
                        return healthy();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " did not report UP on " + healthUri + " in time" + tail(60), e);
        }
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(healthUri)
                            .timeout(Duration.ofSeconds(3))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    && "UP".equals(Json.text(Json.MAPPER.readTree(response.body()), "status"));
        } catch (IOException | JacksonException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of the log, introduced by a header line. */
    String tail(int lines) {
        try {
            List<String> all = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return "\n--- last " + last.size() + " lines of " + log + " ---\n" + String.join("\n", last) + "\n---";
        } catch (IOException | UncheckedIOException e) {
            return "\n(cannot read " + log + ": " + e + ")";
        }
    }

    /** SIGTERM, then SIGKILL after 10 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
