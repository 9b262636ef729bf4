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

import java.time.Duration;
import java.util.Map;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Invite, join, leave, hand over, close and reopen, as the HQ and the participants live them. */
@ApplicationTest
class IncidentLifecycleTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;
    OrganisationId chamber;
    OrganisationId prefecture;
    Scenario scenario;

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens);
        chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        prefecture = api.register("prefecture", OrganisationType.PREFECTURE);
        scenario = Scenario.open(api);
    }

    @Test
    void anInvitedChamberJoinsPostsLeavesAndIsThenRefused() {
        WebTestClient hq = api.as(scenario.city);
        WebTestClient asChamber = api.as(chamber);
        hq.post().uri("/api/incidents/{id}/invitations", scenario.incident)
          .bodyValue(Map.of("organisationId", chamber.value())).exchange().expectStatus().isOk();
        scenario.awaitListed(chamber);

        asChamber.post().uri("/api/incidents/{id}/participants", scenario.incident).bodyValue(Map.of())
                 .exchange().expectStatus().isOk();
        scenario.awaitReadable(chamber);
        report(asChamber).expectStatus().isCreated();

        asChamber.delete().uri("/api/incidents/{id}/participants/{org}?reason={r}", scenario.incident, chamber,
                               "職員全員被災のため市が代行").exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> report(asChamber).expectStatus().isEqualTo(409));

        scenario.awaitEntries("ParticipationClosed", 1);
        assertThat(scenario.timeline()).extracting(entry -> entry.get("type"))
                                       .containsSubsequence("ParticipantInvited", "ParticipantJoined",
                                                            "StaffSafetyReported", "ParticipantLeft",
                                                            "ParticipationClosed");
    }

    @Test
    void closingStopsPostingAndReopeningWithAReasonResumesIt() {
        WebTestClient hq = api.as(scenario.city);
        report(hq).expectStatus().isCreated();

        hq.post().uri("/api/incidents/{id}/close", scenario.incident).bodyValue(Map.of("reason", "訓練終了"))
          .exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> report(hq).expectStatus().isEqualTo(409)
                                                                            .expectBody().jsonPath("$.type")
                                                                            .isEqualTo("urn:kanmin:problem:participation-closed"));

        hq.post().uri("/api/incidents/{id}/reopen", scenario.incident).bodyValue(Map.of())
          .exchange().expectStatus().isBadRequest();
        hq.post().uri("/api/incidents/{id}/reopen", scenario.incident).bodyValue(Map.of("reason", "余震で被害拡大"))
          .exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> report(hq).expectStatus().isCreated());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.as(scenario.city).get().uri("/api/incidents/{id}", scenario.incident).exchange()
                              .expectBody(Map.class).returnResult().getResponseBody()).containsEntry("status", "OPEN"));
    }

    @Test
    void theCityHandsCoordinationToThePrefecture() {
        api.as(scenario.city).put().uri("/api/incidents/{id}/coordinating-hq", scenario.incident)
           .bodyValue(Map.of("organisationId", prefecture.value())).exchange().expectStatus().isOk();
        scenario.awaitReadable(prefecture);

        api.as(prefecture).post().uri("/api/incidents/{id}/close", scenario.incident)
           .bodyValue(Map.of("reason", "県が終結を判断")).exchange().expectStatus().isOk();
        api.as(scenario.city).post().uri("/api/incidents/{id}/reopen", scenario.incident)
           .bodyValue(Map.of("reason", "市として再開したい")).exchange().expectStatus().isForbidden();
    }

    private WebTestClient.ResponseSpec report(WebTestClient client) {
        return client.post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(staffSafety(5, 0, 0))
                     .exchange();
    }
}
