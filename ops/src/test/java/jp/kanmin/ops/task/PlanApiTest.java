package jp.kanmin.ops.task;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans published through the API: validated, versioned, never changed once published. A database of its own,
 * because a published plan becomes the current one for every incident opened after it.
 */
@ApplicationTest
@TestPropertySource(properties = "kanmin.store.database=kanmin-plan-test")
class PlanApiTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    static String plan(String version, String due) {
        return """
                version: "%s"
                name: test plan
                plans:
                  - name: all
                    incidentKinds: [EARTHQUAKE, TSUNAMI, TYPHOON, FLOOD, HEAVY_RAIN, VOLCANO, HEAVY_SNOW, PANDEMIC, OTHER]
                    organisations:
                      OTHER:
                        - {id: staff-safety, tier: 1, ja: 安否確認, en: Staff safety, due: %s}
                """.formatted(version, due);
    }

    @Test
    void anAdministratorPublishesAPlanVersionThatCannotBeChangedAfterwards() {
        Api api = new Api(port, tokens);
        String version = "api-" + System.nanoTime();
        api.asAdmin().post().uri("/api/admin/plans").contentType(MediaType.parseMediaType("application/yaml"))
           .bodyValue(plan(version, "PT2H")).exchange().expectStatus().isCreated();

        api.asAdmin().post().uri("/api/admin/plans").contentType(MediaType.parseMediaType("application/yaml"))
           .bodyValue(plan(version, "PT3H")).exchange().expectStatus().isEqualTo(409);
        Map<?, ?> stored = api.as(api.register("reader", OrganisationType.COMPANY)).get()
                              .uri("/api/plans/{v}", version).exchange().expectStatus().isOk()
                              .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(stored.get("version")).isEqualTo(version);
        assertThat(stored.toString()).contains("PT2H").doesNotContain("PT3H");
    }

    @Test
    void aPlanWithAMistakeIsRefusedWithTheProblemNamed() {
        Api api = new Api(port, tokens);
        api.asAdmin().post().uri("/api/admin/plans").contentType(MediaType.parseMediaType("application/yaml"))
           .bodyValue(plan("broken-" + System.nanoTime(), "soon")).exchange()
           .expectStatus().isBadRequest()
           .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                                                              .contains("task staff-safety")
                                                              .contains("not an ISO-8601 duration"));
    }

    @Test
    void onlyAdministratorsPublishPlans() {
        Api api = new Api(port, tokens);
        api.as(api.register("city", OrganisationType.MUNICIPALITY)).post().uri("/api/admin/plans")
           .contentType(MediaType.parseMediaType("application/yaml")).bodyValue(plan("x-1", "PT2H"))
           .exchange().expectStatus().isForbidden();
    }
}
