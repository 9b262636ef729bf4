package jp.kanmin.ops.deploy;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alert rules and the dashboard query what the application really exposes: every metric they name is on
 * {@code /actuator/prometheus} once the node has handled a command, and the readiness the probes ask for covers the
 * store and the event processors.
 */
@ApplicationTest
class MonitoringQueriesTest {

    /** Prometheus's own series, not the application's. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Pattern METRIC = Pattern.compile("\\b([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:\\{|\\[|\\))");

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void everyMetricTheAlertsAndTheDashboardQueryIsExposed() throws IOException {
        Api api = new Api(port, tokens);
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(api, park);
        api.as(park).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(staffSafety(10, 0, 0))
           .exchange().expectStatus().isCreated();

        Set<String> queried = new TreeSet<>();
        queried.addAll(metricsIn(Files.readString(Path.of("deploy/prometheus/alerts.yml"))));
        queried.addAll(metricsIn(Files.readString(Path.of("deploy/grafana/dashboards/kanmin-timeline.json"))));
        queried.removeAll(PROMETHEUS_OWN);
        assertThat(queried).contains("kanmin_processor_lag_events", "http_server_requests_seconds_bucket");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String exposed = api.anonymous().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                                .expectBody(String.class).returnResult().getResponseBody();
            assertThat(queried).allSatisfy(metric -> assertThat(exposed).as(metric).containsPattern(
                    "(?m)^" + Pattern.quote(metric) + "[{ ]"));
        });
    }

    @Test
    void commandsAreCountedAndTimedByTypeAndOutcome() {
        Api api = new Api(port, tokens);
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(api, park);
        api.as(park).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(staffSafety(10, 0, 0))
           .exchange().expectStatus().isCreated();
        // refused by the aggregate: the park's plan has no such task
        api.as(park).post().uri("/api/incidents/{id}/tasks/{task}/complete", scenario.incident, "no-such-task")
           .bodyValue(java.util.Map.of()).exchange().expectStatus().is4xxClientError();

        String exposed = api.asAdmin().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                            .expectBody(String.class).returnResult().getResponseBody();
        assertThat(exposed).containsPattern("(?m)^commandBus_allTimer_seconds_bucket\\{.*payloadType=\"PostReport\"")
                           .containsPattern("(?m)^commandBus_successCounter_total\\{.*payloadType=\"PostReport\"")
                           .containsPattern("(?m)^commandBus_failureCounter_total\\{.*payloadType=\"CompleteTask\".* 1\\.0$");
    }

    @Test
    void readinessCoversTheStoreAndTheProcessors() {
        Api api = new Api(port, tokens);
        Map<?, ?> readiness = api.asAdmin().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                                 .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(readiness.get("status")).isEqualTo("UP");
        @SuppressWarnings("unchecked")
        Map<String, Object> components = (Map<String, Object>) readiness.get("components");
        assertThat(components).containsKeys("store", "processors", "readinessState");
    }

    @Test
    void aStoppedProcessorTakesTheNodeOutOfServiceButLeavesItAlive() {
        Api api = new Api(port, tokens);
        EventProcessor credentials = processing.eventProcessor("credentials").orElseThrow();
        credentials.shutDown();
        try {
            Map<?, ?> readiness = api.anonymous().get().uri("/actuator/health/readiness").exchange()
                                     .expectStatus().isEqualTo(503)
                                     .expectBody(Map.class).returnResult().getResponseBody();
            assertThat(readiness.get("status")).isEqualTo("DOWN");
            assertThat(String.valueOf(readiness.get("components"))).contains("processors={status=DOWN}");
            api.anonymous().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        } finally {
            credentials.start();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> api.anonymous().get()
                                                                    .uri("/actuator/health/readiness").exchange()
                                                                    .expectStatus().isOk());
    }

    /** The series names in PromQL expressions: a name followed by a selector, a range or a closing bracket. */
    static Set<String> metricsIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher expressions = Pattern.compile("(?:expr\"?\\s*:\\s*)(.*)").matcher(text);
        while (expressions.find()) {
            Matcher metric = METRIC.matcher(expressions.group(1).replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", ""));
            while (metric.find()) {
                String name = metric.group(1);
                if (!Set.of("sum", "max", "min", "rate", "increase", "histogram_quantile", "clamp_min", "min_over_time",
                            "delta", "avg").contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
