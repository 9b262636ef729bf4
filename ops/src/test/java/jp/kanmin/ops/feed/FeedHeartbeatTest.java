package jp.kanmin.ops.feed;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A screen still hears from the server between entries, so proxies do not close its stream as idle. */
@ApplicationTest
@TestPropertySource(properties = "kanmin.feed.heartbeat=300ms")
class FeedHeartbeatTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    @Test
    void anIdleScreenIsGreetedThenHearsHeartbeats() {
        Api api = new Api(port, tokens);
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(api, park);

        List<ServerSentEvent<String>> heard = api.as(scenario.city).get()
                .uri("/api/incidents/" + scenario.incident + "/feed").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                }).getResponseBody().filter(event -> event.comment() != null).take(3).collectList()
                .block(Duration.ofSeconds(10));

        assertThat(heard).extracting(ServerSentEvent::comment)
                         .containsExactly("connected to incident " + scenario.incident, "heartbeat", "heartbeat");
    }
}
