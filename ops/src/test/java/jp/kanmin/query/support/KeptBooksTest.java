package jp.kanmin.query.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Concurrently;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A book this node keeps answers a read at a position it already holds without asking the store, shows a change to a
 * read at the change's position or to a read that names none, and many boards asking at once for a newer position
 * cost one or two reads of what changed, not one read of the whole book each.
 */
@ApplicationTest
class KeptBooksTest {

    private static final Set<String> READS = Set.of("find", "aggregate", "getMore");

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    MeterRegistry registry;

    Api api;
    OrganisationId park;
    Scenario scenario;

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens);
        park = api.register("kept-park", OrganisationType.INDUSTRIAL_PARK);
        scenario = Scenario.open(api, park);
    }

    @Test
    void aBoardReadAgainAtAPositionTheKeptBookHoldsAsksTheStoreNothing() {
        long position = reportStaffSafety(park);
        assertThat(staffSafetyState(position)).isEqualTo("DONE");

        long before = taskBookReads();
        for (int i = 0; i < 5; i++) {
            assertThat(staffSafetyState(position)).isEqualTo("DONE");
        }

        assertThat(taskBookReads() - before).isZero();
    }

    @Test
    void aChangeAfterTheKeptReadIsShownAtItsPositionAndToAReadThatNamesNone() {
        await().atMost(Duration.ofSeconds(10)).until(() -> missing(0).contains(park.value()));

        long position = reportStaffSafety(park);

        assertThat(missing(position)).doesNotContain(park.value());
        long cityReport = reportStaffSafety(scenario.city);
        assertThat(missing(cityReport)).doesNotContain(scenario.city.value());
        assertThat(staffSafetyState(0)).isEqualTo("DONE");
    }

    @Test
    void twentyBoardsAskingAtOnceForANewPositionCostAtMostTwoReadsOfTheBook() {
        staffSafetyState(reportStaffSafety(scenario.city)); // the book is kept
        long position = reportStaffSafety(park);

        long before = taskBookReads();
        List<EntityExchangeResult<byte[]>> answers = Concurrently.atOnce(20, board -> api.as(scenario.city).get()
                .uri("/api/incidents/{id}/overview?atLeast={p}", scenario.incident, position)
                .exchange().expectBody().returnResult());

        assertThat(answers).allSatisfy(answer -> assertThat(answer.getStatus().value()).isEqualTo(200));
        assertThat(taskBookReads() - before).isBetween(1L, 2L);
        assertThat(staffSafetyState(position)).isEqualTo("DONE");
    }

    private long reportStaffSafety(OrganisationId reporter) {
        Map<?, ?> answer = api.as(reporter).post().uri("/api/incidents/{id}/reports", scenario.incident)
                              .bodyValue(staffSafety(10, 0, 0)).exchange().expectStatus().isCreated()
                              .expectBody(Map.class).returnResult().getResponseBody();
        return ((Number) answer.get("position")).longValue();
    }

    @SuppressWarnings("unchecked")
    private String staffSafetyState(long atLeast) {
        Map<?, ?> board = api.as(scenario.city).get()
                             .uri("/api/incidents/{id}/tasks?organisationId={org}" + at(atLeast), scenario.incident,
                                  park)
                             .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) board.get("tiers")).stream()
                .flatMap(tier -> ((List<Map<String, Object>>) tier.get("tasks")).stream())
                .filter(task -> "staff-safety".equals(task.get("taskId")))
                .map(task -> (String) task.get("state")).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private List<String> missing(long atLeast) {
        Map<?, ?> answer = api.as(scenario.city).get()
                              .uri("/api/incidents/{id}/staff-safety/missing" + at(atLeast).replace('&', '?'),
                                   scenario.incident)
                              .exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
                              .getResponseBody();
        return ((List<Map<String, Object>>) answer.get("organisations")).stream()
                .map(organisation -> (String) organisation.get("organisationId")).toList();
    }

    private static String at(long position) {
        return position > 0 ? "&atLeast=" + position : "";
    }

    /** The node's reads of the task books so far: finds and the cursor pages after them. */
    private long taskBookReads() {
        return registry.find("mongodb.driver.commands").tag("collection", "task_books").timers().stream()
                       .filter(timer -> READS.contains(timer.getId().getTag("command")))
                       .mapToLong(Timer::count).sum();
    }
}
