package jp.kanmin.ops.web;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A long list comes a page at a time; the total and the next page are in the headers, the body keeps its shape. */
@ApplicationTest
class PagingTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    @Test
    @SuppressWarnings("unchecked")
    void followingTheNextLinksReadsEveryExchangeOnceInOrder() {
        Api api = new Api(port, tokens);
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(api, park);
        for (int i = 0; i < 5; i++) {
            api.as(scenario.city).post().uri("/api/incidents/{id}/exchanges", scenario.incident)
               .bodyValue(Map.of("to", List.of(park.value()), "topic", "SUPPORT_SCHEMES", "text", "お知らせ " + i))
               .exchange().expectStatus().isCreated();
        }
        String all = "/api/incidents/" + scenario.incident + "/exchanges";
        // every exchange shared and received (a receipt lands after the exchange): the list no longer changes
        await().atMost(Duration.ofSeconds(10)).until(() -> exchanges(api, scenario, all).getResponseBody()
                                                                                     .get("exchanges") instanceof List<?> l
                                                           && l.size() == 5
                                                           && l.stream().allMatch(x -> !((Map<?, ?>) ((Map<?, ?>) x)
                                                                   .get("receipts")).isEmpty()));
        List<Object> whole = (List<Object>) exchanges(api, scenario, all).getResponseBody().get("exchanges");

        List<Object> paged = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = all + "?limit=2";
        while (next != null) {
            EntityExchangeResult<Map> page = exchanges(api, scenario, next);
            assertThat(page.getResponseHeaders().getFirst("X-Total-Count")).isEqualTo("5");
            List<Object> items = (List<Object>) page.getResponseBody().get("exchanges");
            paged.addAll(items);
            pageSizes.add(items.size());
            String link = page.getResponseHeaders().getFirst(HttpHeaders.LINK);
            next = link == null ? null : link.substring(link.indexOf("/api/"), link.indexOf('>'));
        }
        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(paged).containsExactlyElementsOf(whole);
        // the live list is read a page at a time by the store; as of an instant it is folded from the timeline
        assertThat(exchanges(api, scenario, all + "?asOf=" + jp.kanmin.ops.testing.TestClock.INSTANCE.instant())
                           .getResponseBody().get("exchanges")).isEqualTo(whole);
        assertThat((List<Object>) exchanges(api, scenario, all + "?organisationId=" + park).getResponseBody()
                                                                                    .get("exchanges")).hasSize(5);
        OrganisationId bystander = api.register("bystander", OrganisationType.COMPANY);
        assertThat((List<Object>) exchanges(api, scenario, all + "?organisationId=" + bystander).getResponseBody()
                                                                                      .get("exchanges")).isEmpty();

        api.as(scenario.city).get().uri(all + "?limit=0").exchange().expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        api.as(scenario.city).get().uri(all + "?offset=-1").exchange().expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("offset");
    }

    @SuppressWarnings("rawtypes")
    private static EntityExchangeResult<Map> exchanges(Api api, Scenario scenario, String uri) {
        return api.as(scenario.city).get().uri(uri).exchange().expectStatus().isOk().expectBody(Map.class)
                  .returnResult();
    }
}
