package jp.kanmin.ops.store;

import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.CuttableProxy;
import jp.kanmin.ops.testing.RunningApplication;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestStore;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store goes away (every connection to it dropped, new ones refused) and comes back: commands fail fast with 503
 * and Retry-After instead of hanging, readiness turns red while liveness stays green, and when the store returns the
 * node recovers without a restart and no acknowledged command is lost.
 */
class StoreOutageTest {

    @Test
    void commandsFailFastWhileTheStoreIsAwayAndTheNodeRecoversWhenItReturns() {
        URI store = URI.create(TestStore.uri());
        try (CuttableProxy proxy = new CuttableProxy(store.getHost(), store.getPort());
             RunningApplication node = RunningApplication.node("mongodb://127.0.0.1:" + proxy.port(),
                                                              "kanmin-outage-" + UUID.randomUUID(),
                                                              "kanmin.store.server-selection-timeout=2s")) {
            Api api = node.api();
            OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
            Scenario scenario = Scenario.open(api, park);
            WebTestClient asPark = api.as(park).mutate().responseTimeout(Duration.ofSeconds(60)).build();
            assertThat(post(asPark, scenario, "before").getStatus().value()).isEqualTo(201);

            proxy.cut();
            long start = System.nanoTime();
            EntityExchangeResult<byte[]> refused = post(asPark, scenario, "during");
            Duration answeredIn = Duration.ofNanos(System.nanoTime() - start);

            assertThat(refused.getStatus().value()).isEqualTo(503);
            assertThat(refused.getResponseHeaders().getFirst("Retry-After")).isNotBlank();
            assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(answeredIn).as("failed fast, not hung").isLessThan(Duration.ofSeconds(15));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api.anonymous().get()
                                                                         .uri("/actuator/health/readiness").exchange()
                                                                         .expectStatus().isEqualTo(503));
            api.anonymous().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();

            proxy.restore();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                   .untilAsserted(() -> api.anonymous().get().uri("/actuator/health/readiness").exchange()
                                           .expectStatus().isOk());
            // the phone sends again what was refused, with its key, and carries on
            assertThat(post(asPark, scenario, "during").getStatus().value()).isEqualTo(201);
            assertThat(post(asPark, scenario, "after").getStatus().value()).isEqualTo(201);
            assertThat(scenario.awaitEntries("StaffSafetyReported", 3)).hasSize(3);
            System.out.printf("store outage: refused with 503 in %d ms; recovered without a restart%n",
                              answeredIn.toMillis());
        }
    }

    private static EntityExchangeResult<byte[]> post(WebTestClient client, Scenario scenario, String key) {
        return client.post().uri("/api/incidents/{id}/reports", scenario.incident).header("Idempotency-Key", key)
                     .bodyValue(staffSafety(key.length(), 0, 0)).exchange().expectBody().returnResult();
    }
}
