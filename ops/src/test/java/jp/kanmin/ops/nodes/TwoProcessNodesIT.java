package jp.kanmin.ops.nodes;

import jp.kanmin.ops.bench.StoreProcess;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationProcess;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static jp.kanmin.ops.testing.Concurrently.atOnce;
import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application processes on one store that runs in a third (as two servers behind a load balancer on one MongoDB):
 * organisations post concurrently through both, and retry through the other node, while the nodes' tracking
 * processors share the timeline's segments through the token store. Every event of the incident must be on the
 * timeline exactly once, and every report once however often it was sent.
 * <p>
 * Once per build; {@code -Pnodes} runs it ten times ({@code -Dkanmin.nodes.repetitions=N} for another count).
 */
class TwoProcessNodesIT {

    static final String ADMIN_TOKEN = "kmt_twoProcessNodesTestAdministratorToken01";
    static final int ORGANISATIONS = 8;
    static final int REPORTS_EACH = 25;
    static final int TIMELINE_SEGMENTS = 4;

    static StoreProcess store;

    @BeforeAll
    static void startStore() {
        store = StoreProcess.start();
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @TestFactory
    Stream<DynamicTest> everyEventAppendedThroughTwoNodesIsOnTheTimelineExactlyOnce(@TempDir Path work) {
        int repetitions = Integer.getInteger("kanmin.nodes.repetitions", 1);
        return IntStream.rangeClosed(1, repetitions).mapToObj(run -> DynamicTest.dynamicTest(
                "run " + run + " of " + repetitions, () -> twoNodesOnOneStore(work.resolve("run-" + run), run)));
    }

    private static void twoNodesOnOneStore(Path work, int run) {
        String database = "two-nodes-" + run;
        // started together, as a deployment's replicas are: both register the operator organisation at once
        CompletableFuture<ApplicationProcess> startingB = CompletableFuture.supplyAsync(
                () -> ApplicationProcess.node(store.uri(), database, work.resolve("b"), "node-b", ADMIN_TOKEN));
        // A node claims a segment per thread; with two threads here, node A leaves half the timeline to node B
        try (ApplicationProcess a = ApplicationProcess.node(store.uri(), database, work.resolve("a"), "node-a",
                                                            ADMIN_TOKEN,
                                                            "--axon.eventhandling.processors.timeline.thread-count=2");
             ApplicationProcess b = startingB.join()) {
            Api nodeA = Api.remote(a.port(), ADMIN_TOKEN);
            Api nodeB = Api.remote(b.port(), ADMIN_TOKEN);
            List<OrganisationId> parks = IntStream.range(0, ORGANISATIONS)
                                                  .mapToObj(i -> nodeA.register("park", OrganisationType.INDUSTRIAL_PARK))
                                                  .toList();
            Scenario scenario = Scenario.open(nodeA, parks.toArray(OrganisationId[]::new));
            Map<OrganisationId, String[]> tokens = parks.stream().collect(Collectors.toMap(
                    park -> park, park -> new String[]{nodeA.token(park), nodeB.token(park)}));

            List<Integer> refused = atOnce(ORGANISATIONS, client -> {
                OrganisationId park = parks.get(client);
                int failures = 0;
                for (int report = 0; report < REPORTS_EACH; report++) {
                    String key = "r-" + report;
                    int node = (client + report) % 2;
                    failures += post(node == 0 ? nodeA : nodeB, tokens.get(park)[node], scenario.incident, key, report);
                    if (report % 5 == 0) {
                        // the phone did not hear the answer and tries again, through the other node
                        failures += post(node == 0 ? nodeB : nodeA, tokens.get(park)[1 - node], scenario.incident,
                                         key, report);
                    }
                }
                return failures;
            });
            assertThat(refused).as("requests refused").allMatch(count -> count == 0);

            int reports = ORGANISATIONS * REPORTS_EACH;
            await().atMost(Duration.ofSeconds(60)).until(() -> scenario.timelineOf("StaffSafetyReported").size() >= reports);
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<Map<String, Object>> timeline = scenario.timeline();
                List<Long> positions = timeline.stream().map(e -> ((Number) e.get("position")).longValue()).toList();
                assertThat(Set.copyOf(positions)).as("handled exactly once").hasSize(positions.size())
                                                 .isEqualTo(eventPositions(nodeB, scenario.incident));
            });
            // the token store lets each segment be claimed by one node: together they hold each exactly once
            int heldByA = segmentsHeld(nodeA);
            int heldByB = segmentsHeld(nodeB);
            assertThat(heldByA + heldByB).isEqualTo(TIMELINE_SEGMENTS);
            assertThat(heldByB).as("segments handled by node B").isPositive();
            List<Map<String, Object>> staffSafety = scenario.timelineOf("StaffSafetyReported");
            assertThat(staffSafety).hasSize(reports);
            assertThat(staffSafety.stream().map(e -> String.valueOf(payload(e).get("reportId")))
                                  .collect(Collectors.toSet()))
                    .as("each organisation's report once per key").hasSize(reports);
        }
    }

    /** 0 when the node accepted the report (or answered the repeat as already accepted), 1 otherwise. */
    private static int post(Api node, String token, String incident, String key, int report) {
        HttpStatusCode status = node.withToken(token).post().uri("/api/incidents/{id}/reports", incident)
                                    .header("Idempotency-Key", key).bodyValue(staffSafety(100 + report, 0, 0))
                                    .exchange().expectBody().returnResult().getStatus();
        return status.is2xxSuccessful() ? 0 : 1;
    }

    private static int segmentsHeld(Api node) {
        Map<?, ?> status = node.asAdmin().get().uri("/api/admin/projections/timeline").exchange()
                               .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((Number) status.get("segments")).intValue();
    }

    /** Where the store holds the incident's events, from its export. */
    private static Set<Long> eventPositions(Api node, String incident) {
        String export = node.asAdmin().get().uri("/api/admin/incidents/{id}/export", incident).exchange()
                            .expectStatus().isEqualTo(HttpStatus.OK).expectBody(String.class).returnResult()
                            .getResponseBody();
        return export.lines().filter(line -> line.startsWith("{\"event\""))
                     .map(line -> line.replaceAll("^\\{\"event\":\\{\"position\":(\\d+),.*", "$1"))
                     .map(Long::valueOf).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(Map<String, Object> entry) {
        return (Map<String, Object>) entry.get("payload");
    }
}
