package jp.kanmin.ops.store;

import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.RunningApplication;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static jp.kanmin.ops.testing.Requests.openDrill;
import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stop the application and start it again on the same persistent store: nothing lost, nothing doubled. */
class RestartTest {

    @TempDir
    Path data;

    OrganisationId city;
    OrganisationId park;

    @Test
    void eventsKeysAndRulesSurviveARestartAndNoEventIsProjectedTwice() {
        String incident;
        long firstReport;
        int beforeRestart;
        try (RunningApplication app = RunningApplication.start(data)) {
            Api api = app.api();
            city = api.register("restart-city", OrganisationType.MUNICIPALITY);
            park = api.register("restart-park", OrganisationType.INDUSTRIAL_PARK);
            incident = open(api);
            firstReport = post(api.as(park), incident, "report-1", staffSafety(20, 0, 1))
                    .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody()
                    .get("position") instanceof Number n ? n.longValue() : -1;
            awaitTimelineSize(api, incident, 6);
            beforeRestart = stableTimelineSize(api, incident);
        }

        try (RunningApplication app = RunningApplication.start(data)) {
            Api api = app.api();
            List<Map<String, Object>> before = timeline(api, incident);
            assertThat(before).hasSize(beforeRestart);

            Map<?, ?> retried = post(api.as(park), incident, "report-1", staffSafety(20, 0, 1))
                    .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
            assertThat(((Number) retried.get("position")).longValue()).isEqualTo(firstReport);
            post(api.as(park), incident, "report-1", staffSafety(21, 0, 1)).expectStatus().isEqualTo(409);
            post(api.as(OrganisationId.of("restart-stranger")), incident, "x", staffSafety(1, 0, 0))
                    .expectStatus().isNotFound();
            post(api.as(park), incident, "report-2", staffSafety(22, 0, 0)).expectStatus().isCreated();

            awaitTimelineSize(api, incident, beforeRestart + 1);
            List<Map<String, Object>> after = timeline(api, incident);
            assertThat(after).extracting(e -> ((Number) e.get("position")).longValue()).doesNotHaveDuplicates();
            assertThat(after).extracting(e -> ((Number) e.get("seq")).longValue())
                             .containsExactlyElementsOf(LongStream.rangeClosed(1, after.size()).boxed().toList());
            assertThat(after).filteredOn(e -> "StaffSafetyReported".equals(e.get("type"))).hasSize(2);
        }
    }

    private String open(Api api) {
        Map<?, ?> opened = api.as(city).post().uri("/api/incidents")
                              .bodyValue(openDrill(Instant.now().minusSeconds(60), park))
                              .exchange().expectStatus().isCreated()
                              .expectBody(Map.class).returnResult().getResponseBody();
        return (String) opened.get("incidentId");
    }

    private static WebTestClient.ResponseSpec post(WebTestClient client, String incident, String key, Object body) {
        return client.post().uri("/api/incidents/{id}/reports", incident).header("Idempotency-Key", key)
                     .bodyValue(body).exchange();
    }

    private void awaitTimelineSize(Api api, String incident, int size) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try {
                return timeline(api, incident).size() >= size;
            } catch (AssertionError notYetVisible) {
                return false;
            }
        });
    }

    /** The timeline's size once background work (plan tasks, process managers) has stopped adding to it. */
    private int stableTimelineSize(Api api, String incident) {
        int[] last = {-1};
        await().pollInterval(Duration.ofMillis(700)).atMost(Duration.ofSeconds(20)).until(() -> {
            int size = timeline(api, incident).size();
            boolean stable = size == last[0];
            last[0] = size;
            return stable;
        });
        return last[0];
    }

    private List<Map<String, Object>> timeline(Api api, String incident) {
        Map<?, ?> page = api.as(city).get().uri("/api/incidents/{id}/timeline?limit=1000", incident)
                            .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) page.get("entries");
        return entries;
    }
}
