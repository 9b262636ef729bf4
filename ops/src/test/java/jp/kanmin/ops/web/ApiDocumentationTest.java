package jp.kanmin.ops.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.tags.Tag;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.shared.plan.TimelinePlanReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document describes every endpoint, with the problem+json answers each may give. */
@ApplicationTest
class ApiDocumentationTest {

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    JsonMapper json;
    @Autowired
    Validator validator;

    OpenAPI document;
    WebTestClient client;

    @BeforeEach
    void readDocument() {
        // generating the document takes seconds on a busy shared machine
        client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                              .responseTimeout(Duration.ofSeconds(30)).build();
        String json = client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                            .expectBody(String.class).returnResult().getResponseBody();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json);
        assertThat(parsed.getMessages()).as("the document is valid OpenAPI 3").isEmpty();
        document = parsed.getOpenAPI();
    }

    @Test
    void everyEndpointIsDocumented() {
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> info.getPatternsCondition().getPatterns().forEach(
                pattern -> info.getMethodsCondition().getMethods().forEach(
                        method -> served.add(method.name() + " " + pattern.getPatternString()))));
        served.removeIf(endpoint -> !endpoint.contains(" /api/"));

        Set<String> documented = new TreeSet<>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap().keySet().forEach(
                method -> documented.add(method.name() + " " + path)));

        assertThat(served).as("the API serves endpoints").hasSizeGreaterThan(30);
        assertThat(documented).containsAll(served);
    }

    @Test
    void everyOperationNamesItsProblemAnswers() {
        List<String> missing = new ArrayList<>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            for (String status : List.of("400", "401", "403", "404", "409", "429", "503")) {
                var response = operation.getResponses().get(status);
                if (response == null || response.getContent() == null
                    || !response.getContent().containsKey("application/problem+json")) {
                    missing.add(method + " " + path + " " + status);
                }
            }
        }));
        assertThat(missing).isEmpty();
        assertThat(document.getComponents().getSchemas().get("Problem").getProperties())
                .containsKeys("type", "title", "status", "detail", "errors");
    }

    @Test
    void everyCommandDocumentsItsIdempotencyKeyHeader() {
        List<String> commands = new ArrayList<>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            List<io.swagger.v3.oas.models.parameters.Parameter> parameters =
                    operation.getParameters() == null ? List.of() : operation.getParameters();
            assertThat(parameters).as(method + " " + path + ": the key is a header, not a query parameter")
                                  .noneMatch(p -> "query".equals(p.getIn()) && "header".equals(p.getName()));
            if (parameters.stream().anyMatch(p -> "header".equals(p.getIn())
                                                  && "Idempotency-Key".equals(p.getName()))) {
                commands.add(method + " " + path);
            }
        }));
        assertThat(commands).contains("POST /api/incidents/{incidentId}/reports",
                                      "POST /api/incidents/{incidentId}/reports/batch", "POST /api/exercises",
                                      "POST /api/organisations", "POST /api/incidents/{incidentId}/forks")
                            .hasSizeGreaterThan(20);
    }

    @Test
    void theTimelineFilterIsDocumentedParameterByParameter() {
        PathItem timeline = document.getPaths().get("/api/incidents/{incidentId}/timeline");
        Operation page = timeline.getGet();
        assertThat(page.getParameters()).extracting(p -> p.getName())
                                        .contains("after", "limit", "organisationId", "organisationType", "type",
                                                  "category", "tier", "topic", "concernsMe")
                                        .doesNotContain("params", "caller");
        assertThat(document.getSecurity()).isNotEmpty();
        document.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            if (operation.getParameters() != null) {
                assertThat(operation.getParameters()).as(path + ": the caller comes from the token")
                                                     .noneMatch(p -> p.getName().equals("caller"));
            }
        }));
    }

    @Test
    void everyOperationHasASummaryADescriptionAndACapability() {
        Set<String> capabilities = document.getTags().stream().map(Tag::getName).collect(Collectors.toSet());
        assertThat(document.getTags()).as("each capability says what it covers")
                                      .allSatisfy(tag -> assertThat(tag.getDescription()).isNotBlank());
        List<String> lacking = new ArrayList<>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String name = method + " " + path;
            if (operation.getSummary() == null || operation.getSummary().isBlank()) {
                lacking.add(name + ": summary");
            }
            if (operation.getDescription() == null || operation.getDescription().isBlank()) {
                lacking.add(name + ": description");
            }
            if (operation.getTags() == null || operation.getTags().isEmpty()
                || !capabilities.containsAll(operation.getTags())) {
                lacking.add(name + ": one of the capabilities as tag, not " + operation.getTags());
            }
        }));
        assertThat(lacking).isEmpty();
        assertThat(document.getPaths().get("/api/incidents/{incidentId}/reports").getPost().getDescription())
                .as("descriptions name the domain's terms").contains("安否確認", "被害調査");
    }

    /**
     * Every request body has an example, and each example is one the endpoint accepts: read as the handler reads it
     * and valid by its rules (a YAML plan by the plan reader). Only an import takes no example: its body is what an
     * export wrote.
     */
    @Test
    void everyRequestBodyHasAnExampleTheEndpointAccepts() {
        List<String> withoutExample = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        int checked = 0;
        for (var endpoint : bodies().entrySet()) {
            MethodParameter body = endpoint.getValue();
            var content = operation(endpoint.getKey()).getRequestBody().getContent();
            for (Map.Entry<String, MediaType> media : content.entrySet()) {
                List<Object> examples = examplesOf(media.getValue().getSchema());
                if (examples.isEmpty()) {
                    withoutExample.add(endpoint.getKey());
                    continue;
                }
                for (Object example : examples) {
                    checked++;
                    String problem = example instanceof String yaml ? planProblem(yaml)
                            : jsonProblem(asJson(example), body);
                    if (problem != null) {
                        refused.put(endpoint.getKey() + " " + media.getKey() + " " + example, problem);
                    }
                }
            }
        }
        assertThat(refused).isEmpty();
        assertThat(withoutExample).containsOnly("POST /api/admin/import");
        assertThat(checked).as("every report kind's example among them").isGreaterThan(40);
    }

    /**
     * The schema of each JSON request body has exactly the fields of the record the handler reads. By simple name,
     * two different records once shared one schema (two ConfirmRequests, two Answers) and one was described wrongly.
     */
    @Test
    void everyRequestBodyIsDescribedAsTheRecordTheHandlerReads() {
        Map<String, String> mismatched = new LinkedHashMap<>();
        bodies().forEach((endpoint, body) -> {
            Class<?> type = body.getParameterType();
            MediaType media = operation(endpoint).getRequestBody().getContent().get("application/json");
            if (media == null) {
                return;
            }
            Set<Set<String>> described = alternatives(media.getSchema()).stream().map(this::propertiesOf)
                                                                         .collect(Collectors.toSet());
            Set<Set<String>> read = readAs(type);
            if (!described.equals(read)) {
                mismatched.put(endpoint, "document " + described + ", handler " + read);
            }
        });
        assertThat(mismatched).isEmpty();
    }

    /** Each endpoint that takes a body, by "METHOD /path" as the document names it, with the parameter it reads. */
    private Map<String, MethodParameter> bodies() {
        Map<String, MethodParameter> bodies = new TreeMap<>();
        mappings.getHandlerMethods().forEach((info, handler) -> Arrays.stream(handler.getMethodParameters())
                .filter(parameter -> parameter.hasParameterAnnotation(RequestBody.class))
                .forEach(parameter -> info.getPatternsCondition().getPatterns().forEach(
                        pattern -> info.getMethodsCondition().getMethods().forEach(
                                method -> bodies.put(method.name() + " " + pattern.getPatternString(), parameter)))));
        assertThat(bodies).as("the API takes bodies").hasSizeGreaterThan(30);
        return bodies;
    }

    private io.swagger.v3.oas.models.Operation operation(String endpoint) {
        String[] methodAndPath = endpoint.split(" ", 2);
        return document.getPaths().get(methodAndPath[1]).readOperationsMap()
                       .get(PathItem.HttpMethod.valueOf(methodAndPath[0]));
    }

    private String jsonProblem(String example, MethodParameter body) {
        try {
            Object value = json.readValue(example, json.constructType(body.getGenericParameterType()));
            Set<ConstraintViolation<Object>> violations = validator.validate(value);
            return violations.isEmpty() ? null : violations.toString();
        } catch (RuntimeException unreadable) {
            return unreadable.getMessage();
        }
    }

    /** The parser gives an example as maps and lists, or as its own Jackson's nodes; either writes as JSON. */
    private static String asJson(Object example) {
        try {
            return io.swagger.v3.core.util.Json.mapper().writeValueAsString(example);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String planProblem(String yaml) {
        try {
            TimelinePlanReader.read(yaml, "the API document's example");
            return null;
        } catch (RuntimeException invalid) {
            return invalid.getMessage();
        }
    }

    /** A body's examples: its own, or one for each alternative of a oneOf (none when any alternative lacks one). */
    private List<Object> examplesOf(Schema<?> schema) {
        List<Object> examples = alternatives(schema).stream().map(Schema::getExample).toList();
        return examples.contains(null) ? List.of() : examples;
    }

    private List<Schema<?>> alternatives(Schema<?> schema) {
        Schema<?> resolved = resolve(schema);
        if (resolved.getOneOf() == null) {
            return List.of(resolved);
        }
        return resolved.getOneOf().stream().<Schema<?>>map(this::resolve).toList();
    }

    /** A schema's properties with those of every schema it is composed of (allOf), at any depth. */
    private Set<String> propertiesOf(Schema<?> schema) {
        Stream<String> own = schema.getProperties() == null ? Stream.empty() : schema.getProperties().keySet().stream();
        Stream<String> composed = schema.getAllOf() == null ? Stream.empty()
                : schema.getAllOf().stream().map(this::resolve).flatMap(part -> propertiesOf(part).stream());
        return Stream.concat(own, composed).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private Schema<?> resolve(Schema<?> schema) {
        if (schema.get$ref() == null) {
            return schema;
        }
        String name = schema.get$ref().substring("#/components/schemas/".length());
        return (Schema<?>) document.getComponents().getSchemas().get(name);
    }

    private static Set<String> components(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet());
    }

    /**
     * The fields a body is read with: a record's components; one set per kind for a sealed body; and for a body that
     * holds a sealed {@code content} beside other fields (a report), one set per kind of the kind's fields beside them.
     */
    private static Set<Set<String>> readAs(Class<?> type) {
        if (type.isSealed()) {
            return Arrays.stream(type.getPermittedSubclasses()).map(kind -> withType(components(kind)))
                         .collect(Collectors.toSet());
        }
        RecordComponent content = Arrays.stream(type.getRecordComponents())
                                        .filter(c -> c.getName().equals("content") && c.getType().isSealed())
                                        .findFirst().orElse(null);
        if (content == null) {
            return Set.of(components(type));
        }
        Set<String> beside = new TreeSet<>(components(type));
        beside.remove("content");
        return readAs(content.getType()).stream()
                                        .map(kind -> Stream.concat(kind.stream(), beside.stream())
                                                           .collect(Collectors.toSet()))
                                        .collect(Collectors.toSet());
    }

    /** A kind of a polymorphic body also carries the {@code type} that names it. */
    private static Set<String> withType(Set<String> components) {
        return Stream.concat(components.stream(), Stream.of("type")).collect(Collectors.toSet());
    }

    @Test
    void swaggerUiIsServed() {
        client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
        client.get().uri("/webjars/swagger-ui/index.html").exchange().expectStatus().isOk();
    }
}
