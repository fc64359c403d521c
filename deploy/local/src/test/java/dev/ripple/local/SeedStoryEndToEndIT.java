package dev.ripple.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.testsupport.RealInfrastructure;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The seed story through the whole pipeline: the packaged ingest, cascade and notify services run as processes (as
 * {@code ./ripple} runs them) against a real Kafka broker and real PostgreSQL; a local sink verifies every webhook with
 * the independent Standard Webhooks library. The outcome must equal {@code scenarios/seed-story.expected.json}.
 */
class SeedStoryEndToEndIT {

    static final Duration STARTUP = Duration.ofSeconds(150);
    static final String API_KEY = "e2e-key-0123456789abcdef";
    /**
     * The demo's subscription: every claim counts, each with its confidence. The seed story's evening follows are
     * explained by follow-graph exposure hours after the share, which the calibrated engine rates 0.11 to 0.48.
     */
    static final double MIN_CONFIDENCE = 0.05;

    static final Duration PATIENCE = Duration.ofSeconds(90);
    /**
     * Sarah's alerts (type, new/total follows) exactly: her first follow at once; the evening's trickle as two hourly
     * digests; the burst of 25 within a minute as one alert that passes 25; the next day's trickle hourly (passing 50);
     * the last follows two days later.
     */
    static final List<String> ROOT_SEQUENCE = List.of(
            "first 1/1",
            "digest 3/4",
            "digest 2/6",
            "milestone 25/31",
            "digest 3/34",
            "digest 7/41",
            "digest 6/47",
            "milestone 5/52",
            "digest 3/55",
            "digest 1/56");

    static final Instant BURST_START = Instant.parse("2009-09-18T15:20:30Z");
    static final Instant BURST_END = Instant.parse("2009-09-18T15:21:30Z");

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static final List<ServiceProcess> services = new ArrayList<>();
    static JsonNode expected;
    static String subject;
    static String rootSharer;
    static ServiceProcess ingestService;
    static ServiceProcess cascadeService;
    static ServiceProcess notifyService;
    static WebhookSink sink;
    static PrintStream sinkOutput;

    @BeforeAll
    static void runTheSeedStory() throws Exception {
        requirePackagedJars("ripple.e2e.ingest-jar", "ripple.e2e.cascade-jar", "ripple.e2e.notify-jar");
        Path logs = Files.createDirectories(Path.of(property("ripple.e2e.log-dir")));
        Path ingestJar = snapshot("ripple.e2e.ingest-jar", logs);
        Path cascadeJar = snapshot("ripple.e2e.cascade-jar", logs);
        Path notifyJar = snapshot("ripple.e2e.notify-jar", logs);
        Path seedStory = Path.of(property("ripple.e2e.seed-story"));
        expected = Json.MAPPER.readTree(Files.readString(Path.of(property("ripple.e2e.expected"))));
        subject = expected.get("subject").asString();
        rootSharer = actorOfShare(seedStory, expected.at("/cascade/root").asString());

        String kafka = RealInfrastructure.kafkaBootstrapServers();
        RealInfrastructure.Database cascadeDb = RealInfrastructure.newDatabase("e2e_cascade");
        RealInfrastructure.Database notifyDb = RealInfrastructure.newDatabase("e2e_notify");
        int cascadePort = freePort();
        Map<String, String> common = Map.of(
                "RIPPLE_KAFKA_BOOTSTRAP_SERVERS",
                kafka,
                "RIPPLE_KAFKA_PARTITIONS",
                "3",
                "RIPPLE_CASCADE_URL",
                "http://127.0.0.1:" + cascadePort);

        cascadeService = start(
                "cascade-service", cascadeJar, cascadePort, "/actuator/health", common, database(cascadeDb), logs);
        int ingestPort = freePort();
        ingestService = start("ingest-service", ingestJar, ingestPort, "/health", common, Map.of(), logs);
        Map<String, String> notifySettings = new HashMap<>(database(notifyDb));
        notifySettings.put("RIPPLE_NOTIFY_ALLOWED_NETWORKS", "127.0.0.0/8");
        notifySettings.put("RIPPLE_NOTIFY_API_KEYS", "e2e:" + API_KEY);
        // Long enough that windows close on event time, not on a slow machine's wall clock: the sequence is exact.
        notifySettings.put("RIPPLE_NOTIFY_MAX_WAIT", "10s");
        notifyService =
                start("notify-service", notifyJar, freePort(), "/actuator/health", common, notifySettings, logs);
        Instant deadline = Instant.now().plus(STARTUP);
        for (ServiceProcess service : services) {
            service.awaitHealthy(deadline);
        }

        Path secretFile = logs.resolve("sink-secret");
        Files.deleteIfExists(secretFile);
        sinkOutput =
                new PrintStream(new FileOutputStream(logs.resolve("sink.log").toFile()), true, StandardCharsets.UTF_8);
        sink = WebhookSink.start(
                new InetSocketAddress("127.0.0.1", 0),
                secretFile,
                sinkOutput,
                new AlertFormatter(ZoneOffset.UTC),
                Clock.systemUTC());

        HttpResponse<String> subscribed =
                send(HttpRequest.newBuilder(notifyService.baseUri.resolve("/api/v1/subscriptions"))
                        .header("Content-Type", "application/json")
                        .header("X-Api-Key", API_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + sink.webhookUrl()
                                + "\",\"minConfidence\":" + MIN_CONFIDENCE + ",\"eventTypes\":[\"share.follows.first\","
                                + "\"share.follows.digest\",\"share.follows.milestone\",\"cascade.summary\","
                                + "\"subject.follows.digest\"]}")));
        assertThat(subscribed.statusCode())
                .as("POST /api/v1/subscriptions: %s", subscribed.body())
                .isEqualTo(201);
        String secret = Json.text(Json.MAPPER.readTree(subscribed.body()), "secret");
        assertThat(secret).as("the subscription's secret").startsWith("whsec_");
        Files.writeString(secretFile, secret);

