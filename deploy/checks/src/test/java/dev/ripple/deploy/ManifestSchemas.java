package dev.ripple.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonParser;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a rendered manifest against the schema of its kind, strictly (an unknown field is an error, as
 * kubeconform -strict and the API server's strict field validation treat it):
 *
 * <ul>
 *   <li>Kubernetes kinds: the Kubernetes 1.32 OpenAPI models of the official Java client, whose
 *       {@code validateJsonElement} checks types, required fields and unknown fields.
 *   <li>Strimzi kinds (kafka.strimzi.io/v1): Strimzi's own API model, the one its operator reads; unknown fields,
 *       which the model keeps aside, and fields that do not exist in the v1 API are errors.
 *   <li>CloudNativePG kinds (postgresql.cnpg.io/v1): the JSON Schema in {@code schemas/}, a strict subset of the CRD
 *       (CloudNativePG publishes no Java model); a field outside it is an error until someone adds it there.
 * </ul>
 */
final class ManifestSchemas {

    private static final Map<String, Class<?>> KUBERNETES = Map.ofEntries(
            Map.entry("apps/v1/Deployment", V1Deployment.class),
            Map.entry("apps/v1/StatefulSet", V1StatefulSet.class),
            Map.entry("v1/Service", V1Service.class),
            Map.entry("v1/ConfigMap", V1ConfigMap.class),
            Map.entry("v1/Secret", V1Secret.class),
            Map.entry("v1/ServiceAccount", V1ServiceAccount.class),
            Map.entry("v1/Namespace", V1Namespace.class),
            Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class),
            Map.entry("batch/v1/Job", V1Job.class));

    private static final Map<String, Class<?>> STRIMZI = Map.of(
            "kafka.strimzi.io/v1/Kafka", Kafka.class,
            "kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class);

    private static final Map<String, String> CLOUDNATIVE_PG = Map.of(
            "postgresql.cnpg.io/v1/Cluster", "schemas/cnpg-cluster.schema.json",
            "postgresql.cnpg.io/v1/Database", "schemas/cnpg-database.schema.json");

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ManifestSchemas() {}

    static String key(JsonNode manifest) {
        return manifest.path("apiVersion").asText() + "/"
                + manifest.path("kind").asText();
    }

    /** The problems found; empty when the manifest is valid. */
    static List<String> validate(ObjectNode manifest) {
        String key = key(manifest);
        try {
            if (KUBERNETES.containsKey(key)) {
                return kubernetes(KUBERNETES.get(key), manifest);
            }
            if (STRIMZI.containsKey(key)) {
                return strimzi(STRIMZI.get(key), manifest);
            }
            if (CLOUDNATIVE_PG.containsKey(key)) {
                return jsonSchema(CLOUDNATIVE_PG.get(key), manifest);
            }
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            return List.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return List.of("no schema known for " + key + " (add one to ManifestSchemas)");
    }

    private static List<String> kubernetes(Class<?> model, ObjectNode manifest) throws ReflectiveOperationException {
        Method validate = model.getMethod("validateJsonElement", com.google.gson.JsonElement.class);
        try {
            validate.invoke(null, JsonParser.parseString(manifest.toString()));
            return List.of();
        } catch (java.lang.reflect.InvocationTargetException e) {
            return List.of(String.valueOf(e.getCause().getMessage()));
        }
    }

    private static List<String> strimzi(Class<?> model, ObjectNode manifest) throws IOException {
        Object resource = JSON.treeToValue(manifest, model);
        List<String> problems = new ArrayList<>();
        walk(resource, "", problems, new IdentityHashMap<>());
        return problems;
    }

    /** Unknown fields (kept aside in additionalProperties) and fields absent from the v1 API, anywhere in the tree. */
    private static void walk(Object node, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, problems, seen));
            return;
        }
        Package pkg = node.getClass().getPackage();
        if (pkg == null
                || !(pkg.getName().startsWith("io.strimzi") || pkg.getName().startsWith("io.fabric8"))) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            String property = Character.toLowerCase(getter.getName().charAt(3))
                    + getter.getName().substring(4);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
                continue;
            }
            if (value == null) {
                continue;
            }
            String versions = presentInVersions(getter);
            if (versions != null && !includesV1(versions)) {
                problems.add(path + "." + property + ": not in the v1 API (present in " + versions + ")");
            }
            walk(value, path + "." + property, problems, seen);
        }
    }

    /** The value of Strimzi's @PresentInVersions on a property, if any (read by name: it is an annotation jar). */
    private static String presentInVersions(Method getter) {
        for (var annotation : getter.getAnnotations()) {
            if (annotation.annotationType().getSimpleName().equals("PresentInVersions")) {
                try {
                    return String.valueOf(
                            annotation.annotationType().getMethod("value").invoke(annotation));
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static final List<String> ORDER = List.of("v1alpha1", "v1beta1", "v1beta2", "v1");

    /** "v1beta2+", "v1alpha1-v1beta2", "v1", "v1beta2,v1" → does the range include v1? */
    static boolean includesV1(String versions) {
        for (String part : versions.split(",")) {
            String p = part.strip();
            if (p.endsWith("+")) {
                if (ORDER.contains(p.substring(0, p.length() - 1))) {
                    return true;
                }
            } else if (p.contains("-")) {
                String to = p.substring(p.indexOf('-') + 1);
                if (to.equals("v1")) {
                    return true;
                }
            } else if (p.equals("v1")) {
                return true;
            }
        }
        return false;
    }

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private static List<String> jsonSchema(String resource, ObjectNode manifest) throws IOException {
        try (InputStream in = ManifestSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return List.of("schema " + resource + " is missing");
            }
            JsonSchema schema = SCHEMAS.getSchema(in);
            Set<ValidationMessage> messages = schema.validate(manifest);
            return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
        }
    }
}
