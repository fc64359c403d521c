package dev.ripple.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriberTest {

    static final URI SINK = URI.create("http://127.0.0.1:8090/webhooks");
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dir;

    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final Subscriber subscriber = new Subscriber(new Http(), new PrintStream(printed, true, StandardCharsets.UTF_8));
    FakeServer notify;

    @AfterEach
    void stop() {
        if (notify != null) {
            notify.close();
        }
    }

    @Test
    void subscriptionCarriesTheApiKeyAndTheChosenThreshold() throws Exception {
        notify = new FakeServer().on("POST", "/api/v1/subscriptions", FakeServer.Answer.json(201, created("sub-1")));

        subscriber.subscribe(
                notify.uri(),
                SINK,
                dir.resolve("secret"),
                null,
                Duration.ZERO,
                new Subscriber.Options("local-key-0123456789", 0.5, java.util.List.of("share.follows.first")));

        assertThat(notify.requests()).singleElement().satisfies(request -> {
            assertThat(request.apiKey()).isEqualTo("local-key-0123456789");
            var body = Json.MAPPER.readTree(request.body());
            assertThat(body.get("minConfidence").asDouble()).isEqualTo(0.5);
            assertThat(body.get("eventTypes").get(0).asString()).isEqualTo("share.follows.first");
        });
    }

    @Test
    void subscribingWritesTheSecretForTheOwnerOnly() throws Exception {
        notify = new FakeServer().on("POST", "/api/v1/subscriptions", FakeServer.Answer.json(201, created("sub-1")));

        String id = subscriber.subscribe(
                notify.uri(), SINK, dir.resolve("sink/secret"), dir.resolve("sink/subscription"), Duration.ZERO);

        assertThat(id).isEqualTo("sub-1");
        assertThat(notify.requests()).singleElement().satisfies(request -> {
            assertThat(request.contentType()).isEqualTo("application/json");
            assertThat(Json.MAPPER.readTree(request.body()).get("url").asString())
                    .isEqualTo(SINK.toString());
        });
        Path secret = dir.resolve("sink/secret");
        assertThat(Files.readString(secret)).isEqualTo(SECRET + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("sink/subscription"))).isEqualTo("sub-1\n");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Subscribed " + SINK + " (subscription sub-1")
                .doesNotContain(SECRET);
    }

    @Test
    void thePreviousSubscriptionIsDeletedBeforeSubscribingAgain() throws Exception {
        notify = new FakeServer()
                .on(
                        "DELETE",
                        "/api/v1/subscriptions/sub-1",
                        new FakeServer.Answer(204, "text/plain", "", java.util.Map.of()))
                .on("POST", "/api/v1/subscriptions", FakeServer.Answer.json(201, created("sub-2")));
        Files.writeString(dir.resolve("subscription"), "sub-1\n");

        subscriber.subscribe(notify.uri(), SINK, dir.resolve("secret"), dir.resolve("subscription"), Duration.ZERO);

        assertThat(notify.requests())
                .extracting(FakeServer.Request::method, FakeServer.Request::path)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("DELETE", "/api/v1/subscriptions/sub-1"),
                        org.assertj.core.groups.Tuple.tuple("POST", "/api/v1/subscriptions"));
        assertThat(Files.readString(dir.resolve("subscription"))).isEqualTo("sub-2\n");
    }

    @Test
    void aRefusedSubscriptionFailsWithTheProblemDetail() throws Exception {
        notify = new FakeServer().on("POST", "/api/v1/subscriptions", FakeServer.Answer.problem(400, """
                                {"type":"https://ripple.dev/problems/invalid-subscription","title":"Invalid subscription",\
                                "status":400,"errors":[{"field":"url","message":"loopback targets are not allowed"}]}"""));

        assertThatThrownBy(() -> subscriber.subscribe(notify.uri(), SINK, dir.resolve("secret"), null, Duration.ZERO))
                .isInstanceOf(CommandFailure.class)
                .hasMessageContaining("answered 400: Invalid subscription; url: loopback targets are not allowed");
        assertThat(dir.resolve("secret")).doesNotExist();
    }

    @Test
    void anAnswerWithoutASecretIsAFailure() throws Exception {
        notify =
                new FakeServer().on("POST", "/api/v1/subscriptions", FakeServer.Answer.json(201, "{\"id\":\"sub-1\"}"));

        assertThatThrownBy(() -> subscriber.subscribe(notify.uri(), SINK, dir.resolve("secret"), null, Duration.ZERO))
                .isInstanceOf(CommandFailure.class)
                .hasMessageContaining("without an id and a whsec_ secret");
    }

    @Test
    void nothingListeningIsReportedClearly() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        assertThatThrownBy(() -> subscriber.subscribe(
                        URI.create("http://127.0.0.1:" + port), SINK, dir.resolve("secret"), null, Duration.ZERO))
                .isInstanceOf(CommandFailure.class)
                .hasMessage("cannot connect to http://127.0.0.1:" + port + ": is the service running?");
    }

    static String created(String id) {
        return "{\"id\":\"" + id + "\",\"url\":\"" + SINK + "\",\"sharers\":[],\"secret\":\"" + SECRET
                + "\",\"createdAt\":\"2026-11-28T18:00:00Z\"}";
    }
}
