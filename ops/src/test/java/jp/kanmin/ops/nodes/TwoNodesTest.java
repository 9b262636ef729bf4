package jp.kanmin.ops.nodes;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.RunningApplication;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestStore;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;
import java.util.Map;

import static jp.kanmin.ops.testing.Concurrently.atOnce;
import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;

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
}
