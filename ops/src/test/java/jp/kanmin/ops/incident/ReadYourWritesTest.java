package jp.kanmin.ops.incident;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Concurrently;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static jp.kanmin.ops.testing.Requests.openDrill;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An incident is usable by everyone the moment its 201 is answered: the write side decides from the store, not
 * from read models that trail it, and a read that names the position it wrote waits for its read models.
 */
@ApplicationTest
class ReadYourWritesTest {

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
    void aHundredNewIncidentsTakeTheHqsSharingAParticipantsRequestAndATimelineReadAtOnce() {
        // four cities and four parks: a hundred incidents from one city in a few seconds would be over its budget
        List<OrganisationId> cities = new ArrayList<>();
        List<OrganisationId> parks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            cities.add(api.register("city", OrganisationType.MUNICIPALITY));
            parks.add(api.register("park", OrganisationType.INDUSTRIAL_PARK));
        }
        List<String> refusals = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            OrganisationId city = cities.get(i % 4);
            OrganisationId park = parks.get(i % 4);
            WebTestClient asCity = api.as(city);
            WebTestClient asPark = api.as(park);
            Map<?, ?> opened = asCity.post().uri("/api/incidents").bodyValue(openDrill(Instant.now(), park))
                                     .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                                     .getResponseBody();
            String incident = (String) opened.get("incidentId");
            long position = ((Number) opened.get("position")).longValue();
            List<EntityExchangeResult<byte[]>> answers = Concurrently.atOnce(3, request -> switch (request) {
                case 0 -> asCity.post().uri("/api/incidents/{id}/exchanges", incident)
                                .bodyValue(Map.of("to", List.of(park.value()), "topic", "DAMAGE_PICTURE",
                                                  "text", "第1報"))
                                .exchange().expectBody().returnResult();
                case 1 -> asPark.post().uri("/api/incidents/{id}/support-requests", incident)
                                .bodyValue(Map.of("to", List.of(city.value()), "resource", "WATER",
                                                  "description", "給水車", "quantity", 2, "unit", "台",
                                                  "priority", "HIGH"))
                                .exchange().expectBody().returnResult();
                default -> asCity.get().uri("/api/incidents/{id}/timeline?atLeast={p}", incident, position)
                                 .exchange().expectBody().returnResult();
            });
            for (EntityExchangeResult<byte[]> answer : answers) {
                if (!answer.getStatus().is2xxSuccessful()) {
                    refusals.add(answer.getUrl() + " → " + answer.getStatus() + " "
                                         + new String(answer.getResponseBodyContent()));
                }
            }
            String timeline = new String(answers.get(2).getResponseBodyContent());
            assertThat(timeline).as("the timeline read at the opening's position shows the opening")
                                .contains("IncidentOpened");
        }
        assertThat(refusals).isEmpty();
    }

    @Test
    void aPositionThatIsNotANumberIsRefusedNamingTheParameter() {
        OrganisationId city = api.register("city", OrganisationType.MUNICIPALITY);
        api.as(city).get().uri("/api/incidents?atLeast=soon").exchange()
           .expectStatus().isBadRequest()
           .expectHeader().contentType("application/problem+json")
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("atLeast");
    }

    @Test
    void aPositionNoReadModelReachesInTimeIsAnsweredWithRetryAfter() {
        OrganisationId city = api.register("city", OrganisationType.MUNICIPALITY);
        api.as(city).get().uri("/api/incidents").header("Kanmin-At-Least", String.valueOf(Long.MAX_VALUE / 2))
           .exchange()
           .expectStatus().isEqualTo(503)
           .expectHeader().exists("Retry-After")
           .expectBody().jsonPath("$.type").isEqualTo("urn:kanmin:problem:read-model-behind");
    }
}
