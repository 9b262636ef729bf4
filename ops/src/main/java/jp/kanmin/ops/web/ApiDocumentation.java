package jp.kanmin.ops.web;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import jp.kanmin.command.support.IdempotencyKey;
import jp.kanmin.query.timeline.EntryFilter;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportKind;
import jp.kanmin.shared.sharing.ExchangeTopic;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import java.util.ArrayList;
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

    /**
     * The capabilities the operations are grouped by, in the order a newcomer meets them; each controller names its
     * tag with {@code @Tag}, and a test refuses an operation whose tag is not one of these.
     */
    static final List<Tag> CAPABILITIES = List.of(
            capability("Incidents", "インシデント: opening an incident or exercise, who takes part, closing and reopening."),
            capability("Organisations", "組織台帳・連絡体制: the organisation directory, districts, sharing agreements and "
                       + "reporting chains."),
            capability("Reports", "報告: status reports (安否確認, damage, outages, shelters, 被害調査, …) and their threads."),
            capability("Tasks", "タスク: the plan's tiered phase tasks per organisation, boards and the HQ overview."),
            capability("Information exchange", "情報共有: who told whom what and when, acknowledgements, the matrix "
                       + "and compliance."),
            capability("Support requests", "応援要請: asking other organisations for people, goods or equipment, and "
                       + "their answers."),
            capability("Damage", "被害: the damage picture, damage-scale judgement (被害規模の判断) and the "
                       + "immediate-report CSV."),
            capability("Timeline and feeds", "タイムライン: the shared incident timeline, paged or as a live SSE feed."),
            capability("Review and replay", "振り返り: the after-action review and the timeline replayed at any speed."),
            capability("Exercises", "訓練: scenario exercises with injects (状況付与), and exercises forked from past "
                       + "incidents."),
            capability("Notifications", "通知: each organisation's rules for hearing of what concerns it by e-mail or "
                       + "a signed webhook, and the log of every delivery."),
            capability("Plans", "タイムライン計画: the timeline plans that say what each organisation must do when."),
            capability("Administration", "管理: API tokens, projections and rebuilds, export and import. "
                       + "Administrators only."));

    private static Tag capability(String name, String description) {
        return new Tag().name(name).description(description);
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
                .tags(CAPABILITIES)
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * Schemas of nested types are named with their enclosing type ({@code ReportRequest.StaffSafety},
     * {@code ReportContent.StaffSafety}): by simple name alone, 22 pairs of different types shared one schema and the
     * document described one of each pair wrongly. Ordered first so that springdoc's own converters (Mono, Flux,
     * polymorphism) still run before it, as they did before the default resolver it replaces.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ModelResolver nestedTypeNames() {
        return new ModelResolver(Json31.mapper(), new TypeNameResolver() {
            @Override
            protected String getNameOfClass(Class<?> type) {
                return type.getEnclosingClass() == null ? type.getSimpleName()
                        : getNameOfClass(type.getEnclosingClass()) + "." + type.getSimpleName();
            }
        }).openapi31(true);
    }

    /**
     * A report is posted as one JSON object: its kind's fields beside the fields every kind takes. The handler holds
     * it as the kind's content ({@link ReportContent}, where each kind is declared with its rules and example) and the
     * common fields; the document shows the body as posted: one alternative per kind, named
     * {@code ReportRequest.<Kind>}, the kind's schema with the common fields, and the kind's example.
     */
    @Bean
    OpenApiCustomizer reportBodiesAsPosted() {
        return openApi -> {
            Map<String, Schema> schemas = openApi.getComponents().getSchemas();
            Schema<?> request = schemas == null ? null : schemas.get(REPORT_REQUEST);
            if (request == null || request.getProperties() == null) {
                return;
            }
            Schema<Object> common = new ObjectSchema().description("The fields every kind of report takes.");
            request.getProperties().forEach((field, schema) -> {
                if (!"content".equals(field)) {
                    common.addProperty(field, schema);
                }
            });
            schemas.put(REPORT_REQUEST + ".Common", common);
            List<Schema> kinds = new ArrayList<>();
            Discriminator byType = new Discriminator().propertyName("type");
            for (JsonSubTypes.Type type : ReportContent.class.getAnnotation(JsonSubTypes.class).value()) {
                Class<?> kind = type.value();
                ReportKind declared = kind.getAnnotation(ReportKind.class);
                String name = REPORT_REQUEST + "." + kind.getSimpleName();
                byType.mapping(type.name(), "#/components/schemas/" + name);
                schemas.put(name, new Schema<>().allOf(List.of(reference("ReportContent." + kind.getSimpleName()),
                                                               reference(REPORT_REQUEST + ".Common")))
                                                .description(declared.ja() + " (" + declared.en() + ")")
                                                .example(exampleOf(declared)));
                kinds.add(reference(name));
            }
            schemas.put(REPORT_REQUEST, new Schema<>().oneOf(kinds).discriminator(byType)
                                                      .description(request.getDescription()));
        };
    }

    private static final String REPORT_REQUEST = "ReportRequest";

    private static Schema<?> reference(String schema) {
        return new Schema<>().$ref("#/components/schemas/" + schema);
    }

    private static Object exampleOf(ReportKind kind) {
        try {
            return Json31.mapper().readValue(kind.example(), Map.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the example of " + kind.en() + " is not JSON", e);
        }
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