        HttpResponse<String> accepted =
                send(HttpRequest.newBuilder(ingestService.baseUri.resolve("/api/v1/replays?speed=0"))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofFile(seedStory)));
        assertThat(accepted.statusCode())
                .as("POST /api/v1/replays: %s", accepted.body())
                .isEqualTo(202);
        URI report = ingestService.baseUri.resolve(accepted.headers()
                .firstValue("Location")
                .orElseThrow(() -> new AssertionError("the replay was accepted without a Location header")));
        withLogsOnFailure(() -> await("the replay completes")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    JsonNode status = getJson(report);
                    assertThat(Json.text(status, "status"))
                            .as("replay report %s", status)
                            .isEqualTo("COMPLETED");
                    assertThat(Json.number(status, "rejected"))
                            .as("rejected lines in %s", status)
                            .isZero();
                }));
    }

    @AfterAll
    static void stopEverything() {
        if (sink != null) {
            sink.close();
        }
        if (sinkOutput != null) {
            sinkOutput.close();
        }
        services.forEach(ServiceProcess::stop);
    }

    @Test
    void cascadeListCountsTheSubjectsFollows() {
        long total = expected.get("follows_total").asLong();
        long unattributed = expected.get("unattributed_follows").asLong();
        long attributed = total - unattributed;
        withLogsOnFailure(() -> await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode list = getJson(cascadesOfSubject());
            assertThat(list.at("/subject/ref").asString()).isEqualTo(subject);
            assertThat(list.at("/subject/handle").asString()).isNotBlank();
            assertThat(list.at("/follows/total").asLong())
                    .as("follows.total in %s", list)
                    .isEqualTo(total);
            assertThat(list.at("/follows/attributed").asLong())
                    .as("follows.attributed")
                    .isEqualTo(attributed);
            assertThat(list.at("/follows/unattributed").asLong())
                    .as("follows.unattributed")
                    .isEqualTo(unattributed);
            assertThat(list.get("cascades").values()).singleElement().satisfies(cascade -> {
                assertThat(cascade.get("rootUri").asString())
                        .isEqualTo(expected.at("/cascade/root").asString());
                assertThat(cascade.at("/rootActor/ref").asString()).isEqualTo(rootSharer);
                assertThat(cascade.get("size").asInt())
                        .isEqualTo(expected.at("/cascade/parents").size() + 1);
                assertThat(cascade.get("attributedFollows").asLong()).isEqualTo(attributed);
            });
        }));
    }

    @Test
    void cascadeTreeHasTheExpectedParentsAndCredits() {
        withLogsOnFailure(() -> await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode cascades = getJson(cascadesOfSubject()).get("cascades");
            assertThat(cascades.values()).isNotEmpty();
            String id = cascades.get(0).get("id").asString();
            JsonNode cascade = getJson(cascadeService.baseUri.resolve("/api/v1/cascades/" + encode(id)));

            assertThat(cascade.get("id").asString()).isEqualTo(id);
            assertThat(cascade.at("/subject/ref").asString()).isEqualTo(subject);
            String root = expected.at("/cascade/root").asString();
            assertThat(cascade.get("rootUri").asString()).isEqualTo(root);
            Map<String, JsonNode> nodes = cascade.get("nodes")
                    .valueStream()
                    .collect(Collectors.toMap(node -> node.get("uri").asString(), Function.identity()));
            Set<String> expectedUris =
                    new HashSet<>(expected.at("/cascade/parents").propertyNames());
            expectedUris.add(root);
            assertThat(nodes.keySet()).as("the cascade's shares").isEqualTo(expectedUris);
            assertThat(nodes.get(root).get("parentUri").isNull())
                    .as("the root has no parent")
                    .isTrue();
            assertThat(nodes.get(root).get("depth").asInt()).isZero();
            for (Map.Entry<String, JsonNode> parent :
                    expected.at("/cascade/parents").properties()) {
                JsonNode node = nodes.get(parent.getKey());
                assertThat(node.get("parentUri").asString())
                        .as("parent of %s", parent.getKey())
                        .isEqualTo(parent.getValue().asString());
                assertThat(node.get("depth").asInt())
                        .as("depth of %s", parent.getKey())
                        .isEqualTo(nodes.get(parent.getValue().asString())
                                        .get("depth")
                                        .asInt()
                                + 1);
                assertThat(Json.text(node, "rule"))
                        .as("rule of %s", parent.getKey())
                        .isNotBlank();
                assertThat(node.at("/actor/ref").asString()).isNotBlank();
            }
            assertThat(cascade.get("size").asInt()).isEqualTo(expectedUris.size());

            Map<String, Long> credits = cascade.get("credits")
                    .valueStream()
                    .collect(Collectors.toMap(
                            credit -> credit.at("/sharer/ref").asString(),
                            credit -> credit.get("follows").asLong()));
            Map<String, Long> expectedCredits = expected.get("credited_follows")
                    .propertyStream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, entry -> entry.getValue().asLong()));
            assertThat(credits).as("credited follows per sharer").isEqualTo(expectedCredits);
            assertThat(cascade.get("attributedFollows").asLong())
                    .isEqualTo(expected.get("follows_total").asLong()
                            - expected.get("unattributed_follows").asLong());
        }));
    }

    @Test
    void everyWebhookIsSignedAndNoneIsDeliveredTwice() {
        withLogsOnFailure(() -> {
            awaitFinalTotals();
            List<Delivery> deliveries = sink.deliveries();
            assertThat(deliveries).isNotEmpty();
            assertThat(deliveries)
                    .as("deliveries whose signature did not verify")
                    .filteredOn(delivery -> !delivery.verified())
                    .isEmpty();
            assertThat(deliveries).as("repeated webhook-ids").noneMatch(Delivery::duplicate);
            assertThat(deliveries.stream().map(Delivery::id).distinct().count()).isEqualTo(deliveries.size());
            assertThat(deliveries).allSatisfy(delivery -> {
                assertThat(Json.text(delivery.payload(), "type"))
                        .isIn(
                                "share.follows.first",
                                "share.follows.digest",
                                "share.follows.milestone",
                                "subject.follows.digest");
                assertThat(delivery.data().at("/subject/ref").asString()).isEqualTo(subject);
            });
        });
    }

    @Test
    void eachSharersAlertsEndAtTheirCreditedFollows() {
        withLogsOnFailure(() -> {
            awaitFinalTotals();
            Map<String, Long> lastTotals = new LinkedHashMap<>();
            alertsBySharer()
                    .forEach((sharer, alerts) -> lastTotals.put(
                            sharer, alerts.getLast().data().get("totalFollows").asLong()));
            Map<String, Long> expectedCredits = expected.get("credited_follows")
                    .propertyStream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, entry -> entry.getValue().asLong()));
            assertThat(lastTotals).isEqualTo(expectedCredits);
        });
    }

    @Test
    void rootSharersFirstAlertComesAtOnceWithOneFollow() {
        withLogsOnFailure(() -> {
            awaitFinalTotals();
            JsonNode first = alertsBySharer().get(rootSharer).getFirst().data();
            assertThat(Json.text(alertsBySharer().get(rootSharer).getFirst().payload(), "type"))
                    .isEqualTo("share.follows.first");
            assertThat(first.get("newFollows").asLong()).isEqualTo(1);
            assertThat(first.get("totalFollows").asLong()).isEqualTo(1);
            assertThat(first.at("/sharer/ref").asString()).isEqualTo(rootSharer);
            assertThat(first.get("path").get(0).asString())
                    .as("the path starts at the root sharer")
                    .isEqualTo(first.at("/sharer/handle").asString());
            assertThat(first.get("cascadeUrl").asString())
                    .contains(first.get("cascadeId").asString());
            assertThat(first.get("text").asString()).isNotBlank();
        });
    }

    @Test
    void followBurstReachesTheRootSharerAsOneAlert() {
        withLogsOnFailure(() -> {
            awaitFinalTotals();
            List<Delivery> alerts = alertsBySharer().get(rootSharer);
            List<Delivery> burst = alerts.stream()
                    .filter(alert -> alert.data().get("newFollows").asLong() == 25)
                    .toList();
            assertThat(burst).as("alerts of %s with 25 new follows", rootSharer).hasSize(1);
            assertThat(Json.text(burst.getFirst().payload(), "type"))
                    .as("the burst passes 25 follows in all")
                    .isEqualTo("share.follows.milestone");
            assertThat(burst.getFirst().data().get("milestone").asInt()).isEqualTo(25);
            assertThat(burst.getFirst().data().get("path").values())
                    .as("the burst came through the whole path")
                    .hasSize(3);
            assertThat(alerts)
                    .as("other alerts of %s during the burst minute", rootSharer)
                    .filteredOn(alert -> alert != burst.getFirst() && overlapsBurstMinute(alert))
                    .allSatisfy(alert ->
                            assertThat(alert.data().get("newFollows").asLong()).isLessThanOrEqualTo(1));
        });
    }

    @Test
    void rootSharersAlertSequenceIsExactly() {
        withLogsOnFailure(() -> {
            awaitFinalTotals();
            List<String> sequence = alertsBySharer().get(rootSharer).stream()
                    .map(alert -> Json.text(alert.payload(), "type").replace("share.follows.", "") + " "
                            + alert.data().get("newFollows").asLong() + "/"
                            + alert.data().get("totalFollows").asLong())
                    .toList();
            assertThat(sequence).as("Sarah's alerts, in event-time order").isEqualTo(ROOT_SEQUENCE);
        });
    }

    @Test
    void theSubjectHearsWhoBroughtItsFollowers() {
        withLogsOnFailure(() -> {
            awaitFinalTotals();
            long attributed = expected.get("follows_total").asLong()
                    - expected.get("unattributed_follows").asLong();
            await("the subject's digests add up to its attributed follows")
                    .atMost(PATIENCE)
                    .untilAsserted(() -> {
                        List<Delivery> digests = sink.deliveries().stream()
                                .filter(d -> d.verified() && !d.duplicate())
                                .filter(d -> AlertFormatter.isSubjectDigest(Json.text(d.payload(), "type")))
                                .sorted(Comparator.comparing(SeedStoryEndToEndIT::eventTime))
                                .toList();
                        assertThat(digests).isNotEmpty();
                        assertThat(digests.stream()
                                        .mapToLong(
                                                d -> d.data().get("newFollows").asLong())
                                        .sum())
                                .isEqualTo(attributed);
                        assertThat(digests.getLast().data().get("totalFollows").asLong())
                                .isEqualTo(attributed);
                        assertThat(digests.stream()
                                        .flatMap(d -> d.data().get("sharers").valueStream())
                                        .map(sharer -> sharer.get("handle").asString()))
                                .contains("@chris@example.social");
                    });
        });
    }

    /** Waits until every credited sharer's latest alert carries their final total (the story is told). */
    static void awaitFinalTotals() {
        await("every sharer's latest alert shows their credited follows")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Map<String, List<Delivery>> bySharer = alertsBySharer();
                    for (Map.Entry<String, JsonNode> credited :
                            expected.get("credited_follows").properties()) {
                        List<Delivery> alerts = bySharer.getOrDefault(credited.getKey(), List.of());
                        assertThat(alerts).as("alerts of %s", credited.getKey()).isNotEmpty();
                        assertThat(alerts.getLast().data().get("totalFollows").asLong())
                                .as("latest totalFollows of %s", credited.getKey())
                                .isEqualTo(credited.getValue().asLong());
                    }
                });
    }

    /** Verified first-time alerts to sharers per sharer ref, in event-time order (arrival order breaks ties). */
    static Map<String, List<Delivery>> alertsBySharer() {
        Map<String, List<Delivery>> bySharer = new LinkedHashMap<>();
        for (Delivery delivery : sink.deliveries()) {
            if (delivery.verified()
                    && !delivery.duplicate()
                    && AlertFormatter.isShareAlert(Json.text(delivery.payload(), "type"))) {
                bySharer.computeIfAbsent(delivery.data().at("/sharer/ref").asString(), sharer -> new ArrayList<>())
                        .add(delivery);
            }
        }
        bySharer.values().forEach(alerts -> alerts.sort(Comparator.comparing(SeedStoryEndToEndIT::eventTime)));
        return bySharer;
    }

    static Instant eventTime(Delivery alert) {
        return Instant.parse(Json.text(alert.payload(), "timestamp"));
    }

    static boolean overlapsBurstMinute(Delivery alert) {
        String windowStart = Json.text(alert.data(), "windowStart");
        String windowEnd = Json.text(alert.data(), "windowEnd");
        Instant from = windowStart == null ? eventTime(alert) : Instant.parse(windowStart);
        Instant to = windowEnd == null ? eventTime(alert) : Instant.parse(windowEnd);
        return !to.isBefore(BURST_START) && !from.isAfter(BURST_END);
    }

    static URI cascadesOfSubject() {
        return cascadeService.baseUri.resolve("/api/v1/cascades?subject=" + encode(subject));
    }

    static ServiceProcess start(
            String name,
            Path jar,
            int port,
            String healthPath,
            Map<String, String> common,
            Map<String, String> own,
            Path logs) {
        Map<String, String> env = new HashMap<>(common);
        env.putAll(own);
        env.put("RIPPLE_HTTP_PORT", Integer.toString(port));
        ServiceProcess service = ServiceProcess.start(name, jar, port, healthPath, env, logs.resolve(name + ".log"));
        services.add(service);
        return service;
    }

    static Map<String, String> database(RealInfrastructure.Database database) {
        return Map.of(
                "RIPPLE_DB_URL", database.url(),
                "RIPPLE_DB_USER", database.user(),
                "RIPPLE_DB_PASSWORD", database.password());
    }

    /** Runs {@code check}; when it fails, the failure carries the tail of every service's log. */
    static void withLogsOnFailure(ThrowingRunnable check) {
        try {
            check.run();
        } catch (Throwable failure) {
            StringBuilder logs = new StringBuilder(String.valueOf(failure.getMessage()));
            services.forEach(service -> logs.append(service.tail(40)));
            System.out.println(logs);
            throw new AssertionError(logs.toString(), failure);
        }
    }

    static JsonNode getJson(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .header("Accept", "application/json")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The actor of the share line whose uri is {@code uri} and whose subject is the expected subject. */
    static String actorOfShare(Path seedStory, String uri) throws IOException {
        return Files.readAllLines(seedStory).stream()
                .filter(line -> !line.isBlank())
                .map(Json.MAPPER::readTree)
                .filter(line -> "share".equals(Json.text(line, "type")))
                .filter(line -> uri.equals(Json.text(line, "uri")))
                .filter(line -> subject.equals(line.at("/subject/ref").asString()))
                .map(line -> line.at("/actor/ref").asString())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no share " + uri + " about " + subject + " in " + seedStory));
    }

    /** Fails naming every missing service jar: this test runs what {@code ./mvnw package} built. */
    static void requirePackagedJars(String... properties) {
        List<String> missing = new ArrayList<>();
        for (String property : properties) {
            Path jar = Path.of(property(property)).normalize();
            if (!Files.isRegularFile(jar)) {
                missing.add(jar.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("missing " + String.join(", ", missing) + ": the end-to-end test runs the packaged"
                    + " services; build them first with ./mvnw package (the reactor packages them before this module's"
                    + " integration tests run), or ./mvnw -DskipTests package and then this test again");
        }
    }

    /**
     * A copy of a service jar to run: a JVM reads classes from its jar lazily, so a rebuild while the test runs (another
     * terminal, an IDE) would otherwise break the service half-way.
     */
    static Path snapshot(String property, Path logs) throws IOException {
        Path jar = Path.of(property(property)).normalize();
        Path copy = Files.createDirectories(logs.resolveSibling("e2e-jars")).resolve(jar.getFileName());
        return Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new AssertionError(
                    "system property " + name + " is not set (failsafe sets it in deploy/local/pom.xml)");
        }
        return value;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
