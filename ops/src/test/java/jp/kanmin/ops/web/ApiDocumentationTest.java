package jp.kanmin.ops.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jp.kanmin.ops.testing.ApplicationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document describes every endpoint, with the problem+json answers each may give. */
@ApplicationTest
class ApiDocumentationTest {

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

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
    void swaggerUiIsServed() {
        client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
        client.get().uri("/webjars/swagger-ui/index.html").exchange().expectStatus().isOk();
    }
}
