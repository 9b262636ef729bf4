package jp.kanmin.ops.directory;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The organisation directory and its reporting chains, through the API. */
@ApplicationTest
class DirectoryTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens);
    }

    /**
     * The 連絡体制図 of plan 003 (中芸地区商工会, 馬路村): 国 ↔ 高知県 ↔ 馬路村; 国 → 県商工会連合会;
     * 馬路村 → 県商工会連合会 → 中芸地区商工会 → 村内商工業者; 馬路村 → 中芸地区商工会.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theUmajiVillageReportingChartIsExpressedAsDirectedEdges() {
        OrganisationId nation = api.register("kuni", OrganisationType.NATIONAL_GOVERNMENT);
        OrganisationId kochi = api.register("kochi-pref", OrganisationType.PREFECTURE);
        OrganisationId umaji = api.register("umaji-village", OrganisationType.MUNICIPALITY);
        OrganisationId federation = api.register("kochi-federation", OrganisationType.CHAMBER_FEDERATION);
        OrganisationId chugei = api.register("chugei-chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        OrganisationId businesses = api.register("village-businesses", OrganisationType.OTHER);
        List<List<OrganisationId>> edges = List.of(List.of(nation, kochi), List.of(kochi, nation),
                                                   List.of(kochi, umaji), List.of(umaji, kochi),
                                                   List.of(nation, federation), List.of(umaji, federation),
                                                   List.of(federation, chugei), List.of(chugei, businesses),
                                                   List.of(umaji, chugei));
        for (List<OrganisationId> edge : edges) {
            api.asAdmin().post().uri("/api/organisations/{id}/relations", edge.get(0))
               .bodyValue(Map.of("type", "REPORTS_TO", "target", edge.get(1).value()))
               .exchange().expectStatus().isOk();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<?, ?> chain = api.as(chugei).get().uri("/api/organisations/{id}/reporting-chain", chugei)
                                 .exchange().expectStatus().isOk()
                                 .expectBody(Map.class).returnResult().getResponseBody();
            assertThat((List<?>) chain.get("organisations")).hasSize(6);
            assertThat((List<Object>) chain.get("edges")).hasSize(9)
                    .contains(Map.of("from", umaji.value(), "to", chugei.value()),
                              Map.of("from", nation.value(), "to", federation.value()));
        });
        Map<?, ?> detail = api.as(chugei).get().uri("/api/organisations/{id}", chugei).exchange()
                              .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<Object>) detail.get("incoming")).containsExactlyInAnyOrder(
                Map.of("type", "REPORTS_TO", "from", federation.value()),
                Map.of("type", "REPORTS_TO", "from", umaji.value()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRelationAndAnAgreementAreRemovedByDeleteAndARetriedDeleteChangesNothingMore() {
        OrganisationId kochi = api.register("kochi-pref", OrganisationType.PREFECTURE);
        OrganisationId umaji = api.register("umaji-village", OrganisationType.MUNICIPALITY);
        api.asAdmin().post().uri("/api/organisations/{id}/relations", umaji)
           .bodyValue(Map.of("type", "REPORTS_TO", "target", kochi.value())).exchange().expectStatus().isOk();
        api.asAdmin().put().uri("/api/organisations/{id}/agreements/damage-picture", umaji)
           .bodyValue(Map.of("counterpart", kochi.value(), "topic", "DAMAGE_PICTURE", "direction", "ONE_WAY",
                             "cadence", "makinohara-002"))
           .exchange().expectStatus().isOk();

        for (int attempt = 0; attempt < 2; attempt++) { // the phone retries: the same key, the same answer
            api.asAdmin().delete().uri("/api/organisations/{id}/relations/REPORTS_TO/{target}", umaji, kochi)
               .header("Idempotency-Key", "unrelate-1").exchange().expectStatus().isOk();
            api.asAdmin().delete().uri("/api/organisations/{id}/agreements/damage-picture", umaji)
               .header("Idempotency-Key", "end-agreement-1").exchange().expectStatus().isOk();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<?, ?> chain = api.as(umaji).get().uri("/api/organisations/{id}/reporting-chain", umaji)
                                 .exchange().expectStatus().isOk()
                                 .expectBody(Map.class).returnResult().getResponseBody();
            assertThat((List<Object>) chain.get("edges")).isEmpty();
        });
        // gone: a new delete without the key is told so
        api.asAdmin().delete().uri("/api/organisations/{id}/agreements/damage-picture", umaji).exchange()
           .expectStatus().isNotFound();
    }

    @Test
    void organisationsAreFoundByPartOfTheirJapaneseName() {
        OrganisationId park = api.register("osadano", OrganisationType.INDUSTRIAL_PARK);
        api.asAdmin().put().uri("/api/organisations/{id}/name", park)
           .bodyValue(Map.of("name", "長田野工業団地 " + park.value(), "nameEn", "Osadano Industrial Park"))
           .exchange().expectStatus().isOk();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.as(park).get().uri("/api/organisations?q={q}", "工業団地 " + park.value())
                              .exchange().expectStatus().isOk()
                              .expectBody(List.class).returnResult().getResponseBody())
                        .extracting(o -> ((Map<?, ?>) o).get("organisationId")).containsExactly(park.value()));
    }

    @Test
    void onlyAdministratorsChangeTheDirectory() {
        OrganisationId company = api.register("company", OrganisationType.COMPANY);
        api.as(company).post().uri("/api/organisations")
           .bodyValue(Map.of("organisationId", "self-made-" + System.nanoTime(), "name", "x", "type", "COMPANY"))
           .exchange().expectStatus().isForbidden();
        api.as(company).put().uri("/api/organisations/{id}/name", company).bodyValue(Map.of("name", "乗っ取り"))
           .exchange().expectStatus().isForbidden();
    }

    @Test
    void aRetiredOrganisationsTokensStopWorkingAndItLeavesTheDefaultSearch() {
        OrganisationId company = api.register("merged-company", OrganisationType.COMPANY);
        String token = api.token(company);
        api.withToken(token).get().uri("/api/organisations").exchange().expectStatus().isOk();

        api.asAdmin().post().uri("/api/organisations/{id}/retire", company).bodyValue(Map.of("reason", "合併"))
           .exchange().expectStatus().isOk();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> api.withToken(token).get().uri("/api/organisations")
                                                                      .exchange().expectStatus().isUnauthorized());
        // The directory and the credentials are separate read models: each follows the retirement in its own time.
        await().atMost(Duration.ofSeconds(10)).until(() -> api.asAdmin().get()
                                                              .uri("/api/organisations?q={q}", company.value())
                                                              .exchange().expectBody(List.class).returnResult()
                                                              .getResponseBody().isEmpty());
        assertThat(api.asAdmin().get().uri("/api/organisations?q={q}&includeRetired=true", company.value()).exchange()
                      .expectBody(List.class).returnResult().getResponseBody()).hasSize(1);
    }

    @Test
    void anUnknownRelationTargetIsRefusedNamingTheField() {
        OrganisationId company = api.register("member", OrganisationType.COMPANY);
        api.asAdmin().post().uri("/api/organisations/{id}/relations", company)
           .bodyValue(Map.of("type", "MEMBER_OF", "target", "no-such-park"))
           .exchange().expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("target")
           .jsonPath("$.errors[0].rule").isEqualTo("registered-organisation");
    }
}
