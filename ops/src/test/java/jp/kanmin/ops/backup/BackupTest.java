package jp.kanmin.ops.backup;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Processors;
import jp.kanmin.ops.testing.ReadModels;
import jp.kanmin.ops.testing.RunningApplication;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestClock;
import jp.kanmin.ops.testing.TestStore;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An administrator exports the store as NDJSON and restores it into an empty one, where every read model comes back. */
@ApplicationTest
// its own database, so that the export holds only this test's incidents
@TestPropertySource(properties = "kanmin.store.database=kanmin-backup")
class BackupTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    ApplicationContext context;
    @Autowired
    JsonMapper json;

    Api api;
    OrganisationId park;
    OrganisationId power;
    Scenario scenario;

    @BeforeEach
    void anIncidentWithReportsExchangesAndAnOverdueTask() {
        api = new Api(port, tokens);
        park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        power = api.register("power", OrganisationType.INFRASTRUCTURE_OPERATOR);
        scenario = Scenario.open(api, park, power);
        post(park, staffSafety(120, 1, 0));
        scenario.hqShares(park);
        scenario.requestsSupport(park, power);
        TestClock.INSTANCE.advance(Duration.ofHours(3));
        scenario.awaitEntries("TaskOverdue", 1);
        TestClock.INSTANCE.freeze();
        Processors.awaitCaughtUp(context);
    }

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void aStoreRestoredFromItsExportIntoAnEmptyStoreHasTheSameReadModels() {
        String export = exportOf("/api/admin/export");
        Map<String, Object> original = ReadModels.of(api, scenario.city, scenario.incident, park, power);

        try (RunningApplication restored = RunningApplication.node(TestStore.uri(), "kanmin-restored-" + UUID.randomUUID())) {
            List<JsonNode> progress = importInto(restored.api(), export).expectStatus().isOk()
                                                                        .expectBody(String.class).returnResult()
                                                                        .getResponseBody().lines()
                                                                        .map(json::readTree).toList();
            JsonNode end = json.readTree(export.lines().reduce((a, b) -> b).orElseThrow()).get("end");
            assertThat(progress.getLast().get("done").asBoolean()).isTrue();
            assertThat(progress.getLast().get("events").asLong()).isEqualTo(end.get("events").asLong()).isPositive();
            assertThat(progress.getLast().get("state").asLong()).isEqualTo(end.get("state").asLong()).isPositive();
            Processors.awaitCaughtUp(restored.context());

            assertThat(ReadModels.of(restored.api(), scenario.city, scenario.incident, park, power))
                    .usingRecursiveComparison().isEqualTo(original);
            // the restored store is the original: a second import would merge two histories, and is refused
            importInto(restored.api(), export).expectStatus().isEqualTo(409)
                                              .expectBody().jsonPath("$.type").isEqualTo("urn:kanmin:problem:store-not-empty");
        }
    }

    @Test
    void anImportThatStoppedMidwayIsFinishedByImportingTheSameFileAgain() throws Exception {
        for (int sheet = 0; sheet < 3; sheet++) { // enough events for more than one commit of the import
            List<Map<String, Object>> reports = java.util.stream.IntStream.range(0, 200)
                    .mapToObj(n -> staffSafety(n, 0, 0)).toList();
            api.as(park).post().uri("/api/incidents/{id}/reports/batch", scenario.incident)
               .bodyValue(Map.of("reports", reports)).exchange().expectStatus().is2xxSuccessful();
        }
        Processors.awaitCaughtUp(context);
        String export = exportOf("/api/admin/export");
        Map<String, Object> original = ReadModels.of(api, scenario.city, scenario.incident, park, power);
        long events = export.lines().filter(line -> line.startsWith("{\"event\"")).count();

        try (RunningApplication restored = RunningApplication.node(TestStore.uri(), "kanmin-restored-" + UUID.randomUUID())) {
            // the node stops while the upload is read the second time, after its first commit of 500 events
            StoreBackup backup = restored.context().getBean(StoreBackup.class);
            int[] opened = {0};
            assertThatThrownBy(() -> backup.importFrom(() -> ++opened[0] == 1 ? reader(export)
                    : new BufferedReader(new StringReader(String.join("\n", export.lines().limit(550).toList())
                                                          + "\n")) {
                        @Override
                        public String readLine() throws IOException {
                            String line = super.readLine();
                            if (line == null) {
                                throw new IOException("connection reset");
                            }
                            return line;
                        }
                    }, progress -> { })).hasMessageContaining("connection reset");
            assertThat(exportOf(restored.api(), "/api/admin/export").lines()
                                                                   .filter(line -> line.startsWith("{\"event\"")))
                    .as("the first commit landed").hasSize(501);

            List<JsonNode> progress = importInto(restored.api(), export).expectStatus().isOk()
                                                                        .expectBody(String.class).returnResult()
                                                                        .getResponseBody().lines()
                                                                        .map(json::readTree).toList();
            assertThat(progress.getLast().get("done").asBoolean()).isTrue();
            assertThat(progress.getLast().get("events").asLong()).isEqualTo(events);
            assertThat(progress.getLast().get("alreadyPresent").asLong()).as("the operator's and the first commit")
                                                                         .isEqualTo(501);
            Processors.awaitCaughtUp(restored.context());
            assertThat(ReadModels.of(restored.api(), scenario.city, scenario.incident, park, power))
                    .usingRecursiveComparison().isEqualTo(original);
            importInto(restored.api(), export).expectStatus().isEqualTo(409);
        }
    }

    private static BufferedReader reader(String text) {
        return new BufferedReader(new StringReader(text));
    }

    @Test
    void aTruncatedExportIsRefusedBeforeAnythingIsWritten() {
        String export = exportOf("/api/admin/export");
        String[] lines = export.split("\n");
        String truncated = String.join("\n", Arrays.copyOf(lines, lines.length - 3)) + "\n";

        try (RunningApplication empty = RunningApplication.node(TestStore.uri(), "kanmin-restored-" + UUID.randomUUID())) {
            importInto(empty.api(), truncated).expectStatus().isEqualTo(422)
                                              .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                                              .expectBody().jsonPath("$.detail").value(detail -> assertThat(
                                                      (String) detail).contains("end line is missing"));
            // nothing but the operator's registration, which every node writes when it starts
            assertThat(exportOf(empty.api(), "/api/admin/export").lines().filter(l -> l.startsWith("{\"event\"")))
                    .singleElement().asString().contains("\"aggregateId\":\"kanmin-admin\"");
        }
    }

    @Test
    void anIncidentsExportHoldsItsOwnEventsOnlyAndOnlyAdministratorsMayExport() {
        Scenario other = Scenario.open(api, park);
        Processors.awaitCaughtUp(context);

        List<JsonNode> events = exportOf("/api/admin/incidents/" + scenario.incident + "/export").lines()
                                                                                                .map(json::readTree)
                                                                                                .filter(l -> l.has("event"))
                                                                                                .map(l -> l.get("event"))
                                                                                                .toList();
        assertThat(events).isNotEmpty()
                          .allSatisfy(event -> assertThat(event.get("payload").toString())
                                  .contains(scenario.incident).doesNotContain(other.incident))
                          .extracting(event -> event.get("payloadType").asString())
                          .anySatisfy(type -> assertThat(type).endsWith("StaffSafetyReported"));
        assertThat(events).extracting(event -> event.get("position").asLong()).isSorted();

        api.as(scenario.city).get().uri("/api/admin/export").exchange().expectStatus().isForbidden();
        api.as(park).post().uri("/api/admin/import").bodyValue("{}").exchange().expectStatus().isForbidden();
    }

    private String exportOf(String path) {
        return exportOf(api, path);
    }

    private static String exportOf(Api api, String path) {
        return api.asAdmin().get().uri(path).exchange().expectStatus().isOk()
                  .expectHeader().contentType(MediaType.APPLICATION_NDJSON)
                  .expectBody(String.class).returnResult().getResponseBody();
    }

    private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec importInto(Api api,
                                                                                                      String export) {
        return api.asAdmin().mutate().responseTimeout(Duration.ofSeconds(60)).build()
                  .post().uri("/api/admin/import").contentType(MediaType.APPLICATION_NDJSON).bodyValue(export)
                  .exchange();
    }

    private void post(OrganisationId by, Map<String, Object> report) {
        api.as(by).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(report)
           .exchange().expectStatus().isCreated();
    }
}
