package dev.ripple.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell scripts compose (and the dev overlay) run, executed here against stand-ins: the demo's subscription script
 * against a local HTTP server playing notify-service, the topic script against a stand-in for kafka-topics.sh.
 */
class ComposeScriptsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "demo-key-0123456789abcdef";

    @TempDir
    Path dir;

    HttpServer notify;
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startNotifyStandIn() throws IOException {
        notify = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notify.createContext("/api/v1/subscriptions", exchange -> {
            String key = exchange.getRequestHeaders().getFirst("X-Api-Key");
            calls.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + key);
            byte[] answer = new byte[0];
            int status;
            if (!KEY.equals(key)) {
                status = 401;
            } else if (exchange.getRequestMethod().equals("POST")) {
                bodies.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                int n = bodies.size();
                answer = ("{\"id\":\"sub-" + n + "\",\"url\":\"http://sink/webhooks\",\"secret\":\"whsec_c2VjcmV0" + n
                                + "+/=\",\"subscription\":{\"id\":\"sub-" + n + "\",\"eventTypes\":[]}}")
                        .getBytes(StandardCharsets.UTF_8);
                status = 201;
            } else if (exchange.getRequestMethod().equals("DELETE")) {
                status = 204;
            } else {
                status = 405;
            }
            exchange.sendResponseHeaders(status, status == 204 ? -1 : answer.length);
            if (status != 204) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        notify.start();
    }

    @AfterEach
    void stop() {
        notify.stop(0);
    }

    Repo.Result subscribe(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "NOTIFY_URL",
                "http://127.0.0.1:" + notify.getAddress().getPort(),
                "WEBHOOK_URL",
                "http://webhook-sink:8090/webhooks",
                "SECRET_DIR",
                dir.toString(),
                "RIPPLE_NOTIFY_API_KEY",
                KEY));
        env.putAll(extra);
        return Repo.run(List.of("sh", "deploy/compose/subscribe-sink.sh"), env, "sh and curl are needed");
    }

    @Test
    void theDemoSubscriptionAsksForEveryAlertTypeWithTheKeyAndReplacesTheOneBefore() throws IOException {
        Repo.Result first = subscribe(Map.of());
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(Files.readString(dir.resolve("secret"))).isEqualTo("whsec_c2VjcmV01+/=");
        assertThat(Files.readString(dir.resolve("subscription")).strip()).isEqualTo("sub-1");
        JsonNode body = bodies.getFirst();
        assertThat(body.path("url").asText()).isEqualTo("http://webhook-sink:8090/webhooks");
        // The compose demo shows what ./ripple demo shows (docs/webhooks.md, "The local demo").
        Matcher local = Pattern.compile("--min-confidence ([0-9.]+)").matcher(Repo.read("ripple"));
        assertThat(local.find()).as("./ripple demo's --min-confidence").isTrue();
        assertThat(body.path("minConfidence").asDouble())
                .isEqualTo(Double.parseDouble(local.group(1)))
                .isEqualTo(0.05);
        List<String> types = new ArrayList<>();
        body.path("eventTypes").forEach(t -> types.add(t.asText()));
        assertThat(types)
                .containsExactly(
                        "share.follows.first",
                        "share.follows.digest",
                        "share.follows.milestone",
                        "cascade.summary",
                        "subject.follows.digest");
        // Every one of them is an event type notify-service documents.
        String webhooks = Repo.read("docs/webhooks.md");
        types.forEach(t -> assertThat(webhooks).contains("| `" + t + "` |"));

        Repo.Result second = subscribe(Map.of("MIN_CONFIDENCE", "0.8", "EVENT_TYPES", "share.follows.first"));
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(calls)
                .containsSubsequence(
                        "POST /api/v1/subscriptions " + KEY,
                        "DELETE /api/v1/subscriptions/sub-1 " + KEY,
                        "POST /api/v1/subscriptions " + KEY);
        assertThat(bodies.get(1).path("minConfidence").asDouble()).isEqualTo(0.8);
        assertThat(bodies.get(1).path("eventTypes").toString()).isEqualTo("[\"share.follows.first\"]");
        assertThat(Files.readString(dir.resolve("subscription")).strip()).isEqualTo("sub-2");
    }

    @Test
    void badSettingsAndARefusedKeyStopTheScript() {
        Repo.Result confidence = subscribe(Map.of("MIN_CONFIDENCE", "high"));
        assertThat(confidence.exitCode()).isEqualTo(2);
        assertThat(confidence.stderr()).contains("MIN_CONFIDENCE");
        Repo.Result types = subscribe(Map.of("EVENT_TYPES", "share.follows.first,\"x\""));
        assertThat(types.exitCode()).isEqualTo(2);
        assertThat(types.stderr()).contains("EVENT_TYPES");
        assertThat(bodies).isEmpty();

        Repo.Result refused = subscribe(Map.of("RIPPLE_NOTIFY_API_KEY", "another-key-0123456789"));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(dir.resolve("secret")).doesNotExist();
    }

    /** A stand-in for kafka-topics.sh: remembers what was created, answers --describe with the partition count. */
    Path topicsCli(Map<String, Integer> existing) throws IOException {
        Path state = Files.createDirectories(dir.resolve("topics"));
        for (var e : existing.entrySet()) {
            Files.writeString(state.resolve(e.getKey()), e.getValue().toString());
        }
        Path cli = dir.resolve("kafka-topics.sh");
        Files.writeString(cli, """
                #!/bin/bash
                state="%s"
                topic= partitions= action= configs=
                while (($#)); do
                  case "$1" in
                    --topic) topic="$2"; shift ;;
                    --partitions) partitions="$2"; shift ;;
                    --config) configs="$configs $2"; shift ;;
                    --create) action=create ;;
                    --describe) action=describe ;;
                  esac
                  shift
                done
                if [[ $action == create && ! -f "$state/$topic" ]]; then
                  echo "$partitions" >"$state/$topic"
                  echo "$topic $partitions$configs" >>"$state/.created"
                fi
                if [[ $action == describe ]]; then
                  echo "Topic: $topic	TopicId: x	PartitionCount: $(cat "$state/$topic")	ReplicationFactor: 1"
                fi
                """.formatted(state));
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwx------"));
        return cli;
    }

    Repo.Result topics(Path cli) {
        return Repo.run(
                List.of("bash", "deploy/compose/kafka-topics.sh"),
                Map.of(
                        "KAFKA_BOOTSTRAP", "kafka:9092",
                        "RIPPLE_KAFKA_PARTITIONS", "6",
                        "KAFKA_TOPICS_CLI", cli.toString()),
                "bash is needed");
    }

    @Test
    void everyTopicIsCreatedWithItsPartitionsAndRetentionEngagementsCoPartitioned() throws IOException {
        Repo.Result result = topics(topicsCli(Map.of()));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Map<String, String> created = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("topics/.created"))) {
            created.put(line.substring(0, line.indexOf(' ')), line.substring(line.indexOf(' ') + 1));
        }
        for (String topic : List.of(
                "ripple.shares.v1",
                "ripple.follows.v1",
                "ripple.engagements.v1",
                "ripple.following.v1",
                "ripple.attributions.v1")) {
            assertThat(created.get(topic)).as(topic).isEqualTo("6 retention.ms=1209600000 compression.type=producer");
        }
        assertThat(created.get("ripple.cascade-service.dlq.v1")).isEqualTo("6 retention.ms=2592000000");
        assertThat(created.get("ripple.notify-service.dlq.v1")).isEqualTo("6 retention.ms=2592000000");
        assertThat(created.get("ripple.ingest.cursors.v1")).isEqualTo("3 cleanup.policy=compact");
        assertThat(created.get("ripple.ingest.remembered.v1")).isEqualTo("3 cleanup.policy=compact");
        assertThat(created).hasSize(9);
        // Every topic the services name is created here.
        assertThat(created.keySet()).containsAll(topicsNamedByTheServices());
    }

    @Test
    void engagementsWithAnotherPartitionCountThanSharesStopTheStack() throws IOException {
        Repo.Result result = topics(topicsCli(Map.of("ripple.engagements.v1", 3)));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("ripple.engagements.v1 (3)").contains("co-partitioned");
    }

    /** The topic names of events/Topics.java and ingest-service's cursor topic. */
    static List<String> topicsNamedByTheServices() {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\"(ripple\\.[a-z.-]+\\.v1)\"")
                .matcher(Repo.read("events/src/main/java/dev/ripple/events/Topics.java")
                        + Repo.read("ingest-service/src/main/java/dev/ripple/ingest/publish/KafkaCheckpoints.java"));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).contains("ripple.engagements.v1", "ripple.ingest.cursors.v1", "ripple.ingest.remembered.v1");
        return names;
    }
}
