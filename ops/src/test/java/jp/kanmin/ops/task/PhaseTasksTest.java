package jp.kanmin.ops.task;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestClock;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The first hours of an incident on a test clock: who reported staff safety in time, and who did not. */
@ApplicationTest
class PhaseTasksTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;
    OrganisationId park;
    OrganisationId power;
    OrganisationId chamber;
    Scenario scenario;

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens);
        park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        power = api.register("power", OrganisationType.INFRASTRUCTURE_OPERATOR);
        chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        scenario = Scenario.openAt(api, TestClock.INSTANCE.instant(), park, power, chamber);
        await().atMost(Duration.ofSeconds(15)).until(() -> taskState(chamber, "staff-safety") != null);
    }

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aChamberSilentForTwoHoursIsOverdueOnceAndItsLateReportCompletesTheTask() {
        for (OrganisationId reporter : List.of(scenario.city, park, power)) {
            api.as(reporter).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(staffSafety(10, 0, 0))
               .exchange().expectStatus().isCreated();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> missing().size() == 1);

        TestClock.INSTANCE.advance(Duration.ofHours(2).plusMinutes(1));

        await().atMost(Duration.ofSeconds(15)).until(() -> overdueEntries(chamber, "staff-safety").size() == 1);
        Map<String, Object> chamberRow = row(chamber);
        assertThat(((Map<?, ?>) ((Map<?, ?>) chamberRow.get("tiers")).get("1")).get("overdue")).isEqualTo(1);
        List<Object> overdueTasks = ((List<Map<String, Object>>) chamberRow.get("overdueTasks")).stream()
                                                                                   .map(t -> t.get("taskId")).toList();
        assertThat(overdueTasks).containsExactly("staff-safety");
        assertThat(missing().stream().map(m -> m.get("organisationId")).toList()).containsExactly(chamber.value());
        assertThat(overdueEntries(park, "staff-safety")).isEmpty();

        api.as(chamber).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(staffSafety(6, 1, 0))
           .exchange().expectStatus().isCreated();

        await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(taskState(chamber, "staff-safety")));
        assertThat(missing()).isEmpty();
        assertThat(((Map<?, ?>) ((Map<?, ?>) row(chamber).get("tiers")).get("1")).get("overdue")).isEqualTo(0);
        Map<String, Object> task = task(chamber, "staff-safety");
        assertThat(task).containsEntry("late", true);
        assertThat(((Map<?, ?>) task.get("fulfilledBy")).get("kind")).isEqualTo("REPORT");
        assertThat(overdueEntries(chamber, "staff-safety")).as("the deadline fired once").hasSize(1);
    }

    @Test
    void dueTimesAreGivenAsInstantsWithJapanTimeBeside() {
        Map<String, Object> task = task(chamber, "staff-safety");
        assertThat((String) task.get("dueAtLocal")).endsWith("JST");
        assertThat(task.get("plannedOffset")).isEqualTo("PT2H");
        assertThat(task.get("titleJa")).isEqualTo("職員の安否確認報告");
    }

    private List<Map<String, Object>> overdueEntries(OrganisationId organisation, String taskId) {
        return scenario.timelineOf("TaskOverdue").stream()
                       .filter(entry -> organisation.value().equals(entry.get("organisationId")))
                       .filter(entry -> taskId.equals(((Map<?, ?>) entry.get("payload")).get("taskId")))
                       .toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> row(OrganisationId organisation) {
        Map<?, ?> overview = api.as(scenario.city).get().uri("/api/incidents/{id}/overview", scenario.incident)
                                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) overview.get("organisations")).stream()
                .filter(row -> organisation.value().equals(row.get("organisationId"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> missing() {
        Map<?, ?> missing = api.as(scenario.city).get().uri("/api/incidents/{id}/staff-safety/missing", scenario.incident)
                               .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return (List<Map<String, Object>>) missing.get("organisations");
    }

    private Map<String, Object> task(OrganisationId organisation, String taskId) {
        return scenario.task(organisation, taskId);
    }

    private String taskState(OrganisationId organisation, String taskId) {
        return scenario.taskState(organisation, taskId);
    }
}
