package jp.kanmin.ops.incident;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static jp.kanmin.ops.testing.Concurrently.atOnce;
import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;

/** Phones retry, organisations post at the same moment: nothing is lost, nothing is recorded twice. */
@ApplicationTest
class ConcurrentPostingTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens);
    }

    @Test
    void theSameRequestSentTwentyTimesAtOnceIsRecordedOnce() {
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(api, park);
        WebTestClient client = api.as(park);

        List<Map<?, ?>> answers = atOnce(20, i -> client.post().uri("/api/incidents/{id}/reports", scenario.incident)
                                                       .header("Idempotency-Key", "bad-signal-retry")
                                                       .bodyValue(staffSafety(12, 0, 1))
                                                       .exchange()
                                                       .expectStatus().isCreated()
                                                       .expectBody(Map.class).returnResult().getResponseBody());
        Object firstPosition = answers.getFirst().get("position");
        assertThat(answers).hasSize(20).allSatisfy(answer -> assertThat(answer.get("position")).isEqualTo(firstPosition));
        scenario.awaitEntries("StaffSafetyReported", 1);
        assertThat(scenario.timelineOf("StaffSafetyReported")).hasSize(1);
    }

    @Test
    void eightOrganisationsPostingFiftyReportsEachAtOnceAreAllRecorded() {
        List<OrganisationId> organisations = IntStream.range(0, 8)
                                                      .mapToObj(i -> api.register("org" + i, OrganisationType.COMPANY))
                                                      .toList();
        Scenario scenario = Scenario.open(api, organisations.toArray(OrganisationId[]::new));
        Map<OrganisationId, WebTestClient> clients = new java.util.HashMap<>();
        // an organisation's reports queue on its one aggregate: on a loaded machine one may wait longer than the
        // client's usual 30 s; what is tested is that every report is recorded, numbered without a gap, not how fast
        organisations.forEach(organisation -> clients.put(
                organisation, api.as(organisation).mutate().responseTimeout(Duration.ofMinutes(2)).build()));

        List<Integer> statuses = Flux.fromIterable(organisations)
                                     .flatMap(organisation -> Flux.range(0, 50).map(i -> Map.entry(organisation, i)))
                                     .parallel(16).runOn(Schedulers.boundedElastic())
                                     .map(post -> clients.get(post.getKey()).post()
                                                         .uri("/api/incidents/{id}/reports", scenario.incident)
                                                         .bodyValue(staffSafety(post.getValue(), 0, 0))
                                                         .exchange().expectBody(String.class).returnResult()
                                                         .getStatus().value())
                                     .sequential().collectList().block();

        assertThat(statuses).hasSize(400).containsOnly(201);
        List<Map<String, Object>> reports = scenario.awaitEntries("StaffSafetyReported", 400);
        assertThat(reports).hasSize(400);
        assertThat(reports).extracting(entry -> entry.get("organisationId"))
                           .containsOnlyElementsOf(organisations.stream().map(OrganisationId::value).toList());
        @SuppressWarnings("unchecked")
        List<Object> numbers = reports.stream()
                                      .filter(entry -> entry.get("organisationId").equals(organisations.getFirst().value()))
                                      .map(entry -> ((Map<String, Object>) entry.get("payload")).get("number"))
                                      .toList();
        assertThat(numbers).as("each organisation's reports are numbered 第1報 … 第50報 without gaps")
                           .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 50).boxed().toList());
    }
}
