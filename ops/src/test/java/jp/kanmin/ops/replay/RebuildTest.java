package jp.kanmin.ops.replay;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Processors;
import jp.kanmin.ops.testing.ReadModels;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestClock;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An administrator rebuilds every read model from the event store, and each comes back exactly as it was. */
@ApplicationTest
// its own database, so that this node holds every segment and may reset them
@TestPropertySource(properties = "kanmin.store.database=kanmin-rebuild")
class RebuildTest {

    static final List<String> PROJECTIONS = ReadModels.PROJECTIONS;

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    ApplicationContext context;

    Api api;
    Scenario scenario;

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyReadModelRebuiltFromTheEventStoreEqualsTheLiveOne() {
        api = new Api(port, tokens);
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        OrganisationId power = api.register("power", OrganisationType.INFRASTRUCTURE_OPERATOR);
        scenario = Scenario.open(api, park, power);
        post(park, staffSafety(180, 2, 0));
        post(power, Map.of("type", "INFRASTRUCTURE_OUTAGE", "outageId", "o-1", "sector", "POWER",
                           "householdsAffected", 850, "cause", "倒木",
                           "restorationEta", TestClock.INSTANCE.instant().plus(Duration.ofHours(3)).toString(),
                           "area", Map.of("name", "長田野地区")));
        scenario.hqShares(park);
        scenario.requestsSupport(park, power);
        TestClock.INSTANCE.advance(Duration.ofHours(3)); // past the first deadlines
        scenario.awaitEntries("TaskOverdue", 1);
        TestClock.INSTANCE.freeze();
        Processors.awaitCaughtUp(context);
        Map<String, Object> before = readModels(park, power);

        for (String projection : PROJECTIONS) {
            api.asAdmin().post().uri("/api/admin/projections/{name}/rebuild", projection).exchange()
               .expectStatus().isAccepted()
               .expectHeader().location("/api/admin/projections/" + projection);
        }
        int answeredWhileRebuilding = 0;
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!PROJECTIONS.stream().allMatch(this::rebuilt)) {
            assertThat(System.nanoTime()).as("rebuilt within a minute").isLessThan(giveUp);
            // the live read models answer throughout, as they were, never half rebuilt
            assertThat(readModels(park, power)).isEqualTo(before);
            answeredWhileRebuilding++;
        }
        Processors.awaitCaughtUp(context);

        assertThat(answeredWhileRebuilding).isPositive();
        assertThat(readModels(park, power)).isEqualTo(before);
        Map<String, Object> timeline = status("timeline");
        assertThat((Map<String, Object>) timeline.get("rebuild"))
                .containsEntry("phase", "FINISHED")
                .containsEntry("eventsDone", ((Number) timeline.get("head")).intValue() + 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLiveProcessorCarriesOnFromWhereTheRebuildStopped() {
        api = new Api(port, tokens);
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        scenario = Scenario.open(api, park);
        post(park, staffSafety(180, 2, 0));
        Processors.awaitCaughtUp(context);
        api.asAdmin().post().uri("/api/admin/projections/timeline/rebuild").exchange().expectStatus().isAccepted();
        await().atMost(Duration.ofSeconds(60)).until(() -> rebuilt("timeline"));

        post(park, staffSafety(179, 3, 0));
        scenario.awaitEntries("StaffSafetyReported", 2);
        List<Map<String, Object>> entries = (List<Map<String, Object>>) ((Map<String, Object>)
                get("/api/incidents/" + scenario.incident + "/timeline?limit=1000")).get("entries");
        assertThat(entries).extracting(entry -> ((Number) entry.get("seq")).intValue())
                           .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, entries.size())
                                                                                .boxed().toList());
    }

    @Test
    void aProcessManagerIsNeverReplayedAndAnUnknownNameIsNotFound() {
        api = new Api(port, tokens);
        api.asAdmin().post().uri("/api/admin/projections/participation-lifecycle/rebuild").exchange()
           .expectStatus().isEqualTo(409)
           .expectBody().jsonPath("$.type").isEqualTo("urn:kanmin:problem:not-rebuildable");
        api.asAdmin().post().uri("/api/admin/projections/nonsense/rebuild").exchange().expectStatus().isNotFound();
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        api.as(park).post().uri("/api/admin/projections/timeline/rebuild").exchange().expectStatus().isForbidden();
    }

    @SuppressWarnings("unchecked")
    private boolean rebuilt(String name) {
        Map<String, Object> status = status(name);
        Map<String, Object> rebuild = (Map<String, Object>) status.get("rebuild");
        assertThat(rebuild).as(name).isNotNull().doesNotContainEntry("phase", "FAILED");
        return Boolean.TRUE.equals(rebuild.get("finished")) && Boolean.TRUE.equals(status.get("caughtUp"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status(String name) {
        return api.asAdmin().get().uri("/api/admin/projections/{name}", name).exchange().expectStatus().isOk()
                  .expectBody(Map.class).returnResult().getResponseBody();
    }

    private Map<String, Object> readModels(OrganisationId... participants) {
        return ReadModels.of(api, scenario.city, scenario.incident, participants);
    }

    private Object get(String uri) {
        return api.as(scenario.city).get().uri(uri).exchange().expectStatus().isOk()
                  .expectBody(Object.class).returnResult().getResponseBody();
    }

    private void post(OrganisationId by, Map<String, Object> report) {
        api.as(by).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(report)
           .exchange().expectStatus().isCreated();
    }
}
