package jp.kanmin.ops.replay;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestClock;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;

/** 振り返り: the timeline played back at a chosen speed, with its original times, without touching the incident. */
@ApplicationTest
class ReplayTest {

    static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> SSE =
            new ParameterizedTypeReference<>() {
            };

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;
    OrganisationId park;
    Scenario scenario;
    Instant firstReport;
    Instant secondReport;

    @BeforeEach
    void anIncidentWithTwoReportsAnHourApart() {
        api = new Api(port, tokens);
        park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        scenario = Scenario.openAt(api, TestClock.INSTANCE.instant(), park);
        report(1);
        TestClock.INSTANCE.advance(Duration.ofHours(1));
        report(2);
        List<Map<String, Object>> reports = scenario.awaitEntries("StaffSafetyReported", 2);
        firstReport = Instant.parse((String) reports.get(0).get("recordedAt"));
        secondReport = Instant.parse((String) reports.get(1).get("recordedAt"));
    }

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    private void report(int safe) {
        api.as(park).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(staffSafety(safe, 0, 0))
           .exchange().expectStatus().isCreated();
    }

    private List<ServerSentEvent<Map<String, Object>>> replay(String query, String lastEventId) {
        var request = api.as(scenario.city).get().uri("/api/incidents/" + scenario.incident + "/replay" + query)
                         .accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        return request.exchange().expectStatus().isOk().returnResult(SSE).getResponseBody()
                      .filter(event -> event.event() != null)
                      .collectList().block(Duration.ofSeconds(30));
    }

    private static List<String> positions(List<Map<String, Object>> timeline) {
        return timeline.stream().map(e -> String.valueOf(e.get("position"))).toList();
    }

    private static List<ServerSentEvent<Map<String, Object>>> entries(List<ServerSentEvent<Map<String, Object>>> events) {
        return events.stream().filter(event -> "entry".equals(event.event())).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void atFullSpeedTheWholeTimelineComesInOrderWithItsOriginalTimes() {
        List<Map<String, Object>> before = scenario.timeline();

        List<ServerSentEvent<Map<String, Object>>> events = replay("?speed=max", null);

        // deadlines past the moved clock may still add entries meanwhile: the replay is a prefix of the timeline
        List<String> after = positions(scenario.timeline());
        assertThat(entries(events)).hasSizeGreaterThanOrEqualTo(before.size()).extracting(ServerSentEvent::id)
                                   .containsExactlyElementsOf(after.subList(0, entries(events).size()));
        assertThat(entries(events)).allSatisfy(event -> assertThat(event.data().get("replayClock"))
                .isEqualTo(((Map<String, Object>) event.data().get("entry")).get("recordedAt")));
        assertThat(events.getLast().event()).isEqualTo("end");
        assertThat(scenario.timeline().subList(0, before.size())).as("replaying changed nothing").isEqualTo(before);
    }

    @Test
    void aWindowAndASeekKeepToTheChosenPart() {
        List<Map<String, Object>> timeline = scenario.timeline();
        String secondPosition = String.valueOf(timeline.get(1).get("position"));

        assertThat(entries(replay("?speed=max&type=StaffSafetyReported&from=" + secondReport, null)))
                .singleElement().satisfies(event -> assertThat(event.data().get("replayClock"))
                                                            .isEqualTo(secondReport.toString()));
        assertThat(entries(replay("?speed=max&to=" + firstReport + "&type=StaffSafetyReported", null)))
                .hasSize(1);
        List<ServerSentEvent<Map<String, Object>>> seeked = entries(replay("?speed=max", secondPosition));
        List<String> after = positions(scenario.timeline());
        assertThat(seeked).extracting(ServerSentEvent::id)
                          .containsExactlyElementsOf(after.subList(2, 2 + seeked.size()));
        assertThat(seeked).hasSizeGreaterThanOrEqualTo(timeline.size() - 2);
    }

    @Test
    void theReplayClockTicksThroughAQuietHour() {
        // an hour of silence at 3600× takes about a second, told in ticks of the replay clock
        List<ServerSentEvent<Map<String, Object>>> events =
                replay("?speed=3600&type=StaffSafetyReported&from=" + firstReport, null);

        List<Instant> clock = events.stream().filter(e -> !"end".equals(e.event()))
                                    .map(e -> Instant.parse((String) e.data().get("replayClock"))).toList();
        assertThat(events).extracting(ServerSentEvent::event).contains("clock");
        assertThat(clock).isSorted().first().isEqualTo(firstReport);
        assertThat(clock).last().isEqualTo(secondReport);
        assertThat(clock).allSatisfy(at -> assertThat(at).isBetween(firstReport, secondReport));
    }

    @Test
    void anUnknownSpeedIsRefused() {
        api.as(scenario.city).get().uri("/api/incidents/" + scenario.incident + "/replay?speed=fast")
           .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("speed");
    }
}
