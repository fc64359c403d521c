package dev.ripple.cascade.it;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks a JSON value against a schema of an OpenAPI 3.1 document, both ways: every property the value has is
 * declared, every declared property is present (the API writes nulls explicitly), and types, enums and items agree.
 * Enough JSON Schema for what springdoc generates: $ref, type (or a list of types), properties, items,
 * additionalProperties, enum.
 */
final class SchemaCheck {

    private final JsonNode document;
    private final List<String> problems = new ArrayList<>();

    private SchemaCheck(JsonNode document) {
        this.document = document;
    }

    static List<String> check(JsonNode document, JsonNode schema, JsonNode value) {
        SchemaCheck check = new SchemaCheck(document);
        check.check("$", schema, value, 0);
        return check.problems;
    }

    private void check(String path, JsonNode schema, JsonNode value, int depth) {
        if (depth > 200) {
            problems.add(path + ": nested too deep to check");
            return;
        }
        schema = resolve(schema);
        for (String combinator : List.of("oneOf", "anyOf")) {
            if (schema.has(combinator)) {
                List<String> failures = new ArrayList<>();
                for (JsonNode alternative : schema.get(combinator)) {
                    SchemaCheck attempt = new SchemaCheck(document);
                    attempt.check(path, alternative, value, depth + 1);
                    if (attempt.problems.isEmpty()) {
                        return;
                    }
                    failures.addAll(attempt.problems);
                }
                problems.add(path + ": matches none of " + combinator + " " + failures);
                return;
            }
        }
        Set<String> types = types(schema);
        if (value == null || value.isNull()) {
            if (!types.isEmpty()
                    && !types.contains("null")
                    && !schema.path("nullable").asBoolean(false)) {
                problems.add(path + ": null but the schema does not allow null " + types);
            }
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(path + ": " + value + " is not in " + schema.get("enum"));
            }
        }
        String actual = typeOf(value);
        if (!types.isEmpty() && !types.contains(actual) && !(actual.equals("integer") && types.contains("number"))) {
            problems.add(path + ": a " + actual + " where the schema says " + types);
            return;
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.get("additionalProperties");
            for (String name : value.propertyNames()) {
                if (properties.has(name)) {
                    check(path + "." + name, properties.get(name), value.get(name), depth + 1);
                } else if (additional != null && additional.isObject()) {
                    check(path + "." + name, additional, value.get(name), depth + 1);
                } else {
                    problems.add(path + "." + name + ": not declared in the schema");
                }
            }
            // Records are written whole (nulls included): every property is expected unless `required` says which.
            Set<String> expected = new HashSet<>(properties.propertyNames());
            if (schema.has("required")) {
                expected.clear();
                schema.get("required").forEach(name -> expected.add(name.asString()));
            }
            for (String name : expected) {
                if (!value.has(name)) {
                    problems.add(path + "." + name + ": declared but missing from the response");
                }
            }
        } else if (value.isArray()) {
            JsonNode items = schema.get("items");
            int index = 0;
            for (JsonNode item : value) {
                if (items != null) {
                    check(path + "[" + index + "]", items, item, depth + 1);
                }
                index++;
            }
        }
    }

    private JsonNode resolve(JsonNode schema) {
        int hops = 0;
        while (schema.has("$ref") && hops++ < 20) {
            String ref = schema.get("$ref").asString();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("external $ref " + ref);
            }
            schema = document.at(ref.substring(1));
            if (schema.isMissingNode()) {
                problems.add("dangling $ref " + ref);
                return schema;
            }
        }
        return schema;
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new HashSet<>();
        JsonNode type = schema.get("type");
        if (type == null) {
            return types;
        }
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asString()));
        } else {
            types.add(type.asString());
        }
        return types;
    }

    private static String typeOf(JsonNode value) {
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isString()) {
            return "string";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        return "number";
    }
}
