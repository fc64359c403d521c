package dev.ripple.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml as a compose implementation reads it: Debian's docker-compose parses and interpolates it
 * (`docker-compose config` needs no Docker engine), and the checks run on its output.
 */
class ComposeFileTest {

    static final String INSTALL = "Install it with: apt-get install -y docker-compose (.ci/run does).";

    private static JsonNode services;

    @BeforeAll
    static void parse() {
        services = config(Map.of(), ".env.example").get("services");
        assertThat(services).as("services").isNotNull();
    }

    /** `docker-compose config` with the given env file; the live profile's env_file points at the same file. */
    static ObjectNode config(Map<String, String> extraEnvironment, String envFile) {
        var environment = new java.util.HashMap<>(Map.of("RIPPLE_LIVE_ENV_FILE", envFile));
        environment.putAll(extraEnvironment);
        Repo.Result result = Repo.runOk(
                List.of("docker-compose", "--env-file", envFile, "-f", "docker-compose.yml", "config"),
                environment,
                INSTALL);
        List<ObjectNode> documents = Repo.documents(result.stdout());
        assertThat(documents).hasSize(1);
        return documents.getFirst();
    }

    private static List<String> profiles(JsonNode service) {
        List<String> profiles = new ArrayList<>();
        service.path("profiles").forEach(p -> profiles.add(p.asText()));
        return profiles;
    }

    @Test
    void everyProfileHasTheServicesItPromises() {
        Map<String, Set<String>> byProfile = new java.util.TreeMap<>();
        services.properties().forEach(e -> {
            List<String> profiles = profiles(e.getValue());
            if (profiles.isEmpty()) {
                byProfile.computeIfAbsent("(always)", k -> new TreeSet<>()).add(e.getKey());
            }
            profiles.forEach(
                    p -> byProfile.computeIfAbsent(p, k -> new TreeSet<>()).add(e.getKey()));
        });
        assertThat(byProfile.get("(always)"))
                .containsExactlyInAnyOrder("kafka", "kafka-init", "postgres", "cascade-service", "notify-service");
        assertThat(byProfile.get("demo"))
                .containsExactlyInAnyOrder("ingest-service", "webhook-sink", "webhook-subscribe");
        assertThat(byProfile.get("live")).containsExactly("ingest-live");
        assertThat(byProfile.get("observability")).containsExactlyInAnyOrder("prometheus", "grafana");
        assertThat(byProfile.keySet()).containsExactlyInAnyOrder("(always)", "demo", "live", "observability");
        // The demo is what a plain `docker compose up` runs with the example settings.
        assertThat(Repo.read(".env.example")).containsPattern("(?m)^COMPOSE_PROFILES=demo$");
    }

    @Test
    void everyImageThatIsPulledIsPinned() {
        services.properties().forEach(e -> {
            JsonNode service = e.getValue();
            if (service.has("build")) {
                // Built here: the base images are checked in the Dockerfile (DockerfilesTest).
                return;
            }
            String image = service.path("image").asText();
            assertThat(image).as("image of %s", e.getKey()).isNotEmpty();
            assertThat(ImageReference.parse(image).unpinnedBecause())
                    .as("image %s of %s", image, e.getKey())
                    .isEmpty();
        });
    }

    @Test
    void kafkaImageMatchesTheClientVersion() throws IOException {
        String kafkaVersion = rootPomProperty("kafka.version");
        assertThat(services.path("kafka").path("image").asText()).isEqualTo("apache/kafka:" + kafkaVersion);
        assertThat(services.path("postgres").path("image").asText()).startsWith("postgres:17.");
    }

    @Test
    void everyContainerHasAMemoryLimit() {
        services.properties().forEach(e -> {
            JsonNode service = e.getValue();
            String limit = service.path("mem_limit")
                    .asText(service.path("deploy")
                            .path("resources")
                            .path("limits")
                            .path("memory")
                            .asText(""));
            assertThat(limit).as("memory limit of %s", e.getKey()).isNotEmpty();
        });
    }

    @Test
    void longRunningServicesHaveHealthchecksAndDependentsWaitForThem() {
        services.properties().forEach(e -> {
            JsonNode service = e.getValue();
            boolean oneShot = "no".equals(service.path("restart").asText());
            if (!oneShot) {
                assertThat(service.path("healthcheck").path("test").isMissingNode())
                        .as("%s has a healthcheck", e.getKey())
                        .isFalse();
            }
            service.path("depends_on").properties().forEach(dep -> {
                String condition = dep.getValue().path("condition").asText();
                JsonNode target = services.path(dep.getKey());
                assertThat(target.isMissingNode())
                        .as("%s depends on %s, which exists", e.getKey(), dep.getKey())
                        .isFalse();
                if ("no".equals(target.path("restart").asText())) {
                    assertThat(condition)
                            .as("%s waits for one-shot %s to succeed", e.getKey(), dep.getKey())
                            .isEqualTo("service_completed_successfully");
                } else {
                    assertThat(condition)
                            .as("%s waits for %s to be healthy", e.getKey(), dep.getKey())
                            .isEqualTo("service_healthy");
                }
            });
        });
        // Nothing reads or writes a topic before kafka-init has created it with the right partitions.
        for (String svc : List.of("cascade-service", "notify-service", "ingest-service", "ingest-live")) {
            assertThat(services.path(svc).path("depends_on").has("kafka-init"))
                    .as(svc + " waits for kafka-init")
                    .isTrue();
        }
    }

