package dev.ripple.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ripple.testsupport.RealInfrastructure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three packaged services as processes (JSON logs on), against a real Kafka broker and PostgreSQL, a webhook
 * receiver and a local stand-in for a Mastodon instance (so a live source runs and reports its rate limits). The seed
 * story is replayed into ingest-service with a known W3C {@code traceparent}; then:
 *
 * <ul>
 *   <li>every webhook that reaches the receiver carries that trace id in its own {@code traceparent}, and so does every
 *       record of the replay on the intermediate topics (shares, follows, following, attributions);
 *   <li>every metric the Grafana dashboard queries is exposed by a service's metrics endpoint (and the key ones moved);
 *   <li>logs are one JSON object per line, and the lines written while handling the replay carry its trace id;
 *   <li>readiness reports PostgreSQL and Kafka (Spring health groups, ingest-service's health).
 * </ul>
 */
class ObservabilityIT {

    static final Duration STARTUP = Duration.ofSeconds(180);
    static final Duration PATIENCE = Duration.ofSeconds(120);
    static final String API_KEY = "observability-key-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final List<String> TOPICS =
            List.of("ripple.shares.v1", "ripple.follows.v1", "ripple.following.v1", "ripple.attributions.v1");

    static final String TRACE_ID = HexFormat.of().formatHex(random(16));
    static final String CALLER_SPAN_ID = HexFormat.of().formatHex(random(8));
    /** The trace of a malformed record, which cascade-service dead-letters. */
    static final String BAD_TRACE_ID = HexFormat.of().formatHex(random(16));

    static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]");

    static final List<ServiceProcess> services = new ArrayList<>();
    static ServiceProcess ingest;
    static ServiceProcess cascade;
    static ServiceProcess notify;
    static HttpServer receiver;
    static HttpServer mastodon;
    static final List<Map<String, String>> webhooks = new CopyOnWriteArrayList<>();
    static final AtomicInteger mastodonRequests = new AtomicInteger();
    static Path logs;

    @BeforeAll
    static void runTheSeedStoryWithAKnownTrace() throws Exception {
        Path ingestJar = jar("ripple.it.ingest-jar");
        Path cascadeJar = jar("ripple.it.cascade-jar");
        Path notifyJar = jar("ripple.it.notify-jar");
        logs = Files.createDirectories(Path.of(property("ripple.it.log-dir")));

        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/webhooks", exchange -> {
            Map<String, String> seen = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(), values.getFirst()));
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            webhooks.add(seen);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        mastodon = mastodonStandIn();

        Path watch = logs.resolve("watch.yml");
        Files.writeString(watch, """
                mastodon:
                  - acct: author@mastodon.test
                    base-url: http://127.0.0.1:%d
                """.formatted(mastodon.getAddress().getPort()));

        String kafka = RealInfrastructure.kafkaBootstrapServers();
        RealInfrastructure.Database cascadeDb = RealInfrastructure.newDatabase("obs_cascade");
        RealInfrastructure.Database notifyDb = RealInfrastructure.newDatabase("obs_notify");
        int cascadePort = freePort();
        Map<String, String> common = Map.of(
                "RIPPLE_KAFKA_BOOTSTRAP_SERVERS",
                kafka,
                "RIPPLE_KAFKA_PARTITIONS",
                "3",
                "RIPPLE_LOG_FORMAT",
                "json",
                "RIPPLE_CASCADE_URL",
                "http://127.0.0.1:" + cascadePort);

        Map<String, String> cascadeEnv = new HashMap<>(common);
        cascadeEnv.putAll(database(cascadeDb));
        cascade = start("cascade-service", cascadeJar, cascadePort, "/actuator/health", cascadeEnv);
        Map<String, String> ingestEnv = new HashMap<>(common);
        ingestEnv.put("RIPPLE_WATCH_FILE", watch.toString());
        ingestEnv.put("RIPPLE_INGEST_INSTANCE_ID", "observability-it");
        ingestEnv.put("RIPPLE_MASTODON_POLL_INTERVAL", "2s");
        int ingestPort = freePort();
        ingest = start("ingest-service", ingestJar, ingestPort, "/health", ingestEnv);
        Map<String, String> notifyEnv = new HashMap<>(common);
        notifyEnv.putAll(database(notifyDb));
        notifyEnv.put("RIPPLE_NOTIFY_ALLOWED_NETWORKS", "127.0.0.0/8");
        notifyEnv.put("RIPPLE_NOTIFY_API_KEYS", "it:" + API_KEY);
        notifyEnv.put("RIPPLE_NOTIFY_MAX_WAIT", "3s");
        notify = start("notify-service", notifyJar, freePort(), "/actuator/health", notifyEnv);
        Instant deadline = Instant.now().plus(STARTUP);
        for (ServiceProcess service : services) {
            service.awaitHealthy(deadline);
        }

        HttpResponse<String> subscribed = send(HttpRequest.newBuilder(notify.baseUri.resolve("/api/v1/subscriptions"))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"http://127.0.0.1:"
                        + receiver.getAddress().getPort() + "/webhooks\",\"minConfidence\":0.5,\"eventTypes\":["
                        + "\"share.follows.first\",\"share.follows.digest\",\"share.follows.milestone\","
                        + "\"cascade.summary\",\"subject.follows.digest\"]}")));
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);

        HttpResponse<String> accepted = send(HttpRequest.newBuilder(ingest.baseUri.resolve("/api/v1/replays?speed=0"))
                .header("Content-Type", "application/x-ndjson")
                .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
                .POST(HttpRequest.BodyPublishers.ofFile(Repo.file("scenarios/seed-story.jsonl"))));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        URI report =
                ingest.baseUri.resolve(accepted.headers().firstValue("Location").orElseThrow());
        publishMalformedShare();
        withLogs(() -> await("the replay completes").atMost(PATIENCE).untilAsserted(() -> {
            JsonNode status = JSON.readTree(ServiceProcess.get(report).body());
            assertThat(status.path("status").asText()).as("%s", status).isEqualTo("COMPLETED");
        }));
        // Sarah's burst of 25 within a minute is told at once as a milestone: by then the trace has gone all the way.
        withLogs(() -> await("alerts reach the receiver")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> webhooks.stream().anyMatch(w -> w.get("body").contains("share.follows.milestone"))));
    }

    @AfterAll
    static void stopEverything() {
        services.forEach(ServiceProcess::stop);
        if (receiver != null) {
            receiver.stop(0);
        }
        if (mastodon != null) {
            mastodon.stop(0);
        }
    }

    /** A record on the shares topic that is not an event, in a trace of its own: cascade-service dead-letters it. */
    static void publishMalformedShare() throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    "ripple.shares.v1",
                    "mastodon:example.social:nobody",
                    "not an event".getBytes(StandardCharsets.UTF_8));
            record.headers()
                    .add(
                            "traceparent",
                            ("00-" + BAD_TRACE_ID + "-" + CALLER_SPAN_ID + "-01").getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void everyWebhookCarriesTheTraceOfThePlatformEventsThatCausedIt() {
        assertThat(webhooks).isNotEmpty();
        for (Map<String, String> webhook : webhooks) {
            String traceparent = webhook.get("traceparent");
            assertThat(traceparent)
                    .as("traceparent of webhook %s", webhook.get("webhook-id"))
                    .isNotNull()
                    .matches(TRACEPARENT);
            Matcher m = TRACEPARENT.matcher(traceparent);
            assertThat(m.matches()).isTrue();
            assertThat(m.group(1))
                    .as("trace id of webhook %s", webhook.get("webhook-id"))
                    .isEqualTo(TRACE_ID);
            // A span of notify-service's own (the delivery attempt), not the caller's.
            assertThat(m.group(2)).isNotEqualTo(CALLER_SPAN_ID).isNotEqualTo("0000000000000000");
            // The signature covers id, timestamp and body only: the trace headers travel beside it.
            assertThat(webhook).containsKeys("webhook-id", "webhook-timestamp", "webhook-signature");
        }
    }

    @Test
    void theTraceIsOnEveryRecordOfTheReplayOnTheIntermediateTopics() {
        Map<String, List<String>> traceIds = traceIdsOn(TOPICS);
        for (String topic : TOPICS) {
            assertThat(traceIds.get(topic)).as("records on %s", topic).isNotEmpty();
            assertThat(traceIds.get(topic))
                    .as("trace ids on %s (every record of the replay continues the caller's trace)", topic)
                    .containsOnly(TRACE_ID);
        }
        // The seed story's 5 shares, 59 follows, 59 snapshots; and every attribution decided from them.
        assertThat(traceIds.get("ripple.shares.v1")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(traceIds.get("ripple.follows.v1")).hasSizeGreaterThanOrEqualTo(59);
    }

    @Test
    void everyMetricTheDashboardQueriesIsExposedAndTheKeyOnesMoved() {
        // The gauges read from PostgreSQL and Kafka refresh every 5 s (backlog, endpoints) and 15 s (consumer lag), so
        // the values are awaited, scraping again until every assertion holds.
        await("metrics of every panel, and the key ones moved")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(ObservabilityIT::dashboardMetricsExposedAndKeyOnesMoved);
    }

    static void dashboardMetricsExposedAndKeyOnesMoved() throws IOException {
        Map<String, Map<String, Double>> scraped = scrape();
        Set<String> exposed = new TreeSet<>();
        scraped.values().forEach(samples -> samples.keySet().forEach(s -> exposed.add(name(s))));
        Set<String> missing = new TreeSet<>(Dashboard.load().metricNames());
        missing.removeAll(exposed);
        assertThat(missing)
                .as("metrics the dashboard queries that no service exposes (scrapes in %s)", logs)
                .isEmpty();
        Map<String, Double> ingestSamples = scraped.get("ingest-service");
        Map<String, Double> cascadeSamples = scraped.get("cascade-service");
        Map<String, Double> notifySamples = scraped.get("notify-service");
        assertThat(sum(ingestSamples, "ripple_kafka_records_produced_total", "topic=\"ripple.follows.v1\""))
                .isGreaterThanOrEqualTo(59);
        assertThat(sum(cascadeSamples, "ripple_kafka_records_consumed_total", "topic=\"ripple.follows.v1\""))
                .isGreaterThanOrEqualTo(59);
        assertThat(sum(cascadeSamples, "ripple_cascade_events_consumed_total", "type=\"follow\""))
                .isGreaterThanOrEqualTo(59);
        assertThat(sum(cascadeSamples, "ripple_cascade_decisions_total", "tier=\"GRAPH_EXPOSED\""))
                .isPositive();
        assertThat(sum(cascadeSamples, "ripple_kafka_records_produced_total", "topic=\"ripple.attributions.v1\""))
                .isPositive();
        assertThat(sum(cascadeSamples, "ripple_cascade_decision_latency_seconds_count", "basis=\"wall_clock\""))
                .isPositive();
        assertThat(sum(notifySamples, "ripple_kafka_records_consumed_total", "topic=\"ripple.attributions.v1\""))
                .isPositive();
        assertThat(sum(notifySamples, "ripple_notify_alerts_total", "type=\"share.follows.milestone\""))
                .isPositive();
        assertThat(sum(notifySamples, "ripple_notify_deliveries_total", "outcome=\"DELIVERED\""))
                .isPositive();
        assertThat(sum(notifySamples, "ripple_notify_endpoints", "state=\"active\""))
                .isEqualTo(1);
        assertThat(sum(cascadeSamples, "ripple_cascade_dead_letters_total", "topic=\"ripple.shares.v1\""))
                .isEqualTo(1);
        // A reading of every consumed topic (NaN until the first, or while Kafka does not answer), and nothing left.
        assertThat(values(cascadeSamples, "ripple_kafka_consumer_lag", "group=\"cascade-service\""))
                .as("cascade-service's lag per topic, everything consumed")
                .hasSize(4)
                .containsOnly(0.0);
        assertThat(values(notifySamples, "ripple_kafka_consumer_lag", "group=\"notify-service\""))
                .as("notify-service's lag, everything consumed")
                .containsExactly(0.0);
        assertThat(sum(ingestSamples, "ripple_ingest_errors_total", "source=\"mastodon\""))
                .isPositive();
        assertThat(sum(ingestSamples, "ripple_ingest_rate_limit_waits_total", "source=\"mastodon\""))
                .isPositive();
        // The live Mastodon source ran against the stand-in and reported the instance's rate limit.
        assertThat(mastodonRequests.get()).isPositive();
        assertThat(sum(ingestSamples, "ripple_ingest_rate_limit_limit", "source=\"mastodon\""))
                .isEqualTo(300);
        // Every meter names its service.
        scraped.forEach((service, samples) -> assertThat(samples.keySet())
                .as("%s samples tagged application", service)
                .anyMatch(s -> s.contains("application=\"" + service + "\"")));
    }

    @Test
    void logsAreOneJsonObjectPerLineWithTheTraceIdWhileTheReplayIsHandled() {
        for (ServiceProcess service : services) {
            List<String> lines = service.logLines();
            assertThat(lines).as("%s log", service.name).isNotEmpty();
            for (String line : lines) {
                JsonNode entry;
                try {
                    entry = JSON.readTree(line);
                } catch (IOException e) {
                    throw new AssertionError(service.name + " logged a line that is not JSON: " + line, e);
                }
                assertThat(entry.isObject()).as(line).isTrue();
                assertThat(entry.path("@timestamp").asText()).as(line).isNotEmpty();
                assertThat(entry.path("message").isMissingNode()).as(line).isFalse();
            }
        }
        // ingest-service logs the replay in its caller's trace, notify-service the alerts and deliveries in theirs.
        for (ServiceProcess service : List.of(ingest, notify)) {
            assertThat(service.logLines())
                    .as("%s log lines with trace id %s", service.name, TRACE_ID)
                    .anyMatch(line -> line.contains("\"traceId\":\"" + TRACE_ID + "\""));
        }
        // cascade-service logs the dead letter in the malformed record's trace.
        assertThat(cascade.logLines())
                .as("cascade-service's dead-letter line with trace id %s", BAD_TRACE_ID)
                .anyMatch(line ->
                        line.contains("\"traceId\":\"" + BAD_TRACE_ID + "\"") && line.contains("Dead-lettered"));
    }

    @Test
    void readinessReflectsKafkaAndPostgres() throws IOException {
        for (ServiceProcess spring : List.of(cascade, notify)) {
            HttpResponse<String> ready = ServiceProcess.get(spring.baseUri.resolve("/actuator/health/readiness"));
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            JsonNode components = JSON.readTree(ready.body()).path("components");
            assertThat(components.path("db").path("status").asText())
                    .as("%s readiness: %s", spring.name, ready.body())
                    .isEqualTo("UP");
            assertThat(components.path("binders").path("status").asText())
                    .as("%s readiness: %s", spring.name, ready.body())
                    .isEqualTo("UP");
            HttpResponse<String> live = ServiceProcess.get(spring.baseUri.resolve("/actuator/health/liveness"));
            assertThat(live.statusCode()).isEqualTo(200);
        }
        HttpResponse<String> ready = ServiceProcess.get(ingest.baseUri.resolve("/health/readiness"));
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body())
                        .path("details")
                        .path("kafka")
                        .path("status")
                        .asText())
                .as(ready.body())
                .isEqualTo("UP");
    }

    /** The trace id of each record's traceparent on the topics, read committed from the start. */
    static Map<String, List<String>> traceIdsOn(List<String> topics) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, List<String>> found = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                found.put(topic, new ArrayList<>());
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(Instant.now()).as("reading %s", topics).isBefore(deadline);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header source = record.headers().lastHeader("ce_source");
                    if (!record.topic().equals("ripple.attributions.v1")
                            && (source == null
                                    || !new String(source.value(), StandardCharsets.UTF_8)
                                            .equals("/ripple/ingest/replay"))) {
                        continue; // not published by the replay (the malformed record)
                    }
                    Header header = record.headers().lastHeader("traceparent");
                    String value = header == null ? "(none)" : new String(header.value(), StandardCharsets.UTF_8);
                    Matcher m = TRACEPARENT.matcher(value);
                    found.get(record.topic()).add(m.matches() ? m.group(1) : value);
                }
            }
        }
        return found;
    }

    /** Each service's metrics: sample (name and labels) → value. Also written to the log folder. */
    static Map<String, Map<String, Double>> scrape() throws IOException {
        Map<String, Map<String, Double>> all = new LinkedHashMap<>();
        for (var entry : Map.of(
                        ingest, "/prometheus",
                        cascade, "/actuator/prometheus",
                        notify, "/actuator/prometheus")
                .entrySet()) {
            HttpResponse<String> response =
                    ServiceProcess.get(entry.getKey().baseUri.resolve(entry.getValue()));
            assertThat(response).as("%s metrics", entry.getKey().name).isNotNull();
            assertThat(response.statusCode()).isEqualTo(200);
            Files.writeString(logs.resolve(entry.getKey().name + ".prom"), response.body());
            Map<String, Double> samples = new TreeMap<>();
            for (String line : response.body().split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                String value = line.substring(space + 1);
                samples.put(
                        line.substring(0, space).strip(),
                        value.equals("NaN") ? Double.NaN : Double.parseDouble(value.replace("+Inf", "Infinity")));
            }
            all.put(entry.getKey().name, samples);
        }
        return all;
    }

    static String name(String sample) {
        int brace = sample.indexOf('{');
        return brace < 0 ? sample : sample.substring(0, brace);
    }

    /** The values of a metric's samples that have the label, NaN included. */
    static List<Double> values(Map<String, Double> samples, String metric, String label) {
        return samples.entrySet().stream()
                .filter(e -> name(e.getKey()).equals(metric) && e.getKey().contains(label))
                .map(Map.Entry::getValue)
                .toList();
    }

    static double sum(Map<String, Double> samples, String metric, String label) {
        return samples.entrySet().stream()
                .filter(e -> name(e.getKey()).equals(metric) && e.getKey().contains(label))
                .mapToDouble(Map.Entry::getValue)
                .filter(v -> !Double.isNaN(v))
                .sum();
    }

    /** Answers a Mastodon instance's public account endpoints, with rate-limit headers, and nothing new to report. */
    static HttpServer mastodonStandIn() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/", exchange -> {
            int count = mastodonRequests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            exchange.getResponseHeaders().add("X-RateLimit-Limit", "300");
            exchange.getResponseHeaders().add("X-RateLimit-Remaining", Integer.toString(Math.max(0, 300 - count)));
            // Like an instance under load: the second request fails, the fourth is refused for the rate limit.
            if (count == 2 || count == 4) {
                byte[] error = "{\"error\":\"Too many requests\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders()
                        .add("X-RateLimit-Reset", Instant.now().plusSeconds(1).toString());
                exchange.sendResponseHeaders(count == 2 ? 503 : 429, error.length);
                exchange.getResponseBody().write(error);
                exchange.close();
                return;
            }
            String body = path.equals("/api/v1/accounts/lookup")
                    ? "{\"id\":\"1\",\"username\":\"author\",\"acct\":\"author\",\"uri\":\"http://127.0.0.1/users/"
                            + "author\",\"followers_count\":0,\"following_count\":0}"
                    : "[]";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders()
                    .add("X-RateLimit-Reset", Instant.now().plusSeconds(300).toString());
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    static ServiceProcess start(String name, Path jar, int port, String health, Map<String, String> env) {
        Map<String, String> settings = new HashMap<>(env);
        settings.put("RIPPLE_HTTP_PORT", Integer.toString(port));
        ServiceProcess service = ServiceProcess.start(name, jar, port, health, settings, logs.resolve(name + ".log"));
        services.add(service);
        return service;
    }

    static Map<String, String> database(RealInfrastructure.Database db) {
        return Map.of("RIPPLE_DB_URL", db.url(), "RIPPLE_DB_USER", db.user(), "RIPPLE_DB_PASSWORD", db.password());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void withLogs(Runnable check) {
        try {
            check.run();
        } catch (AssertionError | RuntimeException e) {
            StringBuilder tails = new StringBuilder();
            services.forEach(s -> tails.append(s.tail(40)));
            throw new AssertionError(e.getMessage() + tails, e);
        }
    }

    static Path jar(String property) throws IOException {
        Path jar = Path.of(property(property));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is not built: run ./mvnw -pl deploy/checks -am verify (the reactor"
                    + " packages the services before this module)");
        }
        // A copy, so a concurrent ./mvnw package cannot change a running service's jar under it.
        Path copy = Files.createDirectories(Path.of(property("ripple.it.log-dir"), "jars"))
                .resolve(jar.getFileName());
        Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set (run through Maven)");
        }
        return value;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }
}
