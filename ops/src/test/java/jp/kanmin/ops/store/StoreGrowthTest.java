package jp.kanmin.ops.store;

import jp.kanmin.ops.deadline.MongoDeadlineManager;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.Processors;
import jp.kanmin.ops.testing.RunningApplication;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.query.support.IncidentBooks;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static jp.kanmin.ops.testing.Requests.survey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading an incident's boards and polling the deadlines look at the same number of stored documents whether the
 * store holds one incident or many: every query they make is answered from an index the embedded store applies. The
 * store counts the documents each collection's queries looked at; times are not measured.
 */
class StoreGrowthTest {

    static final List<String> READ_MODELS = List.of("task_books", "exchange_books", "damage_books", "report_books",
                                                    "report_history", "timeline", "incidents", "organisations");
    static final String DATABASE = "kanmin";

    @TempDir
    Path directory;

    @Test
    void boardReadsAndDeadlinePollsLookAtAsManyDocumentsWhateverElseTheStoreHolds() {
        // the test runs the deadline poll itself
        try (RunningApplication node = RunningApplication.start(directory, "kanmin.deadlines.poll-interval=1h")) {
            Api api = node.api();
            Scenario watched = incidentWithActivity(api);
            Processors.awaitCaughtUp(node.context());
            Map<String, Long> alone = boardReads(node, api, watched);
            long pollAlone = deadlinePoll(node);

            for (int i = 0; i < 6; i++) {
                incidentWithActivity(api);
            }
            Processors.awaitCaughtUp(node.context());
            Map<String, Long> amongMany = boardReads(node, api, watched);
            long pollAmongMany = deadlinePoll(node);

            assertThat(amongMany).as("documents each read model's queries looked at for one incident's boards")
                                 .isEqualTo(alone);
            assertThat(alone.values().stream().mapToLong(Long::longValue).sum()).isPositive();
            assertThat(pollAmongMany).as("documents a deadline poll looked at").isEqualTo(pollAlone);
        }
    }

    private static Scenario incidentWithActivity(Api api) {
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        OrganisationId chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        Scenario scenario = Scenario.open(api, park, chamber);
        api.asAdmin().put().uri("/api/organisations/{id}/districts/{d}", chamber, "中央地区")
           .bodyValue(Map.of("registeredBusinesses", 50, "municipality", scenario.city.value(),
                             "scaleRules", "makinohara-002"))
           .exchange().expectStatus().isOk();
        WebTestClient asPark = api.as(park);
        WebTestClient asChamber = api.as(chamber);
        for (int i = 0; i < 5; i++) {
            asPark.post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(staffSafety(40 + i, 0, 0))
                  .exchange().expectStatus().isCreated();
            asChamber.post().uri("/api/incidents/{id}/reports", scenario.incident)
                     .bodyValue(survey("b-" + i, "中央地区", "PARTIAL_DAMAGE", "ROUGH", false,
                                       Map.of("BUILDING", 100_000L)))
                     .exchange().expectStatus().isCreated();
        }
        scenario.hqShares(park);
        scenario.requestsSupport(park, scenario.city);
        return scenario;
    }

    /** What the HQ's board reads, and how many stored documents each read model's queries looked at for it. */
    private static Map<String, Long> boardReads(RunningApplication node, Api api, Scenario scenario) {
        node.bean(IncidentBooks.class).forget(); // each round reads the books whole, as a node that kept none does
        Map<String, Long> before = examined(node);
        WebTestClient city = api.as(scenario.city);
        for (String path : List.of("/overview", "/exchanges/matrix", "/damage", "/support-requests?open=true",
                                   "/silent", "/staff-safety/missing", "/timeline?limit=50", "/reports",
                                   "/reports?organisationId=" + scenario.city.value() + "&limit=2", "/exchanges",
                                   "/damage/businesses", "/tasks?organisationId=" + scenario.city.value())) {
            city.get().uri("/api/incidents/" + scenario.incident + path).exchange().expectStatus().isOk();
        }
        Map<?, ?> reports = city.get().uri("/api/incidents/" + scenario.incident + "/reports?limit=1").exchange()
                                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        Object reportId = ((Map<?, ?>) ((Map<?, ?>) ((List<?>) reports.get("threads")).getFirst()).get("latest"))
                .get("reportId");
        city.get().uri("/api/incidents/" + scenario.incident + "/reports/" + reportId + "/history").exchange()
            .expectStatus().isOk();
        Map<String, Long> after = examined(node);
        Map<String, Long> looked = new LinkedHashMap<>();
        READ_MODELS.forEach(collection -> looked.put(collection, after.get(collection) - before.get(collection)));
        return looked;
    }

    private static Map<String, Long> examined(RunningApplication node) {
        Map<String, Long> counts = new LinkedHashMap<>();
        READ_MODELS.forEach(collection -> counts.put(collection, node.store().documentsExamined(DATABASE, collection)));
        return counts;
    }

    private static long deadlinePoll(RunningApplication node) {
        long before = node.store().documentsExamined(DATABASE, "deadlines");
        node.bean(MongoDeadlineManager.class).runDueDeadlines();
        return node.store().documentsExamined(DATABASE, "deadlines") - before;
    }
}
