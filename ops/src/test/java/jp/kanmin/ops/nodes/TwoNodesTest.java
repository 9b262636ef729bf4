package jp.kanmin.ops.nodes;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.RunningApplication;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestStore;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.ops.testing.TimelineQueries;
import jp.kanmin.ops.testing.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static jp.kanmin.ops.testing.Concurrently.atOnce;
import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two application nodes on one store, as behind a load balancer. */
@ApplicationTest
class TwoNodesTest {

    static RunningApplication nodeB;

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    @BeforeAll
    static void startSecondNode() {
        nodeB = RunningApplication.node(TestStore.uri(), "kanmin-test");
    }

    @AfterAll
    static void stopSecondNode() {
        nodeB.close();
    }

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void aTaskDeadlineFiresOnceWithTwoNodesPolling() {
        Api nodeA = new Api(port, tokens);
        OrganisationId chamber = nodeA.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        Scenario scenario = Scenario.openAt(nodeA, TestClock.INSTANCE.instant(), chamber);
        scenario.awaitEntries("TaskActivated", 1);

        TestClock.INSTANCE.advance(Duration.ofHours(2).plusMinutes(1));

        await().atMost(Duration.ofSeconds(20)).until(() -> TimelineQueries.overdue(
                nodeA, scenario.city, scenario.incident, chamber, "staff-safety").size() == 1);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(TimelineQueries.overdue(nodeA, scenario.city, scenario.incident, chamber,
                                                                                  "staff-safety")).hasSize(1);
    }

    @Test
    void aRetriedRequestLandingOnBothNodesAtOnceIsRecordedOnce() {
        Api nodeA = new Api(port, tokens);
        OrganisationId park = nodeA.register("park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(nodeA, park);
        String token = nodeA.token(park);
        List<WebTestClient> clients = List.of(nodeA.withToken(token), nodeB.api().withToken(token));

        List<Map<?, ?>> answers = atOnce(20, i -> clients.get(i % 2).post()
                                                        .uri("/api/incidents/{id}/reports", scenario.incident)
                                                        .header("Idempotency-Key", "across-nodes")
                                                        .bodyValue(staffSafety(7, 0, 0))
                                                        .exchange().expectStatus().isCreated()
                                                        .expectBody(Map.class).returnResult().getResponseBody());

        Object position = answers.getFirst().get("position");
        assertThat(answers).hasSize(20).allSatisfy(answer -> assertThat(answer.get("position")).isEqualTo(position));
        scenario.awaitEntries("StaffSafetyReported", 1);
        assertThat(scenario.timelineOf("StaffSafetyReported")).hasSize(1);
        clients.get(1).post().uri("/api/incidents/{id}/reports", scenario.incident)
               .header("Idempotency-Key", "across-nodes").bodyValue(staffSafety(8, 0, 0))
               .exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void anEntryRecordedThroughNodeAIsDeliveredLiveToASubscriberOnNodeB() {
        Api nodeA = new Api(port, tokens);
        OrganisationId park = nodeA.register("park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(nodeA, park);
        Object newest = scenario.timeline().getLast().get("position");
        Flux<ServerSentEvent<Map<String, Object>>> onNodeB =
                nodeB.api().as(scenario.city).get()
                     .uri("/api/incidents/{id}/feed?category=report&after={after}", scenario.incident, newest)
                     .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                     .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
                     }).getResponseBody().filter(event -> "entry".equals(event.event()));

        List<Integer> posted = new java.util.ArrayList<>();
        for (int safe = 1; safe <= 3; safe++) {
            Map<?, ?> created = nodeA.as(park).post().uri("/api/incidents/{id}/reports", scenario.incident)
                                     .bodyValue(staffSafety(safe, 0, 0)).exchange().expectStatus().isCreated()
                                     .expectBody(Map.class).returnResult().getResponseBody();
            posted.add(((Number) created.get("position")).intValue());
        }

        List<String> received = onNodeB.take(3).map(ServerSentEvent::id).collectList().block(Duration.ofSeconds(20));
        assertThat(received).containsExactlyElementsOf(posted.stream().map(String::valueOf).toList());
    }
}
