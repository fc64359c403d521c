package dev.ripple.notify;

import com.standardwebhooks.Webhook;
import dev.ripple.testsupport.RealInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole service against a real Kafka broker and a real PostgreSQL (Testcontainers with Docker, else an embedded
 * KRaft broker and zonky's PostgreSQL 17), with a real HTTP receiver on loopback. Every integration test class extends
 * this one, so they share one application context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "ripple.notify.allowed-networks=127.0.0.1/32",
            "ripple.notify.api-keys=" + NotifyIntegrationTest.KEY_SPEC + "," + NotifyIntegrationTest.OTHER_KEY_SPEC,
            "ripple.notify.max-wait=2s",
            "ripple.notify.retry-schedule=300ms,300ms,300ms",
            "ripple.notify.delivery.overload-penalty=300ms",
            "ripple.notify.endpoints.circuit-failures=4",
            "ripple.notify.endpoints.circuit-open-for=2s",
            "ripple.notify.endpoints.circuit-max-open=4s",
            "ripple.notify.delivery.poll-interval=100ms",
            "ripple.notify.delivery.connect-timeout=2s",
            "ripple.notify.delivery.request-timeout=3s",
            "ripple.notify.cascade-url=https://ripple.example",
            "ripple.kafka.partitions=3"
        })
public abstract class NotifyIntegrationTest {

    protected static final WebhookReceiver RECEIVER = WebhookReceiver.start();

    /** The API key the tests use (owner "it"), and another owner's. */
    public static final String KEY = "it-key-0123456789abcdef";

    public static final String OTHER_KEY = "other-key-0123456789abcdef";
    static final String KEY_SPEC = "it:" + KEY;
    static final String OTHER_KEY_SPEC = "other:" + OTHER_KEY;

    private static final RealInfrastructure.Database DATABASE = RealInfrastructure.newDatabase("notify_it");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::url);
        registry.add("spring.datasource.username", DATABASE::user);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("spring.kafka.bootstrap-servers", RealInfrastructure::kafkaBootstrapServers);
        registry.add("spring.cloud.stream.kafka.binder.brokers", RealInfrastructure::kafkaBootstrapServers);
    }

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @AfterAll
    static void forgetScripts() {
        RECEIVER.reset();
    }

    protected static RealInfrastructure.Database database() {
        return DATABASE;
    }

    /** A request to the API with the tests' key. */
    protected HttpResponse<String> api(String method, String path, String body) throws Exception {
        return apiAs(KEY, method, path, body);
    }

    protected HttpResponse<String> apiAs(String key, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (key != null) {
            request.header("x-api-key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Subscribes the receiver's {@code path}; {@code fields} are extra JSON fields; returns the answer's body. */
    protected JsonNode subscribe(String path, String... fields) throws Exception {
        StringBuilder json = new StringBuilder("{\"url\":\"" + RECEIVER.url(path) + "\"");
        for (String field : fields) {
            json.append(',').append(field);
        }
        json.append('}');
        HttpResponse<String> response = api("POST", "/api/v1/subscriptions", json.toString());
        if (response.statusCode() != 201) {
            throw new AssertionError("subscribing failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The share alert types, without summaries and operational events (which other tests provoke at any time). */
    protected static final String SHARE_TYPES =
            "\"eventTypes\":[\"share.follows.first\",\"share.follows.digest\",\"share.follows.milestone\"]";

    /** Subscribes to one sharer's share alerts, counting decisions from 0.5 up (the test attributions carry 0.6). */
    protected String subscribeTo(String path, String sharerRef) throws Exception {
        return subscribe(path, "\"sharers\":[\"" + sharerRef + "\"]", "\"minConfidence\":0.5", SHARE_TYPES)
                .get("secret")
                .asString();
    }

    private static final java.util.concurrent.atomic.AtomicInteger DAYS =
            new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Event time for the next test: each call a day later than any before, in every test class of this context, so
     * watermarks only move forward and no test's cascade looks long quiet to another's.
     */
    protected static java.time.Instant nextDay() {
        return java.time.Instant.parse("2030-01-01T12:00:00.250Z")
                .plus(java.time.Duration.ofDays(DAYS.incrementAndGet()));
    }

    /** Checks the delivery with the official Standard Webhooks library, then parses it. */
    protected static JsonNode verified(WebhookReceiver.Received received, String secret) throws Exception {
        new Webhook(secret).verify(received.text(), received.headers());
        if (!"application/json".equals(received.header("content-type"))
                || !received.header("webhook-id").startsWith("msg_")
                || received.body().length >= 20_000) {
            throw new AssertionError("unexpected delivery headers or size: " + received.headers());
        }
        return JSON.readTree(received.body());
    }

    protected static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    protected static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
