package dev.ripple.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every Dockerfile compose builds: pinned bases, a non-root runtime user, a healthcheck, signals reach java. */
class DockerfilesTest {

    /** Dockerfile path → the compose services built from it. */
    private static final Map<String, List<String>> DOCKERFILES = new TreeMap<>();

    private static JsonNode services;

    @BeforeAll
    static void collect() {
        services = ComposeFileTest.config(Map.of(), ".env.example").get("services");
        services.properties().forEach(e -> {
            JsonNode build = e.getValue().path("build");
            if (!build.isMissingNode()) {
                String dockerfile = build.path("dockerfile").asText("Dockerfile");
                DOCKERFILES
                        .computeIfAbsent(dockerfile, k -> new java.util.ArrayList<>())
                        .add(e.getKey());
            }
        });
    }

    @Test
    void composeBuildsTheThreeServicesAndTheSink() {
        assertThat(DOCKERFILES.keySet())
                .containsExactlyInAnyOrder(
                        "cascade-service/Dockerfile",
                        "notify-service/Dockerfile",
                        "ingest-service/Dockerfile",
                        "deploy/compose/webhook-sink.Dockerfile");
    }

    @Test
    void everyBaseImageIsPinned() {
        DOCKERFILES.keySet().forEach(path -> {
            Dockerfile dockerfile = Dockerfile.parse(Repo.read(path));
            Set<String> stages = new HashSet<>();
            for (Dockerfile.Stage stage : dockerfile.stages()) {
                if (!stages.contains(stage.base())) {
                    assertThat(ImageReference.parse(stage.base()).unpinnedBecause())
                            .as("FROM %s in %s", stage.base(), path)
                            .isEmpty();
                }
                if (stage.name() != null) {
                    stages.add(stage.name());
                }
            }
        });
    }

    @Test
    void buildsWithMavenAndRunsOnAJre25() {
        DOCKERFILES.keySet().forEach(path -> {
            Dockerfile dockerfile = Dockerfile.parse(Repo.read(path));
            assertThat(dockerfile.stages()).as("multi-stage %s", path).hasSizeGreaterThanOrEqualTo(2);
            assertThat(dockerfile.stages().getFirst().all("RUN"))
                    .as("%s builds with Maven", path)
                    .anySatisfy(
                            run -> assertThat(run.arguments()).contains("mvn ").contains("package"));
            assertThat(dockerfile.last().base())
                    .as("%s runtime", path)
                    .startsWith("eclipse-temurin:25.")
                    .contains("-jre");
        });
    }

    @Test
    void theBuildStageIsTheSameEverywhereSoBuildKitBuildsTheReactorOnce() {
        Set<Dockerfile.Stage> firstStages = new HashSet<>();
        DOCKERFILES
                .keySet()
                .forEach(path -> firstStages.add(
                        Dockerfile.parse(Repo.read(path)).stages().getFirst()));
        assertThat(firstStages).hasSize(1);
    }

    @Test
    void theRuntimeUserIsNotRoot() {
        DOCKERFILES.keySet().forEach(path -> {
            List<Dockerfile.Instruction> users =
                    Dockerfile.parse(Repo.read(path)).last().all("USER");
            assertThat(users).as("USER in the last stage of %s", path).isNotEmpty();
            String user = users.getLast().arguments().split(":")[0].strip();
            assertThat(user).as("runtime user of %s", path).isNotIn("root", "0", "");
            // Numeric, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
            assertThat(user).as("numeric uid in %s", path).matches("\\d+");
        });
    }

    @Test
    void everyImageHasAHealthcheckAndComposeChecksIt() {
        DOCKERFILES.forEach((path, composeServices) -> {
            List<Dockerfile.Instruction> healthchecks =
                    Dockerfile.parse(Repo.read(path)).last().all("HEALTHCHECK");
            assertThat(healthchecks).as("HEALTHCHECK in %s", path).hasSize(1);
            assertThat(healthchecks.getFirst().arguments()).as(path).doesNotStartWith("NONE");
            for (String service : composeServices) {
                assertThat(services.path(service)
                                .path("healthcheck")
                                .path("test")
                                .isMissingNode())
                        .as("compose healthcheck of %s", service)
                        .isFalse();
            }
        });
    }

    @Test
    void theJvmIsProcessOneSoItGetsSigterm() {
        DOCKERFILES.keySet().forEach(path -> {
            List<Dockerfile.Instruction> entrypoints =
                    Dockerfile.parse(Repo.read(path)).last().all("ENTRYPOINT");
            assertThat(entrypoints).as("ENTRYPOINT in %s", path).hasSize(1);
            assertThat(entrypoints.getFirst().arguments())
                    .as("exec form in %s", path)
                    .startsWith("[\"java\"");
        });
    }

    @Test
    void theParserRejectsWhatDockerWouldNot() {
        assertThatThrownBy(() -> Dockerfile.parse("RUN echo hi\n")).hasMessageContaining("before the first FROM");
        Dockerfile parsed = Dockerfile.parse("""
                # syntax=docker/dockerfile:1
                FROM maven:3.9.11-eclipse-temurin-25 AS build
                RUN a \\
                    b
                FROM build
                USER 10001
                """);
        assertThat(parsed.stages()).hasSize(2);
        assertThat(parsed.stages().getFirst().all("RUN").getFirst().arguments()).isEqualTo("a b");
        assertThat(parsed.last().base()).isEqualTo("build");
    }

    @Test
    void pinningRules() {
        assertThat(ImageReference.parse("apache/kafka:4.1.2").unpinnedBecause()).isEmpty();
        assertThat(ImageReference.parse("postgres:17.6").unpinnedBecause()).isEmpty();
        assertThat(ImageReference.parse("eclipse-temurin:25.0.3_9-jre").unpinnedBecause())
                .isEmpty();
        assertThat(ImageReference.parse("prom/prometheus:v3.5.0").unpinnedBecause())
                .isEmpty();
        assertThat(ImageReference.parse("ghcr.io/cloudnative-pg/postgresql:17.6")
                        .unpinnedBecause())
                .isEmpty();
        assertThat(ImageReference.parse("busybox@sha256:" + "a".repeat(64)).unpinnedBecause())
                .isEmpty();
        assertThat(ImageReference.parse("postgres").unpinnedBecause()).isPresent();
        assertThat(ImageReference.parse("postgres:17").unpinnedBecause()).isPresent();
        assertThat(ImageReference.parse("maven:3.9-eclipse-temurin-25").unpinnedBecause())
                .isPresent();
        assertThat(ImageReference.parse("eclipse-temurin:25-jre").unpinnedBecause())
                .isPresent();
        assertThat(ImageReference.parse("grafana/grafana:latest").unpinnedBecause())
                .isPresent();
        assertThat(ImageReference.parse("apache/kafka:4.1").unpinnedBecause()).isPresent();
    }
}
