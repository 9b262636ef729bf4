package jp.kanmin.ops.incident;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.Instant;

import static jp.kanmin.ops.testing.Requests.openDrill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Axon's Micrometer auto-configuration targets Boot 2/3 class names; on Boot 4 we bind its metrics to the
 * application's registry ourselves. This test keeps them on /actuator/prometheus.
 */
@ApplicationTest
class MetricsEndpointTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    /** Without Axon's capacity monitors: each keeps ten minutes of measurements per message type. */
    @Test
    void prometheusEndpointIncludesCommandBusAndEventProcessorMetricsWithoutUnboundedCapacityWindows() {
        Api api = new Api(port, tokens);
        api.as(api.register("city", jp.kanmin.shared.organisation.OrganisationType.MUNICIPALITY)).post().uri("/api/incidents")
           .bodyValue(openDrill(Instant.now())).exchange().expectStatus().isCreated();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(prometheus(api))
                .contains("processorName=\"timeline\"")
                .contains("processorName=\"incidents\"")
                .contains("commandBus")
                .contains("kanmin_eventstore_gaps_given_up_total")
                .contains("kanmin_feed_subscribers")
                .contains("kanmin_feed_buffered_entries")
                .contains("kanmin_feed_lagging_total")
                .contains("eventProcessor_allTimer_seconds_count{")
                .contains("commandBus_allTimer_seconds_count{")
                .doesNotContain("eventProcessor_capacity")
                .doesNotContain("commandBus_capacity"));
    }

    private static String prometheus(Api api) {
        return api.anonymous().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                  .expectBody(String.class).returnResult().getResponseBody();
    }
}
