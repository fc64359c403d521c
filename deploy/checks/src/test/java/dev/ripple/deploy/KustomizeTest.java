package dev.ripple.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** deploy/k8s rendered by kubectl's Kustomize, validated against the schemas, then checked for what operators need. */
class KustomizeTest {

    static final String INSTALL = "kubectl (with its built-in kustomize) comes with the build machine image; elsewhere"
            + " install it from the Kubernetes apt repository or use a kustomize binary.";

    private static final Map<String, List<ObjectNode>> RENDERED = new HashMap<>();

    static synchronized List<ObjectNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> {
            Repo.Result result = Repo.runOk(List.of("kubectl", "kustomize", "deploy/k8s/" + o), Map.of(), INSTALL);
            List<ObjectNode> documents = Repo.documents(result.stdout());
            assertThat(documents).as("manifests rendered from %s", o).isNotEmpty();
            return documents;
        });
    }

    static List<ObjectNode> kind(List<ObjectNode> manifests, String kind) {
        return manifests.stream()
                .filter(m -> m.path("kind").asText().equals(kind))
                .toList();
    }

    static ObjectNode named(List<ObjectNode> manifests, String kind, String name) {
        return kind(manifests, kind).stream()
                .filter(m -> m.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static final List<String> SERVICES = List.of("cascade-service", "notify-service", "ingest-service");
    static final List<String> CONSUMERS = List.of("cascade-service", "notify-service");

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyManifestMatchesTheSchemaOfItsKind(String overlay) {
        Map<String, List<String>> problems = new TreeMap<>();
        for (ObjectNode manifest : render(overlay)) {
            List<String> found = ManifestSchemas.validate(manifest);
            if (!found.isEmpty()) {
                problems.put(
                        ManifestSchemas.key(manifest) + " "
                                + manifest.path("metadata").path("name").asText(),
                        found);
            }
        }
        assertThat(problems).as("schema violations in %s", overlay).isEmpty();
    }

    @Test
    void theValidatorsRejectWhatTheClusterWouldReject() {
        ObjectNode deployment =
                named(render("overlays/dev"), "Deployment", "cascade-service").deepCopy();
        ((ObjectNode) deployment
                        .path("spec")
                        .path("template")
                        .path("spec")
                        .path("containers")
                        .get(0))
                .put("livenessProbes", "typo");
        assertThat(ManifestSchemas.validate(deployment))
                .anySatisfy(p -> assertThat(p).contains("livenessProbes"));

        ObjectNode port =
                named(render("overlays/dev"), "Service", "cascade-service").deepCopy();
        ((ObjectNode) port.path("spec").path("ports").get(0)).remove("port");
        assertThat(ManifestSchemas.validate(port)).isNotEmpty();

        List<ObjectNode> prod = render("overlays/prod");
        ObjectNode kafka = named(prod, "Kafka", "ripple").deepCopy();
        ((ObjectNode) kafka.path("spec").path("kafka")).put("listenrs", "typo");
        assertThat(ManifestSchemas.validate(kafka))
                .anySatisfy(p -> assertThat(p).contains("listenrs"));

        ObjectNode v1beta2Only = named(prod, "Kafka", "ripple").deepCopy();
        ((ObjectNode) v1beta2Only.path("spec").path("kafka")).put("replicas", 3);
        assertThat(ManifestSchemas.validate(v1beta2Only))
                .anySatisfy(p -> assertThat(p).contains("replicas"));

        ObjectNode topic = named(prod, "KafkaTopic", "ripple-shares-v1").deepCopy();
        ((ObjectNode) topic.path("spec")).put("partitions", "many");
        assertThat(ManifestSchemas.validate(topic)).isNotEmpty();

        ObjectNode cluster = named(prod, "Cluster", "ripple-pg").deepCopy();
        ((ObjectNode) cluster.path("spec").path("postgresql").path("parameters")).put("max_connections", 200);
        assertThat(ManifestSchemas.validate(cluster)).isNotEmpty();
        ObjectNode unknown = named(prod, "Cluster", "ripple-pg").deepCopy();
        ((ObjectNode) unknown.path("spec")).put("instance", 3);
        assertThat(ManifestSchemas.validate(unknown)).isNotEmpty();

        ObjectNode unknownKind = deployment.deepCopy().put("kind", "Deploymnt");
        assertThat(ManifestSchemas.validate(unknownKind))
                .anySatisfy(p -> assertThat(p).contains("no schema"));
    }

    @Test
    void strimziVersionRanges() {
        assertThat(ManifestSchemas.includesV1("v1beta2+")).isTrue();
        assertThat(ManifestSchemas.includesV1("v1")).isTrue();
        assertThat(ManifestSchemas.includesV1("v1alpha1-v1beta2")).isFalse();
        assertThat(ManifestSchemas.includesV1("v1beta2")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void servicesAreProbedOnTheirHealthEndpointsAndBounded(String overlay) {
        List<ObjectNode> manifests = render(overlay);
        for (String service : SERVICES) {
            JsonNode pod = named(manifests, "Deployment", service)
                    .path("spec")
                    .path("template")
                    .path("spec");
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean())
                    .as(service)
                    .isTrue();
            JsonNode container = pod.path("containers").get(0);
            String health = service.equals("ingest-service") ? "/health" : "/actuator/health";
            assertThat(container
                            .path("livenessProbe")
                            .path("httpGet")
                            .path("path")
                            .asText())
                    .as("%s liveness", service)
                    .isEqualTo(health + "/liveness");
            assertThat(container
                            .path("readinessProbe")
                            .path("httpGet")
                            .path("path")
                            .asText())
                    .as("%s readiness", service)
                    .isEqualTo(health + "/readiness");
            assertThat(container.path("startupProbe").isMissingNode())
                    .as(service)
                    .isFalse();
            for (String bound : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(container
                                    .path("resources")
                                    .path(bound)
                                    .path(resource)
                                    .asText())
                            .as("%s %s.%s", service, bound, resource)
                            .isNotEmpty();
                }
            }
            // A JVM's heap follows the memory limit; requests equal to limits avoid eviction under pressure.
            assertThat(container
                            .path("resources")
                            .path("requests")
                            .path("memory")
                            .asText())
                    .as("%s memory request", service)
                    .isNotEmpty();
            String image = container.path("image").asText();
            assertThat(ImageReference.parse(image).unpinnedBecause())
                    .as("%s image %s", service, image)
                    .isEmpty();
            assertThat(container
                            .path("securityContext")
                            .path("readOnlyRootFilesystem")
                            .asBoolean())
                    .as(service)
                    .isTrue();
        }
        for (ObjectNode workload : Stream.concat(
                        kind(manifests, "StatefulSet").stream(), kind(manifests, "Job").stream())
                .toList()) {
            JsonNode podSpec = workload.path("spec").path("template").path("spec");
            podSpec.path("containers").forEach(c -> {
                assertThat(ImageReference.parse(c.path("image").asText()).unpinnedBecause())
                        .as(
                                "image of %s",
                                workload.path("metadata").path("name").asText())
                        .isEmpty();
                assertThat(c.path("resources").path("limits").path("memory").asText())
                        .isNotEmpty();
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyServiceHasABudgetConsumersAutoscaleWithinTheirPartitionsAndPoliciesCoverEveryPod(String overlay) {
        List<ObjectNode> manifests = render(overlay);
        int partitions = Integer.parseInt(
                config(manifests).path("RIPPLE_KAFKA_PARTITIONS").asText());
        for (String service : SERVICES) {
            JsonNode podLabels = named(manifests, "Deployment", service)
                    .path("spec")
                    .path("template")
                    .path("metadata")
                    .path("labels");
            assertThat(kind(manifests, "PodDisruptionBudget"))
                    .as("a PodDisruptionBudget selects %s", service)
                    .anySatisfy(pdb -> assertThat(selects(pdb.path("spec").path("selector"), podLabels))
                            .isTrue());
            assertThat(kind(manifests, "NetworkPolicy").stream()
                            .filter(np -> selects(np.path("spec").path("podSelector"), podLabels))
                            .flatMap(np -> toList(np.path("spec").path("policyTypes")).stream())
                            .toList())
                    .as("NetworkPolicies restrict %s both ways", service)
                    .contains("Ingress", "Egress");
        }
        for (String consumer : CONSUMERS) {
            JsonNode hpa = named(manifests, "HorizontalPodAutoscaler", consumer).path("spec");
            assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo(consumer);
            assertThat(hpa.path("maxReplicas").asInt())
                    .as("%s maxReplicas ≤ %d partitions", consumer, partitions)
                    .isBetween(hpa.path("minReplicas").asInt(1), partitions);
            assertThat(toList(hpa.path("metrics").findValues("type").stream()
                            .map(JsonNode::asText)
                            .toList()))
                    .contains("Resource");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyServiceIsScrapedWhereItServesItsMetricsAndLogsJson(String overlay) {
        List<ObjectNode> manifests = render(overlay);
        for (String service : SERVICES) {
            JsonNode template =
                    named(manifests, "Deployment", service).path("spec").path("template");
            JsonNode annotations = template.path("metadata").path("annotations");
            JsonNode container = template.path("spec").path("containers").get(0);
            String port = String.valueOf(
                    container.path("ports").get(0).path("containerPort").asInt());
            assertThat(annotations.path("prometheus.io/scrape").asText())
                    .as(service)
                    .isEqualTo("true");
            assertThat(annotations.path("prometheus.io/port").asText())
                    .as(service)
                    .isEqualTo(port);
            assertThat(annotations.path("prometheus.io/path").asText())
                    .as(service)
                    .isEqualTo(service.equals("ingest-service") ? "/prometheus" : "/actuator/prometheus");
        }
        JsonNode config = config(manifests);
        assertThat(config.path("RIPPLE_LOG_FORMAT").asText()).isEqualTo("json");
        assertThat(Double.parseDouble(config.path("RIPPLE_TRACE_SAMPLING").asText()))
                .isBetween(0.0, 1.0);
        // The autoscalers' lag metric is the one the services export.
        if (overlay.equals("overlays/prod")) {
            for (String consumer : CONSUMERS) {
                assertThat(named(manifests, "HorizontalPodAutoscaler", consumer).findValues("name").stream()
                                .map(JsonNode::asText)
                                .toList())
                        .contains("ripple_kafka_consumer_lag");
            }
            assertThat(Repo.read("service-support/src/main/java/dev/ripple/service/ConsumerLag.java"))
                    .contains("\"ripple.kafka.consumer.lag\"")
                    .contains("\"group\"");
        }
    }

    @Test
    void prodRunsKafkaOnStrimziAndPostgresOnCloudNativePg() {
        List<ObjectNode> prod = render("overlays/prod");
        JsonNode config = config(prod);
        int partitions = Integer.parseInt(config.path("RIPPLE_KAFKA_PARTITIONS").asText());

        JsonNode pool = kind(prod, "KafkaNodePool").getFirst().path("spec");
        assertThat(pool.path("replicas").asInt()).isEqualTo(3);
        assertThat(toList(pool.path("roles"))).containsExactlyInAnyOrder("controller", "broker");
        JsonNode kafka = named(prod, "Kafka", "ripple").path("spec").path("kafka");
        assertThat(kafka.path("version").asText()).startsWith("4.1.");
        assertThat(kafka.path("config").path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(config.path("RIPPLE_KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("ripple-kafka-bootstrap:9092");
        assertThat(config.path("RIPPLE_KAFKA_REPLICATION_FACTOR").asText()).isEqualTo("3");

        Map<String, Integer> declared = new TreeMap<>();
        for (ObjectNode topic : kind(prod, "KafkaTopic")) {
            assertThat(topic.path("metadata")
                            .path("labels")
                            .path("strimzi.io/cluster")
                            .asText())
                    .isEqualTo("ripple");
            assertThat(topic.path("spec").path("replicas").asInt()).isEqualTo(3);
            declared.put(
                    topic.path("spec").path("topicName").asText(),
                    topic.path("spec").path("partitions").asInt());
        }
        Map<String, Integer> expected = new TreeMap<>();
        composeTopics()
                .forEach((name, count) -> expected.put(name, count.equals("P") ? partitions : Math.min(3, partitions)));
        assertThat(declared)
                .as("KafkaTopics = the topics docker compose creates")
                .isEqualTo(expected);

        JsonNode cluster = named(prod, "Cluster", "ripple-pg").path("spec");
        assertThat(cluster.path("instances").asInt()).isEqualTo(3);
        assertThat(cluster.path("imageName").asText()).contains(":17.");
        assertThat(cluster.path("bootstrap").path("initdb").path("database").asText())
                .isEqualTo("cascade");
        assertThat(named(prod, "Database", "ripple-pg-notify")
                        .path("spec")
                        .path("name")
                        .asText())
                .isEqualTo("notify");
        assertThat(config.path("RIPPLE_CASCADE_DB_URL").asText())
                .isEqualTo("jdbc:postgresql://ripple-pg-rw:5432/cascade");
        assertThat(config.path("RIPPLE_NOTIFY_DB_URL").asText())
                .isEqualTo("jdbc:postgresql://ripple-pg-rw:5432/notify");

        // Production secrets are created by the operator, never committed or generated; README says which.
        assertThat(kind(prod, "Secret")).isEmpty();
        String readme = Repo.read("deploy/README.md");
        for (String secret : secretsReferenced(prod)) {
            assertThat(readme).as("deploy/README.md explains Secret %s", secret).contains("`" + secret + "`");
        }
    }

    @Test
    void devReferencesOnlyWhatItRendersAndUsesTheComposeScripts() {
        List<ObjectNode> dev = render("overlays/dev");
        Map<String, Set<String>> configMaps = keys(dev, "ConfigMap");
        Map<String, Set<String>> secrets = keys(dev, "Secret");
        for (ObjectNode workload : Stream.of("Deployment", "StatefulSet", "Job")
                .flatMap(k -> kind(dev, k).stream())
                .toList()) {
            String name = workload.path("metadata").path("name").asText();
            for (JsonNode ref : workload.findValues("configMapKeyRef")) {
                assertThat(configMaps.get(ref.path("name").asText()))
                        .as("%s: ConfigMap %s", name, ref.path("name").asText())
                        .isNotNull()
                        .contains(ref.path("key").asText());
            }
            for (JsonNode ref : workload.findValues("secretKeyRef")) {
                assertThat(secrets.get(ref.path("name").asText()))
                        .as("%s: Secret %s", name, ref.path("name").asText())
                        .isNotNull()
                        .contains(ref.path("key").asText());
            }
        }
        assertThat(Repo.read("deploy/k8s/overlays/dev/postgres-init.sh"))
                .isEqualTo(Repo.read("deploy/compose/postgres-init.sh"));
        assertThat(Repo.read("deploy/k8s/overlays/dev/kafka-topics.sh"))
                .isEqualTo(Repo.read("deploy/compose/kafka-topics.sh"));
    }

    /** Topic → "P" (RIPPLE_KAFKA_PARTITIONS) or "C" (the cursor topic's min(3, P)), from deploy/compose/kafka-topics.sh. */
    static Map<String, String> composeTopics() {
        Map<String, String> topics = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^create (\\S+) \"\\$(partitions|cursor_partitions)\"")
                .matcher(Repo.read("deploy/compose/kafka-topics.sh"));
        while (m.find()) {
            topics.put(m.group(1), m.group(2).equals("partitions") ? "P" : "C");
        }
        assertThat(topics).containsKeys("ripple.shares.v1", "ripple.follows.v1", "ripple.attributions.v1");
        return topics;
    }

    static JsonNode config(List<ObjectNode> manifests) {
        return kind(manifests, "ConfigMap").stream()
                .filter(c -> c.path("metadata").path("name").asText().startsWith("ripple-config"))
                .findFirst()
                .orElseThrow()
                .path("data");
    }

    private static Map<String, Set<String>> keys(List<ObjectNode> manifests, String kind) {
        Map<String, Set<String>> keys = new HashMap<>();
        for (ObjectNode m : kind(manifests, kind)) {
            Set<String> names = new TreeSet<>();
            m.path("data").fieldNames().forEachRemaining(names::add);
            m.path("stringData").fieldNames().forEachRemaining(names::add);
            keys.put(m.path("metadata").path("name").asText(), names);
        }
        return keys;
    }

    private static Set<String> secretsReferenced(List<ObjectNode> manifests) {
        Set<String> names = new TreeSet<>();
        for (ObjectNode m : manifests) {
            m.findValues("secretKeyRef").forEach(r -> names.add(r.path("name").asText()));
            m.findValues("secretRef").forEach(r -> names.add(r.path("name").asText()));
            m.findValues("passwordSecret").forEach(r -> names.add(r.path("name").asText()));
            m.findValues("secret").forEach(r -> {
                if (r.has("name")) {
                    names.add(r.path("name").asText());
                }
            });
        }
        return names;
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        for (var e : selector.path("matchLabels").properties()) {
            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String value = labels.path(expression.path("key").asText()).asText(null);
            List<String> values = toList(expression.path("values"));
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static List<String> toList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> toList(List<String> values) {
        return values;
    }
}
