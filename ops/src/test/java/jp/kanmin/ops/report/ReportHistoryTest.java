package jp.kanmin.ops.report;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestClock;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reports as the HQ reads them: the latest of each subject with its history, corrections and confirmations, and
 * both "what had happened by 14:00" and "what did we know at 14:00".
 */
@ApplicationTest
class ReportHistoryTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;
    OrganisationId park;
    OrganisationId power;
    Scenario scenario;

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens);
        park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        power = api.register("power", OrganisationType.INFRASTRUCTURE_OPERATOR);
        scenario = Scenario.openAt(api, TestClock.INSTANCE.instant().minus(Duration.ofHours(3)), park, power);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCorrectedUnconfirmedReportShowsTheCorrectionAsLatestWithTheOriginalInItsHistory() {
        Instant now = TestClock.INSTANCE.instant();
        String first = post(park, Map.of("type", "STAFF_SAFETY", "safe", 40, "injured", 0, "missing", 3,
                                         "unconfirmed", true, "observedAt", now.minus(Duration.ofMinutes(90)).toString()));
        Instant knownBeforeCorrection = awaitRecorded();
        String correction = post(park, Map.of("type", "STAFF_SAFETY", "safe", 42, "injured", 1, "missing", 0,
                                              "supersedes", first,
                                              "observedAt", now.minus(Duration.ofMinutes(30)).toString()));
        api.as(park).post().uri("/api/incidents/{id}/reports/{report}/confirm", scenario.incident, first)
           .bodyValue(Map.of("note", "電話で確認")).exchange().expectStatus().isOk();

        // the history answers 404 until the report projection has the first report
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            List<Map<String, Object>> history = reportsOf(history(first, ""));
            return history.size() == 2 && Boolean.TRUE.equals(history.getFirst().get("confirmed"));
        });
        Map<String, Object> thread = thread(park, "");
        assertThat((Map<String, Object>) thread.get("latest")).containsEntry("reportId", correction)
                                                              .containsEntry("number", 2);
        assertThat(thread).containsEntry("reports", 2);
        Map<String, Object> history = history(correction, "");
        assertThat((Map<String, Object>) history.get("thread")).isEqualTo(thread);
        assertThat(reportsOf(history)).extracting(report -> report.get("reportId")).containsExactly(first, correction);
        assertThat(reportsOf(history).getFirst()).containsEntry("correctedBy", correction);
        assertThat(reportsOf(history(first, "?limit=1&offset=1"))).singleElement()
                .satisfies(report -> assertThat(report).containsEntry("reportId", correction));
        assertThat(reportsOf(history(first, "?asOf=" + knownBeforeCorrection))).singleElement()
                .satisfies(report -> assertThat(report).containsEntry("reportId", first)
                                                       .containsEntry("confirmed", false));
        api.as(scenario.city).get().uri("/api/incidents/{id}/reports/{report}/history", scenario.incident, "no-such")
           .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.type").isEqualTo("urn:kanmin:problem:report-not-found");

        Map<String, Object> knownThen = thread(park, "&asOf=" + knownBeforeCorrection);
        assertThat((Map<String, Object>) knownThen.get("latest")).containsEntry("reportId", first)
                                                                 .containsEntry("confirmed", false);
        Map<String, Object> happenedByThen = thread(park, "&observedBefore=" + now.minus(Duration.ofMinutes(60)));
        assertThat((Map<String, Object>) happenedByThen.get("latest")).containsEntry("reportId", first);
        assertThat(thread(park, "&observedBefore=" + now.minus(Duration.ofHours(2)))).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void restorationEtasKeepTheirHistorySoSlippageShows() {
        Instant now = TestClock.INSTANCE.instant();
        post(power, Map.of("type", "INFRASTRUCTURE_OUTAGE", "outageId", "osadano-1", "sector", "POWER",
                           "householdsAffected", 850, "cause", "倒木による断線",
                           "restorationEta", now.plus(Duration.ofHours(3)).toString(),
                           "area", Map.of("name", "長田野地区")));
        post(power, Map.of("type", "RESTORATION_ETA", "outageId", "osadano-1",
                           "restorationEta", now.plus(Duration.ofHours(6)).toString(), "reason", "作業車両が通行止めで遅延"));
        post(power, Map.of("type", "RESTORATION_ETA", "outageId", "osadano-1",
                           "restorationEta", now.plus(Duration.ofHours(9)).toString()));

        await().atMost(Duration.ofSeconds(10)).until(() -> outages().size() == 1
                && ((List<?>) outages().getFirst().get("etas")).size() == 3);
        Map<String, Object> outage = outages().getFirst();
        assertThat(outage).containsEntry("sector", "POWER").containsEntry("households", 850)
                          .containsEntry("restored", false);
        assertThat(((List<Map<String, Object>>) outage.get("etas")).get(1))
                .containsEntry("reason", "作業車両が通行止めで遅延");
        // the report threads are their own projection: wait for them too
        await().atMost(Duration.ofSeconds(10)).until(() -> thread(power, "") instanceof Map<?, ?> latest
                                                           && Integer.valueOf(3).equals(latest.get("reports")));
        Map<String, Object> thread = thread(power, "");
        assertThat(thread).containsEntry("subject", "osadano-1");
        assertThat(reportsOf(history((String) ((Map<?, ?>) thread.get("latest")).get("reportId"), "")))
                .extracting(report -> report.get("event"))
                .containsExactly("OutageReported", "RestorationEtaUpdated", "RestorationEtaUpdated");

        post(power, Map.of("type", "RESTORED", "outageId", "osadano-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(outages().getFirst().get("restored")));
        Map<?, ?> utilities = (Map<?, ?>) damage().get("utilities");
        assertThat(utilities.get("powerHouseholds")).as("a restored outage no longer counts").isEqualTo(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theReportListReadAPageAtATimeFromTheStoreEqualsTheBookFoldedFromTheTimeline() {
        Instant now = TestClock.INSTANCE.instant();
        for (int n = 0; n < 5; n++) {
            post(power, Map.of("type", "INFRASTRUCTURE_OUTAGE", "outageId", "line-" + n, "sector", "POWER",
                               "householdsAffected", 10 + n, "area", Map.of("name", "地区 " + n)));
        }
        post(park, Map.of("type", "STAFF_SAFETY", "safe", 40, "injured", 0, "missing", 0,
                          "observedAt", now.minus(Duration.ofMinutes(10)).toString()));
        scenario.awaitEntries("StaffSafetyReported", 1);
        String all = "/api/incidents/" + scenario.incident + "/reports";
        await().atMost(Duration.ofSeconds(10)).until(() -> threads(all).size() == 6);
        // asOf takes the other road: the book folded from the timeline, sorted and paged in memory
        List<Object> folded = threads(all + "?asOf=" + TestClock.INSTANCE.instant());

        List<Object> paged = new java.util.ArrayList<>();
        String next = all + "?limit=4";
        while (next != null) {
            var page = api.as(scenario.city).get().uri(next).exchange().expectStatus().isOk()
                          .expectBody(Map.class).returnResult();
            assertThat(page.getResponseHeaders().getFirst("X-Total-Count")).isEqualTo("6");
            paged.addAll((List<Object>) page.getResponseBody().get("threads"));
            String link = page.getResponseHeaders().getFirst(org.springframework.http.HttpHeaders.LINK);
            next = link == null ? null : link.substring(link.indexOf("/api/"), link.indexOf('>'));
        }

        assertThat(paged).hasSize(6).containsExactlyElementsOf(folded);
        assertThat(threads(all + "?organisationId=" + power + "&limit=2")).hasSize(2)
                .allSatisfy(t -> assertThat((Map<String, Object>) t).containsEntry("organisationId", power.value()));
        assertThat(threads(all + "?type=STAFF_SAFETY")).singleElement()
                .satisfies(t -> assertThat((Map<String, Object>) t).containsEntry("organisationId", park.value()));
    }

    @SuppressWarnings("unchecked")
    private List<Object> threads(String uri) {
        return (List<Object>) api.as(scenario.city).get().uri(uri).exchange().expectStatus().isOk()
                                 .expectBody(Map.class).returnResult().getResponseBody().get("threads");
    }

    private String post(OrganisationId as, Map<String, Object> report) {
        Map<?, ?> accepted = api.as(as).post().uri("/api/incidents/{id}/reports", scenario.incident)
                                .bodyValue(new LinkedHashMap<>(report)).exchange().expectStatus().isCreated()
                                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) accepted.get("reportId");
    }

    /** Waits until the first report is on the timeline, and answers an instant after it was recorded. */
    private Instant awaitRecorded() {
        scenario.awaitEntries("StaffSafetyReported", 1);
        Instant after = TestClock.INSTANCE.instant();
        await().pollDelay(Duration.ofMillis(5)).until(() -> TestClock.INSTANCE.instant().isAfter(after));
        return after;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> thread(OrganisationId organisation, String query) {
        Map<?, ?> reports = api.as(scenario.city).get()
                               .uri("/api/incidents/" + scenario.incident + "/reports?organisationId=" + organisation
                                            + query)
                               .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        List<Map<String, Object>> threads = (List<Map<String, Object>>) reports.get("threads");
        return threads.isEmpty() ? null : threads.getFirst();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> history(String reportId, String query) {
        return api.as(scenario.city).get()
                  .uri("/api/incidents/" + scenario.incident + "/reports/" + reportId + "/history" + query)
                  .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> reportsOf(Map<String, Object> history) {
        return (List<Map<String, Object>>) history.get("reports");
    }

    private Map<?, ?> damage() {
        return api.as(scenario.city).get().uri("/api/incidents/{id}/damage", scenario.incident).exchange()
                  .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> outages() {
        return (List<Map<String, Object>>) ((Map<String, Object>) damage().get("utilities")).get("outages");
    }
}
