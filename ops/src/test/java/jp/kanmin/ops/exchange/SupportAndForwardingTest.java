package jp.kanmin.ops.exchange;

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
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** 応援要請 between power operators from request to cancellation, and a damage picture passed up a reporting chain. */
@ApplicationTest
class SupportAndForwardingTest {

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
    @SuppressWarnings("unchecked")
    void aRequestToPeersIsAnsweredPartlyDeliveredAndCancelledAndIllegalStepsAreRefused() {
        OrganisationId chubu = api.register("chubu-power", OrganisationType.INFRASTRUCTURE_OPERATOR);
        OrganisationId kansai = api.register("kansai-power", OrganisationType.INFRASTRUCTURE_OPERATOR);
        OrganisationId hokuriku = api.register("hokuriku-power", OrganisationType.INFRASTRUCTURE_OPERATOR);
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(api, chubu, kansai, hokuriku, park);
        incident = scenario.incident;
        String base = "/api/incidents/" + scenario.incident + "/support-requests";

        Map<?, ?> requested = api.as(chubu).post().uri(base)
                                 .bodyValue(Map.of("toPeers", true, "resource", "VEHICLES", "description", "高圧発電機車",
                                                   "quantity", 10, "unit", "台", "priority", "URGENT"))
                                 .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                                 .getResponseBody();
        String id = (String) requested.get("supportRequestId");
        assertThat((List<String>) requested.get("addressees")).as("peers of the same type and sector, not the park")
                .containsExactlyInAnyOrder(kansai.value(), hokuriku.value());

        answer(kansai, id, "accept", Map.of("quantity", 6)).expectStatus().isOk();
        refused(answer(hokuriku, id, "decline", Map.of()), 400, "reason");
        answer(hokuriku, id, "decline", Map.of("reason", "自社の復旧を優先")).expectStatus().isOk();
        answer(kansai, id, "deliver", Map.of("quantity", 4, "note", "第1便")).expectStatus().isOk();
        refused(answer(hokuriku, id, "deliver", Map.of("quantity", 1)), 409, null)
                .jsonPath("$.type").isEqualTo("urn:kanmin:problem:not-accepted");
        refused(answer(park, id, "accept", Map.of()), 403, null);

        await().atMost(Duration.ofSeconds(10)).until(() -> requests(scenario, chubu, "?open=true").size() == 1
                && ((Map<String, Object>) requests(scenario, chubu, "?open=true").getFirst().get("request"))
                .get("delivered").equals(4));
        Map<String, Object> open = (Map<String, Object>) requests(scenario, chubu, "?open=true").getFirst().get("request");
        assertThat(open).containsEntry("state", "OPEN").containsEntry("quantity", 10);
        assertThat((Map<String, Map<String, Object>>) open.get("answers"))
                .hasEntrySatisfying(kansai.value(), a -> assertThat(a).containsEntry("state", "ACCEPTED")
                        .containsEntry("accepted", 6).containsEntry("delivered", 4))
                .hasEntrySatisfying(hokuriku.value(), a -> assertThat(a).containsEntry("state", "DECLINED")
                        .containsEntry("reason", "自社の復旧を優先"));

        answer(chubu, id, "cancel", Map.of("reason", "自力で復旧")).expectStatus().isOk();
        refused(answer(kansai, id, "deliver", Map.of()), 409, null)
                .jsonPath("$.type").isEqualTo("urn:kanmin:problem:request-closed");
        await().atMost(Duration.ofSeconds(10)).until(() -> requests(scenario, chubu, "?open=true").isEmpty());
        assertThat((Map<String, Object>) requests(scenario, chubu, "").getFirst().get("request"))
                .containsEntry("state", "CANCELLED").containsEntry("reason", "自力で復旧");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDamagePictureForwardedUpTheChainKeepsTheLinkToTheOriginal() {
        OrganisationId chamber = api.register("chugei-chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        OrganisationId federation = api.register("kochi-federation", OrganisationType.CHAMBER_FEDERATION);
        OrganisationId prefecture = api.register("kochi-prefecture", OrganisationType.PREFECTURE);
        reportsTo(chamber, federation);
        reportsTo(federation, prefecture);
        Scenario scenario = Scenario.open(api, chamber, federation, prefecture);
        String base = "/api/incidents/" + scenario.incident + "/exchanges";

        Map<?, ?> first = api.as(chamber).post().uri(base)
                             .bodyValue(Map.of("toChain", "PARENT", "topic", "DAMAGE_PICTURE", "text", "管内の被害状況"))
                             .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                             .getResponseBody();
        assertThat((List<String>) first.get("recipients")).containsExactly(federation.value());
        String original = (String) first.get("exchangeId");
        await().atMost(Duration.ofSeconds(10)).until(() -> scenario.timelineOf("InformationReceived").size() == 1);

        Map<?, ?> forwarded = api.as(federation).post().uri(base + "/{x}/forward", original)
                                 .bodyValue(Map.of("toChain", "PARENT", "text", "中芸地区の状況を転送"))
                                 .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                                 .getResponseBody();
        assertThat((List<String>) forwarded.get("recipients")).containsExactly(prefecture.value());
        api.as(chamber).post().uri(base + "/{x}/forward", original).bodyValue(Map.of("to", List.of(prefecture.value())))
           .exchange().expectStatus().isNotFound();

        await().atMost(Duration.ofSeconds(10)).until(() -> scenario.timelineOf("InformationReceived").size() == 2);
        // the timeline is one read model and the exchanges another: the list may trail the entry a moment
        Map<String, Object> seenByPrefecture = await().atMost(Duration.ofSeconds(10)).until(
                () -> ((List<Map<String, Object>>) api.as(prefecture).get().uri(base)
                        .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody()
                        .get("exchanges")).stream()
                        .filter(x -> prefecture.value().equals(((List<?>) x.get("recipients")).getFirst()))
                        .findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(seenByPrefecture).containsEntry("from", federation.value()).containsEntry("topic", "DAMAGE_PICTURE")
                                    .containsEntry("forwardedFrom", original)
                                    .containsEntry("originalExchangeId", original);
        api.as(prefecture).post().uri(base + "/{x}/acknowledge", forwarded.get("exchangeId")).bodyValue(Map.of())
           .exchange().expectStatus().isOk();
    }

    private void reportsTo(OrganisationId from, OrganisationId to) {
        api.asAdmin().post().uri("/api/organisations/{id}/relations", from)
           .bodyValue(Map.of("type", "REPORTS_TO", "target", to.value())).exchange().expectStatus().is2xxSuccessful();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<?, ?> detail = api.asAdmin().get().uri("/api/organisations/{id}", from).exchange()
                                  .expectBody(Map.class).returnResult().getResponseBody();
            return !((List<?>) ((Map<?, ?>) detail.get("organisation")).get("relations")).isEmpty();
        });
    }

    private WebTestClient.ResponseSpec answer(OrganisationId by, String id, String what, Map<String, Object> body) {
        return api.as(by).post().uri("/api/incidents/{i}/support-requests/{id}/" + what, incident, id)
                  .bodyValue(body).exchange();
    }

    private String incident;

    private WebTestClient.BodyContentSpec refused(WebTestClient.ResponseSpec response, int status, String field) {
        WebTestClient.BodyContentSpec body = response.expectStatus().isEqualTo(status)
                                                     .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                                                     .expectBody();
        return field == null ? body : body.jsonPath("$.errors[0].field").isEqualTo(field);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> requests(Scenario scenario, OrganisationId as, String query) {
        return (List<Map<String, Object>>) api.as(as).get()
                                              .uri("/api/incidents/" + scenario.incident + "/support-requests" + query)
                                              .exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
                                              .getResponseBody().get("requests");
    }
}