    @Test
    void secretsHaveNoDefaultsAndComposeRefusesToStartWithoutThem() throws IOException {
        String compose = Repo.read("docker-compose.yml");
        for (String secret : List.of(
                "POSTGRES_PASSWORD",
                "RIPPLE_CASCADE_DB_PASSWORD",
                "RIPPLE_NOTIFY_DB_PASSWORD",
                "RIPPLE_API_KEYS",
                "RIPPLE_NOTIFY_API_KEYS",
                "RIPPLE_DEMO_API_KEY",
                "GRAFANA_ADMIN_PASSWORD")) {
            assertThat(compose).contains("${" + secret + ":?");
            assertThat(compose).doesNotContainPattern("\\$\\{" + secret + ":-");
        }
        Path withoutSecrets = Files.createTempFile("ripple", ".env");
        try {
            Files.writeString(withoutSecrets, "COMPOSE_PROFILES=demo\n");
            Repo.Result result = Repo.run(
                    List.of("docker-compose", "--env-file", withoutSecrets.toString(), "config"),
                    Map.of("RIPPLE_LIVE_ENV_FILE", withoutSecrets.toString()),
                    INSTALL);
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr()).contains("set ").contains("in .env");
        } finally {
            Files.deleteIfExists(withoutSecrets);
        }
        assertThat(Repo.read(".gitignore")).containsPattern("(?m)^\\.env$");
        assertThat(Repo.read(".dockerignore")).containsPattern("(?m)^\\.env$");
    }

    @Test
    void servicesTalkToEachOtherOnlyThroughSettings() {
        // Configuration only through the environment: each service gets its database, Kafka and keys from it.
        JsonNode cascade = services.path("cascade-service").path("environment");
        assertThat(cascade.path("RIPPLE_DB_URL").asText()).isEqualTo("jdbc:postgresql://postgres:5432/cascade");
        assertThat(cascade.path("RIPPLE_DB_USER").asText()).isEqualTo("cascade");
        assertThat(cascade.path("RIPPLE_API_KEYS").asText()).isNotEmpty();
        JsonNode notify = services.path("notify-service").path("environment");
        assertThat(notify.path("RIPPLE_DB_URL").asText()).isEqualTo("jdbc:postgresql://postgres:5432/notify");
        assertThat(notify.path("RIPPLE_DB_USER").asText()).isEqualTo("notify");
        assertThat(notify.path("RIPPLE_NOTIFY_API_KEYS").asText()).isNotEmpty();
        // notify-service's SSRF guard takes CIDR ranges; the old all-or-nothing switch is gone from the service.
        assertThat(notify.has("RIPPLE_NOTIFY_ALLOWED_NETWORKS")).isTrue();
        assertThat(Repo.read("docker-compose.yml") + Repo.read(".env.example"))
                .doesNotContain("RIPPLE_NOTIFY_ALLOW_PRIVATE_TARGETS");
        assertThat(Repo.read("notify-service/src/main/resources/application.yml"))
                .contains("${RIPPLE_NOTIFY_ALLOWED_NETWORKS:");
        // The example's demo key is one of notify's owner:key entries.
        String example = Repo.read(".env.example");
        Matcher demoKey = Pattern.compile("(?m)^RIPPLE_DEMO_API_KEY=(.*)$").matcher(example);
        Matcher notifyKeys =
                Pattern.compile("(?m)^RIPPLE_NOTIFY_API_KEYS=(.*)$").matcher(example);
        assertThat(demoKey.find() && notifyKeys.find()).isTrue();
        assertThat(List.of(notifyKeys.group(1).split(",")))
                .anySatisfy(entry -> assertThat(entry).matches("[^:,]+:" + Pattern.quote(demoKey.group(1))));
        // cascade-service's cache is sized to its container, not left at the service's 2,000,000 default.
        assertThat(cascade.path("RIPPLE_CASCADE_CACHE_ENTRIES").asText()).isEqualTo("300000");
        for (String svc : List.of("cascade-service", "notify-service", "ingest-service", "ingest-live")) {
            assertThat(services.path(svc)
                            .path("environment")
                            .path("RIPPLE_KAFKA_BOOTSTRAP_SERVERS")
                            .asText())
                    .isEqualTo("kafka:9092");
        }
    }

    @Test
    void everyVariableComposeReadsIsDocumentedInTheSettingsTable() {
        String compose = Repo.read("docker-compose.yml");
        String readme = Repo.read("deploy/README.md");
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(compose);
        Set<String> variables = new TreeSet<>();
        while (m.find()) {
            variables.add(m.group(1));
        }
        assertThat(variables).contains("RIPPLE_KAFKA_PARTITIONS", "POSTGRES_PASSWORD");
        List<String> undocumented = variables.stream()
                .filter(v -> !readme.contains("| `" + v + "`"))
                .toList();
        assertThat(undocumented)
                .as("variables missing from deploy/README.md's table")
                .isEmpty();
        // And every variable the example sets is one compose reads (no stale settings).
        List<String> stale = new ArrayList<>();
        for (String line : Repo.read(".env.example").split("\n")) {
            if (line.matches("^[A-Z0-9_]+=.*")) {
                String name = line.substring(0, line.indexOf('='));
                if (!variables.contains(name) && !name.startsWith("COMPOSE_")) {
                    stale.add(name);
                }
            }
        }
        assertThat(stale).as(".env.example variables compose never reads").isEmpty();
    }

    static String rootPomProperty(String name) throws IOException {
        String pom = Files.readString(Repo.file("pom.xml"));
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as("property %s in pom.xml", name).isTrue();
        return m.group(1).trim();
    }
}
