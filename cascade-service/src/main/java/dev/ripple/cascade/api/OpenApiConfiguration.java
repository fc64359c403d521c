package dev.ripple.cascade.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}): what the annotations on the
 * controllers say, plus what every operation shares: the problem+json error responses and, when keys are configured,
 * the API-key security schemes.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenAPI rippleOpenApi(@Value("${info.app.version:dev}") String version) {
        return new OpenAPI()
                .info(new Info()
                        .title("Ripple cascade API")
                        .version(version)
                        .description("Cascades of shares about an account, who started them, and the follows each "
                                + "share brought: query, explain and follow them live. Errors are RFC 9457 "
                                + "`application/problem+json` with a stable `type`. Account refs "
                                + "(`<platform>:<authority>:<id>`) contain colons: as path segments send them as "
                                + "they are or percent-encoded (`%3A`). See docs/api.md.")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .components(new Components().addSchemas(PROBLEM, problemSchema()));
    }

    @Bean
    OpenApiCustomizer standardResponses(ApiSettings settings) {
        return openApi -> {
            if (settings.authenticationEnabled()) {
                openApi.getComponents()
                        .addSecuritySchemes(
                                "apiKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name(ApiKeyFilter.HEADER)
                                        .description("an API key from RIPPLE_API_KEYS"))
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("the same API key as a bearer token"));
                openApi.setSecurity(List.of(
                        new SecurityRequirement().addList("apiKey"), new SecurityRequirement().addList("bearer")));
            }
            if (openApi.getComponents().getSchemas() != null) {
                openApi.getComponents().getSchemas().values().forEach(OpenApiConfiguration::fixNullables);
            }
            if (openApi.getPaths() == null) {
                return;
            }
            for (PathItem path : openApi.getPaths().values()) {
                for (Operation operation : path.readOperations()) {
                    ApiResponses responses = operation.getResponses();
                    List<Parameter> parameters =
                            operation.getParameters() == null ? List.of() : operation.getParameters();
                    if (parameters.stream().anyMatch(p -> "query".equals(p.getIn()))) {
                        responses.addApiResponse(
                                "400", problem("Invalid parameters: every bad or unknown parameter is listed"));
                    } else {
                        responses.addApiResponse("400", problem("Unknown query parameters (this endpoint takes none)"));
                    }
                    if (parameters.stream().anyMatch(p -> "path".equals(p.getIn()))) {
                        responses.addApiResponse("404", problem("Nothing has this id"));
                    }
                    if (settings.authenticationEnabled()) {
                        responses.addApiResponse("401", problem("The API key is missing or wrong"));
                    }
                    responses.addApiResponse("500", problem("An unexpected error (nothing internal is disclosed)"));
                }
            }
        };
    }

    /**
     * JSON Schema 2020-12 reads {@code {"type": "null", "$ref": …}} (what the generator writes for a nullable
     * reference) as "null and an object", which nothing satisfies, and an enum without null as never null: say
     * "the referenced schema or null" and list null among the enum values instead.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static void fixNullables(Schema<?> schema) {
        if (schema.getProperties() == null) {
            return;
        }
        for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
            Schema value = property.getValue();
            boolean nullable = value.getTypes() != null && value.getTypes().contains("null");
            if (nullable && value.get$ref() != null) {
                Schema replacement = new Schema<>();
                replacement.setDescription(value.getDescription());
                replacement.setOneOf(List.of(
                        new Schema<>().$ref(value.get$ref()),
                        new Schema<>().types(new java.util.LinkedHashSet<>(List.of("null")))));
                property.setValue(replacement);
            } else if (nullable && value.getEnum() != null && !value.getEnum().contains(null)) {
                List<Object> values = new java.util.ArrayList<>(value.getEnum());
                values.add(null);
                value.setEnum(values);
            }
        }
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema<?> problemSchema() {
        ObjectSchema invalid = new ObjectSchema();
        invalid.setProperties(Map.of(
                "name", new StringSchema().description("the parameter"),
                "reason", new StringSchema().description("what is wrong with it")));
        invalid.setRequired(List.of("name", "reason"));
        ObjectSchema problem = new ObjectSchema();
        problem.description("An RFC 9457 problem");
        problem.setProperties(new java.util.LinkedHashMap<>(Map.<String, Schema>of(
                "type",
                new StringSchema()
                        .format("uri")
                        .description("stable per kind of error, e.g. https://ripple.dev/problems/not-found"),
                "title",
                new StringSchema(),
                "status",
                new IntegerSchema().format("int32"),
                "detail",
                new StringSchema(),
                "instance",
                new StringSchema().format("uri-reference"),
                "invalidParameters",
                new ArraySchema().items(invalid).description("every invalid parameter (invalid-parameters only)"))));
        problem.setRequired(List.of("type", "title", "status"));
        return problem;
    }
}
