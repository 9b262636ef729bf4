package jp.kanmin.ops.access;

import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.util.Map;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;

/** A runaway client is slowed down with 429 and Retry-After; an oversized body is refused; neither writes. */
@ApplicationTest
@TestPropertySource(properties = {"kanmin.limits.writes-per-minute=30"})
class RequestLimitsTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    @Test
    void anOrganisationOverItsWriteBudgetIsToldWhenToRetryAndOthersAreNotSlowed() {
        Api api = new Api(port, tokens);
        OrganisationId park = api.register("busy-park", OrganisationType.INDUSTRIAL_PARK);
        OrganisationId calm = api.register("calm-park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(api, park, calm);
        var asPark = api.as(park);

        int accepted = 0;
        String retryAfter = null;
        for (int i = 0; i < 10 && retryAfter == null; i++) {
            var result = asPark.post().uri("/api/incidents/{id}/reports", scenario.incident)
                               .bodyValue(staffSafety(i, 0, 0)).exchange().expectBody().returnResult();
            if (result.getStatus().value() == 429) {
                retryAfter = result.getResponseHeaders().getFirst("Retry-After");
                assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            } else {
                assertThat(result.getStatus().value()).isEqualTo(201);
                accepted++;
            }
        }

        assertThat(accepted).as("30 a minute is 5 per 10 s").isEqualTo(5);
        assertThat(retryAfter).isNotNull();
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 10);
        api.as(calm).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(staffSafety(1, 0, 0))
           .exchange().expectStatus().isCreated();
        assertThat(scenario.awaitEntries("StaffSafetyReported", 6)).hasSize(6);
    }

    @Test
    void aBodyLargerThanTheLimitIsRefused() {
        Api api = new Api(port, tokens);
        OrganisationId park = api.register("chatty-park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(api, park);

        // Its own unpooled connection: the server closes it unread, and no later request of this test may inherit it.
        WebTestClient oneConnection = WebTestClient.bindToServer(new ReactorClientHttpConnector(
                                                           HttpClient.create(ConnectionProvider.newConnection())))
                                                   .baseUrl("http://localhost:" + port)
                                                   .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + api.token(park))
                                                   .build();
        try {
            oneConnection.post().uri("/api/incidents/{id}/reports", scenario.incident)
               .bodyValue(Map.of("type", "STAFF_SAFETY", "safe", 1, "injured", 0, "missing", 0,
                                 "note", "あ".repeat(200_000)))
               .exchange()
               .expectStatus().isEqualTo(413)
               .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
               .expectBody().jsonPath("$.type").isEqualTo("urn:kanmin:problem:body-too-large")
               .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("256 KB"));
        } catch (org.springframework.web.reactive.function.client.WebClientRequestException reset) {
            // The server answers 413 and closes the connection without reading the rest of the body; a client still
            // sending may see the close before the answer (HTTP/1.1 gives the server no other way). Refused either way.
            assertThat(reset).hasMessageContaining("reset");
        }
        assertThat(scenario.timelineOf("StaffSafetyReported")).isEmpty();
    }
}
