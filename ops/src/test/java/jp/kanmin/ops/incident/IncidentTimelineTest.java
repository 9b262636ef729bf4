package jp.kanmin.ops.incident;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static jp.kanmin.ops.testing.Requests.openDrill;
import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The walking skeleton end to end: open an incident, post a report, read it on the timeline and the live feed. */
@ApplicationTest
class IncidentTimelineTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;
    OrganisationId city;
    OrganisationId park;

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens);
        city = api.register("city", OrganisationType.MUNICIPALITY);
        park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
    }

    @Test
    void reportPostedByAParticipantAppearsOnTheTimelineAndTheLiveFeed() {
        String incident = openIncident();
        var asPark = api.as(park);
        Flux<ServerSentEvent<Map<String, Object>>> feed =
                asPark.get().uri("/api/incidents/{id}/feed", incident).accept(MediaType.TEXT_EVENT_STREAM)
                      .exchange().expectStatus().isOk()
                      .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
                      })
                      .getResponseBody();
        var received = feed.filter(event -> "entry".equals(event.event()))
                           .filter(event -> "StaffSafetyReported".equals(event.data().get("type")))
                           .next()
                           .toFuture();

        Map<?, ?> accepted = asPark.post().uri("/api/incidents/{id}/reports", incident)
                                   .bodyValue(staffSafety(41, 1, 2))
                                   .exchange()
                                   .expectStatus().isCreated()
                                   .expectHeader().exists("Location")
                                   .expectBody(Map.class).returnResult().getResponseBody();
        long position = ((Number) accepted.get("position")).longValue();

        var live = received.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(live.id()).isEqualTo(Long.toString(position));
        assertThat(live.data()).containsEntry("organisationId", park.value());
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) live.data().get("payload");
        assertThat(payload).containsEntry("number", 1);
        assertThat((Map<String, Object>) payload.get("content")).containsEntry("safe", 41).containsEntry("injured", 1)
                                                                .containsEntry("missing", 2);

        List<Map<String, Object>> entries = timeline(incident, 0);
        assertThat(entries).extracting(e -> ((Number) e.get("position")).longValue()).contains(position);
        assertThat(entries).extracting(e -> e.get("type"))
                           .containsSubsequence("IncidentOpened", "ParticipantJoined", "StaffSafetyReported");
    }

    @Test
    void timelineIsPagedInOrderWithoutGapsOrRepeats() {
        String incident = openIncident();
        var asPark = api.as(park);
        for (int i = 0; i < 7; i++) {
            asPark.post().uri("/api/incidents/{id}/reports", incident).bodyValue(staffSafety(i, 0, 0))
                  .exchange().expectStatus().isCreated();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> timeline(incident, 0).size() >= 12);
        List<Long> paged = new java.util.ArrayList<>();
        Long after = 0L;
        while (after != null) {
            Map<?, ?> page = api.as(city).get().uri("/api/incidents/{id}/timeline?after={after}&limit=5", incident, after)
                                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> entries = (List<Map<String, Object>>) page.get("entries");
            paged.addAll(positions(entries));
            after = page.get("nextAfter") == null ? null : ((Number) page.get("nextAfter")).longValue();
        }
        // Task activations may still be arriving: the pages must be the timeline as it stood when the last was read.
        List<Long> all = positions(timeline(incident, 0));
        assertThat(paged).hasSizeGreaterThanOrEqualTo(12).doesNotHaveDuplicates().isSorted()
                         .isEqualTo(all.subList(0, paged.size()));
    }

    @Test
    void aClientThatCannotSetHeadersNamesItsRequestInTheBodyAndIsRecordedOnce() {
        String incident = openIncident();
        Map<String, Object> body = new java.util.HashMap<>(staffSafety(30, 0, 0));
        body.put("commandId", "form-submit-7");
        List<Object> positions = new java.util.ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            positions.add(api.as(park).post().uri("/api/incidents/{id}/reports", incident).bodyValue(body)
                             .exchange().expectStatus().isCreated()
                             .expectBody(Map.class).returnResult().getResponseBody().get("position"));
        }
        assertThat(positions).containsOnly(positions.getFirst());
        await().atMost(Duration.ofSeconds(10)).until(() -> timeline(incident, 0).stream()
                                                                                .anyMatch(e -> "StaffSafetyReported".equals(e.get("type"))));
        assertThat(timeline(incident, 0)).filteredOn(e -> "StaffSafetyReported".equals(e.get("type"))).hasSize(1);
    }

    @Test
    void theHeaderKeyWinsOverTheBodysAndAKeyOutsidePrintableAsciiIsRefusedNamingWhereItCameFrom() {
        String incident = openIncident();
        Map<String, Object> body = new java.util.HashMap<>(staffSafety(30, 0, 0));
        body.put("commandId", "form-submit-8");
        Object first = api.as(park).post().uri("/api/incidents/{id}/reports", incident)
                          .header("Idempotency-Key", "phone-outbox-8").bodyValue(body)
                          .exchange().expectStatus().isCreated()
                          .expectBody(Map.class).returnResult().getResponseBody().get("position");
        // the same body without the header is keyed by its commandId: another report, so the header had won
        Object second = api.as(park).post().uri("/api/incidents/{id}/reports", incident).bodyValue(body)
                           .exchange().expectStatus().isCreated()
                           .expectBody(Map.class).returnResult().getResponseBody().get("position");
        assertThat(second).isNotEqualTo(first);

        api.as(park).post().uri("/api/incidents/{id}/reports", incident)
           .header("Idempotency-Key", "two words").bodyValue(staffSafety(31, 0, 0))
           .exchange().expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key")
                        .jsonPath("$.errors[0].rule").isEqualTo("printable-ascii-1-128");
        body.put("commandId", "報告-1");
        api.as(park).post().uri("/api/incidents/{id}/reports", incident).bodyValue(body)
           .exchange().expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("commandId");

        await().atMost(Duration.ofSeconds(10)).until(() -> timeline(incident, 0).stream().filter(
                e -> "StaffSafetyReported".equals(e.get("type"))).count() >= 2);
        assertThat(timeline(incident, 0)).filteredOn(e -> "StaffSafetyReported".equals(e.get("type"))).hasSize(2);
    }

    @Test
    void organisationThatDoesNotTakePartCannotPostToTheIncident() {
        String incident = openIncident();
        api.as(Api.uniqueOrganisation("stranger")).post().uri("/api/incidents/{id}/reports", incident)
           .bodyValue(staffSafety(1, 0, 0))
           .exchange()
           .expectStatus().isNotFound()
           .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private String openIncident() {
        Map<?, ?> opened = api.as(city).post().uri("/api/incidents")
                              .bodyValue(openDrill(Instant.now().minusSeconds(600), park))
                              .exchange()
                              .expectStatus().isCreated()
                              .expectBody(Map.class).returnResult().getResponseBody();
        String incident = (String) opened.get("incidentId");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.as(city).get().uri("/api/incidents/{id}", incident)
                                                              .exchange().expectBody().returnResult()
                                                              .getStatus().is2xxSuccessful());
        return incident;
    }

    private List<Map<String, Object>> timeline(String incident, long after) {
        Map<?, ?> page = api.as(city).get().uri("/api/incidents/{id}/timeline?after={after}&limit=1000", incident, after)
                            .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) page.get("entries");
        return entries;
    }

    private static List<Long> positions(List<Map<String, Object>> entries) {
        return entries.stream().map(e -> ((Number) e.get("position")).longValue()).toList();
    }
}
