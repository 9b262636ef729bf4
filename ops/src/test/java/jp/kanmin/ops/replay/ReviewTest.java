package jp.kanmin.ops.replay;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestClock;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 振り返り: fourteen hours of an exercise in which the park reports staff safety late, the chamber never reports nor
 * acknowledges, the power operator's restoration ETA slips twice and a support request waits 90 minutes for an
 * answer. The review finds each of these and says so, most severe first.
 */
@ApplicationTest
class ReviewTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;
    Scenario scenario;
    Instant zeroHour;

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    /** Moves the exercise clock to {@code offset} after zero hour and holds it there, so times come out exact. */
    private void at(Duration offset) {
        // frozen exactly there: moving the running clock and then freezing it let a few milliseconds in, and a
        // request and its answer 90 minutes apart could come out as 89 minutes
        TestClock.INSTANCE.freezeAt(zeroHour.plus(offset));
    }

    private void report(OrganisationId by, Map<String, Object> report) {
        api.as(by).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(report)
           .exchange().expectStatus().isCreated();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theReviewFindsWhatWasLateMissedOrLeftUnansweredMostSevereFirst() {
        api = new Api(port, tokens);
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        OrganisationId power = api.register("power", OrganisationType.INFRASTRUCTURE_OPERATOR);
        OrganisationId chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        zeroHour = TestClock.INSTANCE.instant().truncatedTo(ChronoUnit.SECONDS);
        scenario = Scenario.openAt(api, zeroHour, park, power, chamber);
        String supportRequests = "/api/incidents/" + scenario.incident + "/support-requests";

        at(Duration.ofMinutes(30));
        report(power, staffSafety(54, 0, 0));
        report(scenario.city, staffSafety(311, 1, 0));
        at(Duration.ofHours(1));
        report(power, Map.of("type", "INFRASTRUCTURE_OUTAGE", "outageId", "osadano-1", "sector", "POWER",
                             "householdsAffected", 850, "cause", "倒木による断線",
                             "restorationEta", zeroHour.plus(Duration.ofHours(5)).toString(),
                             "area", Map.of("name", "長田野地区")));
        Map<?, ?> requested = api.as(park).post().uri(supportRequests)
                                 .bodyValue(Map.of("to", List.of(power.value()), "resource", "VEHICLES",
                                                   "description", "高圧発電機車", "quantity", 1, "unit", "台",
                                                   "priority", "URGENT"))
                                 .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                                 .getResponseBody();
        at(Duration.ofMinutes(90));
        api.as(scenario.city).post().uri("/api/incidents/{id}/exchanges", scenario.incident)
           .bodyValue(Map.of("to", List.of(chamber.value()), "topic", "SUPPORT_SCHEMES", "text", "特別相談窓口の開設"))
           .exchange().expectStatus().isCreated();
        at(Duration.ofHours(2));
        report(power, Map.of("type", "RESTORATION_ETA", "outageId", "osadano-1",
                             "restorationEta", zeroHour.plus(Duration.ofHours(9)).toString(), "reason", "通行止め"));
        at(Duration.ofMinutes(150));
        api.as(power).post().uri(supportRequests + "/{id}/accept", requested.get("supportRequestId"))
           .bodyValue(Map.of("quantity", 1)).exchange().expectStatus().isOk();
        at(Duration.ofHours(3));
        report(park, staffSafety(180, 2, 0));
        report(power, Map.of("type", "RESTORATION_ETA", "outageId", "osadano-1",
                             "restorationEta", zeroHour.plus(Duration.ofHours(13)).toString(), "reason", "資材不足"));
        at(Duration.ofHours(14));
        scenario.awaitEntries("StaffSafetyReported", 3);
        scenario.awaitEntries("InformationReceived", 1);

        Map<String, Object> review = api.as(scenario.city).get().uri("/api/incidents/{id}/review", scenario.incident)
                                        .exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
                                        .getResponseBody();

        List<Map<String, Object>> findings = (List<Map<String, Object>>) review.get("findings");
        List<String> messages = findings.stream().map(f -> (String) f.get("messageJa")).toList();
        assertThat(messages).contains(
                park + "の安否確認の第1報は発災から3時間後で、2時間の目安を超えました。",
                chamber + "から安否確認の報告がありません（目安は発災から2時間以内）。",
                chamber + "は" + scenario.city + "からの「SUPPORT_SCHEMES」（発災+1時間30分 共有）を確認していません。",
                park + "の応援要請（VEHICLES）への最初の回答まで1時間30分かかりました。",
                power + "の復旧見込み（osadano-1）は2回延期され、当初の見込みより8時間遅れました。");
        assertThat(messages).anyMatch(m -> m.startsWith(chamber + "は発災+0分から発災+14時間まで")
                                           && m.endsWith("連絡がありませんでした。"));
        assertThat(messages).noneMatch(m -> m.startsWith(power + "の安否確認"));
        assertThat(findings).extracting(f -> (String) f.get("severity"))
                            .as("most severe first").isSortedAccordingTo(
                                    java.util.Comparator.comparing(s -> List.of("HIGH", "MEDIUM", "LOW").indexOf(s)));

        Map<String, Object> parkReview = ((List<Map<String, Object>>) review.get("organisations")).stream()
                .filter(o -> park.value().equals(o.get("organisationId"))).findFirst().orElseThrow();
        assertThat(parkReview.get("firstStaffSafetyAfter")).isEqualTo("PT3H");
        Map<String, Object> staffSafetyTask = ((List<Map<String, Object>>) parkReview.get("tasks")).stream()
                .filter(t -> "staff-safety".equals(t.get("taskId"))).findFirst().orElseThrow();
        assertThat(staffSafetyTask).containsEntry("state", "LATE").containsEntry("plannedOffset", "PT2H")
                                   .containsEntry("actualOffset", "PT3H").containsEntry("lateBy", "PT1H");

        byte[] csv = api.as(park).get().uri("/api/incidents/{id}/review.csv", scenario.incident).exchange()
                        .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertThat(new String(csv, StandardCharsets.UTF_8))
                .startsWith("\uFEFFsection,severity,category,organisationId,detail\r\n")
                .contains("finding,HIGH,staff-safety," + chamber + ",");
        String html = api.as(park).get().uri("/api/incidents/{id}/review.html", scenario.incident).exchange()
                         .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("<h1>訓練の振り返り</h1>", "訓練 EXERCISE（実際の災害の記録ではありません）", "指摘事項", "計画と実績",
                                  "の安否確認の第1報は発災から3時間後で");
    }

    @Test
    void aReviewAsOfAnEarlierInstantOnlyKnowsWhatHadHappenedThen() {
        api = new Api(port, tokens);
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        zeroHour = TestClock.INSTANCE.instant().truncatedTo(ChronoUnit.SECONDS);
        scenario = Scenario.openAt(api, zeroHour, park);
        at(Duration.ofHours(3));
        report(park, staffSafety(1, 0, 0));
        scenario.awaitEntries("StaffSafetyReported", 1);

        String earlier = zeroHour.plus(Duration.ofHours(1)).toString();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(api.as(park).get()
                .uri("/api/incidents/{id}/review?asOf={t}", scenario.incident, earlier).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .doesNotContain("安否確認の第1報").contains("\"asOf\":\"" + earlier + "\""));
    }
}
