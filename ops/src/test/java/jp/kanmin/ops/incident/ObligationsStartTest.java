package jp.kanmin.ops.incident;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestClock;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One rule for when obligations start (義務の起算), chosen per incident and shown: tasks and sharing slots count from
 * zero hour, or from registration for a real incident registered late; a real incident's zero hour far from now
 * must be confirmed.
 */
@ApplicationTest
class ObligationsStartTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;
    OrganisationId city;
    OrganisationId chamber;
    Instant now;

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens);
        city = api.register("city", OrganisationType.MUNICIPALITY);
        chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        now = TestClock.INSTANCE.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    @Test
    void aRealIncidentWhoseZeroHourIsAMonthAwayIsRefusedUntilItIsConfirmed() {
        Map<String, Object> body = real(now.minus(Duration.ofDays(30)));
        api.as(city).post().uri("/api/incidents").bodyValue(body).exchange()
           .expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("zeroHour")
           .jsonPath("$.errors[0].rule").isEqualTo("near-now");

        body.put("confirmZeroHour", true);
        api.as(city).post().uri("/api/incidents").bodyValue(body).exchange().expectStatus().isCreated();
    }

    @Test
    void aTyphoonRegisteredThreeDaysBeforeLandfallCountsFromZeroHour() {
        Map<String, Object> body = real(now.plus(Duration.ofDays(3)));
        body.put("kind", "TYPHOON");
        String incident = open(body);

        assertThat(obligations(incident)).containsEntry("rule", "ZERO_HOUR")
                                         .containsEntry("from", now.plus(Duration.ofDays(3)).toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRealIncidentRegisteredFiveHoursLateCountsItsTasksAndSlotsFromRegistration() {
        api.asAdmin().put().uri("/api/organisations/{id}/districts/{d}", chamber, "勝北地区")
           .bodyValue(Map.of("registeredBusinesses", 80, "municipality", city.value(), "scaleRules", "tsuyama-004"))
           .exchange().expectStatus().isOk();
        api.asAdmin().put().uri("/api/organisations/{id}/agreements/damage-picture", chamber)
           .bodyValue(Map.of("counterpart", city.value(), "topic", "DAMAGE_PICTURE", "direction", "ONE_WAY",
                             "cadence", "tsuyama-004", "district", "勝北地区"))
           .exchange().expectStatus().isOk();
        String incident = open(real(now.minus(Duration.ofHours(5))));

        Map<String, Object> obligations = obligations(incident);
        assertThat(obligations).containsEntry("rule", "REGISTRATION");
        Instant registered = Instant.parse((String) obligations.get("from"));
        assertThat(registered).isAfterOrEqualTo(now);
        Scenario scenario = Scenario.of(api, city, incident);
        await().atMost(Duration.ofSeconds(10)).until(() -> scenario.task(chamber, "staff-safety") != null);
        assertThat(Instant.parse((String) scenario.task(chamber, "staff-safety").get("dueAt")))
                .as("two hours after registration, not three hours ago").isEqualTo(registered.plus(Duration.ofHours(2)));

        Map<String, Object> obligation = awaitObligation(incident);
        assertThat(obligation).containsEntry("scale", "ALMOST_NONE").containsEntry("scaleDeclared", false)
                              .containsEntry("owedFrom", registered.toString()).containsEntry("missed", 0);
        List<Map<String, Object>> upcoming = (List<Map<String, Object>>) obligation.get("upcoming");
        assertThat(upcoming).isNotEmpty();
        assertThat(upcoming.getFirst()).containsEntry("due", registered.plus(Duration.ofDays(3)).toString())
                                       .containsEntry("scale", "ALMOST_NONE").containsEntry("state", "UPCOMING");
    }

    private Map<String, Object> real(Instant zeroHour) {
        Map<String, Object> body = new HashMap<>(Map.of("title", "地震", "kind", "EARTHQUAKE", "mode", "REAL",
                                                        "zeroHour", zeroHour.toString(),
                                                        "participants", List.of(chamber.value())));
        return body;
    }

    private String open(Map<String, Object> body) {
        Map<?, ?> opened = api.as(city).post().uri("/api/incidents").bodyValue(body).exchange()
                              .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return (String) opened.get("incidentId");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> obligations(String incident) {
        WebTestClient client = api.as(city);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.get().uri("/api/incidents/{id}", incident)
                                                                 .exchange().expectBody().returnResult()
                                                                 .getStatus().is2xxSuccessful());
        Map<?, ?> summary = client.get().uri("/api/incidents/{id}", incident).exchange().expectStatus().isOk()
                                  .expectBody(Map.class).returnResult().getResponseBody();
        return (Map<String, Object>) summary.get("obligations");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitObligation(String incident) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !obligationsOf(incident).isEmpty());
        return obligationsOf(incident).getFirst();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> obligationsOf(String incident) {
        Map<?, ?> compliance = api.as(city).get().uri("/api/incidents/{id}/exchanges/compliance", incident)
                                  .exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
                                  .getResponseBody();
        return (List<Map<String, Object>>) compliance.get("obligations");
    }
}
