package dev.ripple.cascade.bench;

import dev.ripple.cascade.CascadeServiceApplication;
import dev.ripple.events.EventJson;
import dev.ripple.testsupport.RealInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Query latency of the cascade API at scale: loads ~1 million shares (with cascades, follows and accounts in
 * realistic proportion) into a real PostgreSQL 17 with COPY, starts cascade-service on it, and times each endpoint
 * through real HTTP, one request at a time, printing p50/p95/p99/max per query. Not part of {@code ./mvnw verify};
 * run it with
 *
 * <pre>./mvnw -pl cascade-service -am test -P query-benchmark</pre>
 *
 * ({@code -Dripple.bench.shares=N} for another size, {@code -Dripple.bench.iterations=N} per query,
 * {@code -Dripple.bench.only=REGEX} for some queries only). The table is
 * also written to cascade-service/target/query-benchmark.md.
 */
class QueryLatencyBenchmark {

    private static final int SHARES = Integer.getInteger("ripple.bench.shares", 1_000_000);
    private static final int ITERATIONS = Integer.getInteger("ripple.bench.iterations", 300);
    private static final int WARMUP = Integer.getInteger("ripple.bench.warmup", 100);
    private static final java.util.regex.Pattern ONLY =
            java.util.regex.Pattern.compile(System.getProperty("ripple.bench.only", ".*"));

