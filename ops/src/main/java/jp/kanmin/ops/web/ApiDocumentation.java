package jp.kanmin.ops.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import jp.kanmin.command.support.IdempotencyKey;
import jp.kanmin.query.timeline.EntryFilter;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.report.ExchangeTopic;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's OpenAPI document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}). Springdoc derives the
 * operations from the controllers; this adds what it cannot see: the bearer tokens, and the problem+json answers
 * that {@link ProblemHandler}, the security filters and the request limits give to every operation.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String PROBLEM = "Problem";
    static final String BEARER = "bearer";

    /** The failures any operation may answer with, besides its own successes. */
    private static final Map<String, String> ERRORS = errors();

    private static Map<String, String> errors() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("400", "The request broke a rule; errors[] names each field and rule. Nothing was changed.");
        errors.put("401", "No valid bearer token.");
        errors.put("403", "The caller's organisation may not do this or see this incident.");
        errors.put("404", "No such incident, organisation or entry.");
        errors.put("409", "The request contradicts the current state, or reuses an Idempotency-Key with other content.");
        errors.put("429", "The organisation's request budget on this node is spent; see Retry-After.");
        errors.put("503", "The store is unreachable; retry later with the same Idempotency-Key.");
        return errors;
    }

    @Bean
    OpenAPI kanminOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Kanmin Timeline API")
                                .version("1")
                                .description("""
                                        The shared incident timeline of the public-private disaster timeline \
                                        (官民連携タイムライン): commands post reports, damage, task progress and \
                                        exchanges; queries read the timeline, boards and books, with asOf for \
                                        replay. Live feeds are Server-Sent Events resumable with Last-Event-ID; \
                                        read models answer with ETags for cheap polling."""))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                                                        .scheme("bearer")
                                                                        .description("An organisation's API token")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(ApiDocumentation::addProblems));
        };
    }

    /**
     * The timeline and the feed take their filter as free query parameters (so that each may be repeated); the
     * document lists them one by one instead of as one opaque map.
     */
    @Bean
    OperationCustomizer entryFilterParameters() {
        return (operation, handler) -> {
            boolean takesFilter = Arrays.stream(handler.getMethodParameters()).anyMatch(
                    parameter -> MultiValueMap.class.isAssignableFrom(parameter.getParameterType())
                                 && parameter.hasParameterAnnotation(RequestParam.class));
            if (takesFilter && operation.getParameters() != null) {
                operation.getParameters().removeIf(parameter -> "params".equals(parameter.getName()));
                filterParameters().forEach(operation::addParametersItem);
            }
            return operation;
        };
    }

    /** Every command endpoint takes an {@link IdempotencyKey}: the document shows it as the header it is read from. */
    @Bean
    OperationCustomizer idempotencyKeyHeader() {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(IdempotencyKey.class);
        return (operation, handler) -> {
            if (Arrays.stream(handler.getMethodParameters())
                      .anyMatch(parameter -> parameter.getParameterType() == IdempotencyKey.class)) {
                operation.addParametersItem(new Parameter().in("header").name(IdempotencyKey.HEADER)
                        .schema(new StringSchema().minLength(1).maxLength(128).pattern("^[\\x21-\\x7E]+$"))
                        .description("Any 1 to 128 printable ASCII characters chosen by the client; a retry with the "
                                     + "same key is applied once, and the key reused for another request is refused "
                                     + "(409). Clients that cannot set headers send it as commandId in the body."));
            }
            return operation;
        };
    }

    private static List<Parameter> filterParameters() {
        return List.of(
                query("organisationId", "entries from or about these organisations", new StringSchema()),
                query("organisationType", "entries from or about organisations of these types",
                      enumOf(Arrays.stream(OrganisationType.values()).map(Enum::name).toList())),
                query("type", "entries of these event types, e.g. StaffSafetyReported", new StringSchema()),
                query("category", "entries of these categories", enumOf(EntryFilter.CATEGORIES.stream().sorted().toList())),
                query("tier", "entries about tasks of these tiers", enumOf(List.of("1", "2", "3"))),
                query("topic", "entries about exchanges on these topics",
                      enumOf(Arrays.stream(ExchangeTopic.values()).map(Enum::name).toList())),
                new Parameter().in("query").name("concernsMe").schema(new BooleanSchema())
                               .description("only entries addressed to the caller's organisation or about its tasks"));
    }

    private static Parameter query(String name, String description, Schema<?> item) {
        return new Parameter().in("query").name(name).explode(true).schema(new ArraySchema().items(item))
                              .description(description + " (repeat the parameter or separate values by commas)");
    }

    private static Schema<?> enumOf(List<String> values) {
        StringSchema schema = new StringSchema();
        values.forEach(schema::addEnumItem);
        return schema;
    }

    private static void addProblems(Operation operation) {
        ERRORS.forEach((status, description) -> {
            if (!operation.getResponses().containsKey(status)) {
                operation.getResponses().addApiResponse(status, new ApiResponse()
                        .description(description)
                        .content(new Content().addMediaType(Problems.PROBLEM_JSON.toString(), new MediaType()
                                .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
            }
        });
    }

    @SuppressWarnings("rawtypes")
    private static Schema<?> problemSchema() {
        Schema fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema().description("the request field, parameter or header"))
                .addProperty("rule", new StringSchema().description("the rule it broke, e.g. required, one-of"))
                .addProperty("message", new StringSchema());
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().description("urn:kanmin:problem:<rule>"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().items(fieldError));
    }
}
