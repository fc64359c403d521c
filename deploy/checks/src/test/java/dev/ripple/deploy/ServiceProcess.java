package dev.ripple.deploy;

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

/** A packaged service started as its own JVM, as a deployment runs it; its output goes to a log file. */
final class ServiceProcess {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final URI baseUri;
    final Path log;
    private final URI healthUri;
    private final Process process;

    private ServiceProcess(String name, URI baseUri, String healthPath, Path log, Process process) {
        this.name = name;
        this.baseUri = baseUri;
        this.healthUri = baseUri.resolve(healthPath);
        this.log = log;
        this.process = process;
    }

    /** Starts {@code java -jar jar} with {@code env} and no other {@code RIPPLE_*} variable. */
    static ServiceProcess start(String name, Path jar, int port, String healthPath, Map<String, String> env, Path log) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(false)
                .redirectOutput(log.toFile())
                .redirectError(log.resolveSibling(log.getFileName() + ".stderr").toFile())
                .directory(log.getParent().toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("RIPPLE_") || key.startsWith("OTEL_"));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            return new ServiceProcess(name, URI.create("http://127.0.0.1:" + port), healthPath, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " from " + jar, e);
        }
    }

    /** Waits until the health endpoint answers 200 with status UP; fails early when the process exits. */
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
                        HttpResponse<String> health = get(healthUri);
                        return health != null
                                && health.statusCode() == 200
                                && health.body().matches("(?s).*\"status\"\\s*:\\s*\"UP\".*");
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " did not report UP on " + healthUri + " in time" + tail(60), e);
        }
    }

    /** GET, or null when nothing answers. */
    static HttpResponse<String> get(URI uri) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    List<String> logLines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of the log (and of stderr), introduced by a header line. */
    String tail(int lines) {
        StringBuilder text = new StringBuilder();
        for (Path file : List.of(log, log.resolveSibling(log.getFileName() + ".stderr"))) {
            try {
                List<String> all = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
                List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
                text.append("\n--- last ")
                        .append(last.size())
                        .append(" lines of ")
                        .append(file)
                        .append(" ---\n")
                        .append(String.join("\n", last));
            } catch (IOException | UncheckedIOException e) {
                text.append("\n(cannot read ")
                        .append(file)
                        .append(": ")
                        .append(e)
                        .append(')');
            }
        }
        return text.append("\n---").toString();
    }

    /** SIGTERM, then SIGKILL after 15 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