    private final Random random = new Random(7);
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @Test
    void measure() throws Exception {
        StringBuilder report = new StringBuilder();
        RealInfrastructure.Database database = RealInfrastructure.newDatabase("query_bench");
        Flyway.configure()
                .dataSource(database.url(), database.user(), database.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        long loadStart = System.nanoTime();
        BenchmarkData.Loaded data;
        try (Connection main = database.connect();
                Connection side = database.connect()) {
            data = new BenchmarkData(42, SHARES).load(main, side);
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        long analyzeStart = System.nanoTime();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("vacuum analyze");
        }
        double analyzeSeconds = (System.nanoTime() - analyzeStart) / 1e9;
        line(
                report,
                String.format(
                        Locale.ROOT,
                        "Loaded %,d shares in %,d cascades and %,d follows with COPY in %.1f s (vacuum analyze %.1f s);"
                                + " largest cascade %,d shares.",
                        data.shares(),
                        data.cascades(),
                        data.follows(),
                        loadSeconds,
                        analyzeSeconds,
                        largestSize(database, data)));

        ConfigurableApplicationContext app = new SpringApplicationBuilder(CascadeServiceApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + database.url(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password(),
                        "--ripple.kafka.bootstrap-servers=" + RealInfrastructure.kafkaBootstrapServers(),
                        "--spring.cloud.stream.kafka.binder.brokers=" + RealInfrastructure.kafkaBootstrapServers(),
                        "--spring.cloud.stream.bindings.correlate-in-0.group=query-benchmark",
                        "--ripple.kafka.partitions=3",
                        "--logging.level.root=WARN");
        try {
            base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            List<String> subjects = data.subjectRefs();
            String topSubject = subjects.getFirst();
            line(report, "");
            line(report, "| query | n | p50 ms | p95 ms | p99 ms | max ms |");
            line(report, "|---|---:|---:|---:|---:|---:|");
            measure(report, "list: most recent, page 1", () -> "/api/v1/cascades");
            String[] cursor = {null};
            measure(
                    report,
                    "list: most recent, pages 2–5 (cursor)",
                    () -> {
                        if (cursor[0] == null || random.nextInt(4) == 0) {
                            cursor[0] = get("/api/v1/cascades").get("next").asString();
                        }
                        String path = "/api/v1/cascades?cursor=" + cursor[0];
                        cursor[0] = null;
                        return path;
                    },
                    body -> cursor[0] = body.get("next").asString(null));
            measure(report, "list: by size", () -> "/api/v1/cascades?sort=size");
            measure(report, "list: by attributed follows", () -> "/api/v1/cascades?sort=follows");
            measure(report, "list: by structural virality", () -> "/api/v1/cascades?sort=virality");
            measure(
                    report,
                    "list: subject (Zipf-random), recent",
                    () -> "/api/v1/cascades?subject=" + subjects.get(zipfIndex(subjects.size())));
            measure(report, "list: busiest subject, recent", () -> "/api/v1/cascades?subject=" + topSubject);
            measure(report, "list: busiest subject, by size", () -> "/api/v1/cascades?sort=size&subject=" + topSubject);
            measure(
                    report,
                    "list: busiest subject, by virality",
                    () -> "/api/v1/cascades?sort=virality&subject=" + topSubject);
            measure(
                    report,
                    "list: sharer (random)",
                    () -> "/api/v1/cascades?sharer="
                            + data.sharerRefs()
                                    .get(random.nextInt(data.sharerRefs().size())));
            measure(report, "list: platform + minSize=5, recent", () -> "/api/v1/cascades?platform=bluesky&minSize=5");
            measure(report, "list: minFollows=20, by follows", () -> "/api/v1/cascades?minFollows=20&sort=follows");
            measure(report, "list: one month (from/to), recent", () -> {
                int month = 1 + random.nextInt(12);
                return String.format(Locale.ROOT, "/api/v1/cascades?from=2025-%02d-01&to=2025-%02d-15", month, month);
            });
            measure(
                    report,
                    "summary: GET /cascades/{id} (random)",
                    () -> "/api/v1/cascades/" + pick(data.cascadeIds()));
            measure(
                    report,
                    "summary: GET /cascades/{id} (largest 1 %)",
                    () -> "/api/v1/cascades/" + pick(data.largestCascades()));
            measure(report, "tree (random)", () -> "/api/v1/cascades/" + pick(data.cascadeIds()) + "/tree");
            measure(report, "tree (largest 1 %)", () -> "/api/v1/cascades/" + pick(data.largestCascades()) + "/tree");
            measure(report, "graph (largest 1 %)", () -> "/api/v1/cascades/" + pick(data.largestCascades()) + "/graph");
            measure(
                    report,
                    "timeline (largest 1 %)",
                    () -> "/api/v1/cascades/" + pick(data.largestCascades()) + "/timeline");
            measure(
                    report,
                    "impact: sharer (random)",
                    () -> "/api/v1/accounts/"
                            + data.sharerRefs()
                                    .get(random.nextInt(data.sharerRefs().size())) + "/impact");
            measure(
                    report,
                    "bridges: subject (Zipf-random)",
                    () -> "/api/v1/accounts/" + subjects.get(zipfIndex(subjects.size())) + "/bridges");
            measure(report, "bridges: busiest subject", () -> "/api/v1/accounts/" + topSubject + "/bridges");
            measure(
                    report,
                    "attribution: follow (random)",
                    () -> "/api/v1/follows/"
                            + data.followIds()
                                    .get(random.nextInt(data.followIds().size())) + "/attribution");
        } finally {
            app.close();
        }
        Path file = Path.of("target/query-benchmark.md");
        Files.writeString(file, report);
        System.out.println("\n" + report);
    }

    private void measure(StringBuilder report, String name, Supplier<String> path) throws Exception {
        measure(report, name, path, body -> {});
    }

    private void measure(
            StringBuilder report, String name, Supplier<String> path, java.util.function.Consumer<JsonNode> after)
            throws Exception {
        if (!ONLY.matcher(name).find()) {
            return;
        }
        for (int i = 0; i < WARMUP; i++) {
            after.accept(get(path.get()));
        }
        long[] nanos = new long[ITERATIONS];
        for (int i = 0; i < ITERATIONS; i++) {
            String next = path.get();
            long start = System.nanoTime();
            HttpResponse<String> response = send(next);
            nanos[i] = System.nanoTime() - start;
            after.accept(EventJson.mapper().readTree(response.body()));
        }
        Arrays.sort(nanos);
        line(
                report,
                String.format(
                        Locale.ROOT,
                        "| %s | %d | %.1f | %.1f | %.1f | %.1f |",
                        name,
                        ITERATIONS,
                        percentile(nanos, 50),
                        percentile(nanos, 95),
                        percentile(nanos, 99),
                        nanos[nanos.length - 1] / 1e6));
    }

    private JsonNode get(String path) {
        return EventJson.mapper().readTree(send(path).body());
    }

    private HttpResponse<String> send(String path) {
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(60))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Subjects are asked about as often as they are shared: Zipf-weighted. */
    private int zipfIndex(int n) {
        return Math.min(n - 1, (int) Math.floor(Math.pow(n, random.nextDouble())) - 1);
    }

    private static long largestSize(RealInfrastructure.Database database, BenchmarkData.Loaded data) throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                var rs = statement.executeQuery("select max(size) from cascade")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void line(StringBuilder report, String text) {
        report.append(text).append('\n');
        System.out.println(text);
    }
}
