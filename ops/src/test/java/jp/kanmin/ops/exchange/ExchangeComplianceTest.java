package jp.kanmin.ops.exchange;

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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A two-week exercise on the test clock under plan 002 (twice a day): the chamber shares its damage picture on time
 * through week 1, misses three slots in week 2, and acknowledges the city's notice late.
 */
@ApplicationTest
class ExchangeComplianceTest {

    static final Set<Integer> SKIPPED = Set.of(17, 21, 25);

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;
    OrganisationId chamber;
    Scenario scenario;
    Instant zeroHour;

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens);
        chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        zeroHour = TestClock.INSTANCE.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        scenario = Scenario.openAt(api, zeroHour, chamber);
        scenario.agreeToShareTheDamagePicture(chamber, "makinohara-002");
    }

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    @SuppressWarnings("unchecked")
    void complianceShowsTheSlotsMetOnTimeTheOnesMissedAndTheLateAcknowledgement() {
        String notice = share(scenario.city, Map.of("to", List.of(chamber.value()), "topic", "SUPPORT_SCHEMES",
                                                    "text", "特別相談窓口の開設について"));
        scenario.awaitEntries("InformationReceived", 1);

        for (int slot = 1; slot <= 28; slot++) {
            Instant due = zeroHour.plus(Duration.ofHours(12L * slot));
            setClock(due.minus(Duration.ofHours(1)));
            if (slot == 1) {
                acknowledge(chamber, notice); // 11 hours after it was shared
            }
            if (!SKIPPED.contains(slot)) {
                share(chamber, Map.of("to", List.of(scenario.city.value()), "topic", "DAMAGE_PICTURE",
                                      "text", "被害状況 第" + slot + "報"));
            }
        }
        setClock(zeroHour.plus(Duration.ofDays(14)).plus(Duration.ofHours(1)));

        scenario.awaitEntries("ExchangeMissed", 3);
        await().atMost(Duration.ofSeconds(15)).until(() -> Integer.valueOf(0).equals(obligation().get("outstanding")));
        Map<String, Object> compliance = compliance();
        Map<String, Object> obligation = obligation();
        assertThat(obligation).containsEntry("sender", chamber.value())
                              .containsEntry("recipient", scenario.city.value())
                              .containsEntry("expected", 28).containsEntry("onTime", 25).containsEntry("late", 0)
                              .containsEntry("missed", 3).containsEntry("outstanding", 0)
                              .containsEntry("ratio", 0.893);
        assertThat((List<String>) obligation.get("missedSlots")).containsExactly(
                zeroHour.plus(Duration.ofHours(12 * 17)).toString(), zeroHour.plus(Duration.ofHours(12 * 21)).toString(),
                zeroHour.plus(Duration.ofHours(12 * 25)).toString());
        assertThat(obligation.get("nextDue")).as("the next band: every two days from week 2")
                                             .isEqualTo(zeroHour.plus(Duration.ofDays(16)).toString());

        Map<String, Object> chamberAcks = ((List<Map<String, Object>>) compliance.get("acknowledgements")).stream()
                .filter(a -> chamber.value().equals(a.get("organisationId"))).findFirst().orElseThrow();
        assertThat(chamberAcks).containsEntry("received", 1).containsEntry("late", 1).containsEntry("onTime", 0);
        assertThat(Duration.parse((String) chamberAcks.get("maxDelay"))).isGreaterThan(Duration.ofHours(10));
        Map<String, Object> cityAcks = ((List<Map<String, Object>>) compliance.get("acknowledgements")).stream()
                .filter(a -> scenario.city.value().equals(a.get("organisationId"))).findFirst().orElseThrow();
        assertThat(cityAcks).containsEntry("received", 25).containsEntry("unacknowledged", 25);

        Map<String, Object> cell = matrixCell(chamber, scenario.city, "DAMAGE_PICTURE");
        assertThat(cell).containsEntry("shared", 25).containsEntry("missed", 3).containsEntry("unacknowledged", 25);

        List<Object> silent = ((List<Map<String, Object>>) get("/silent?for=PT6H").get("organisations")).stream()
                .map(s -> s.get("organisationId")).toList();
        assertThat(silent).as("the city shared once, two weeks ago").contains(scenario.city.value())
                          .doesNotContain(chamber.value());
    }

    private void setClock(Instant target) {
        TestClock.INSTANCE.advance(Duration.between(TestClock.INSTANCE.instant(), target));
    }

    private String share(OrganisationId from, Map<String, Object> body) {
        Map<?, ?> shared = api.as(from).post().uri("/api/incidents/{id}/exchanges", scenario.incident).bodyValue(body)
                              .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                              .getResponseBody();
        return (String) shared.get("exchangeId");
    }

    private void acknowledge(OrganisationId by, String exchangeId) {
        api.as(by).post().uri("/api/incidents/{id}/exchanges/{x}/acknowledge", scenario.incident, exchangeId)
           .bodyValue(Map.of("note", "確認")).exchange().expectStatus().isOk();
    }

    private Map<String, Object> compliance() {
        return get("/exchanges/compliance");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> obligation() {
        return ((List<Map<String, Object>>) compliance().get("obligations")).getFirst();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> matrixCell(OrganisationId from, OrganisationId to, String topic) {
        return ((List<Map<String, Object>>) get("/exchanges/matrix").get("cells")).stream()
                .filter(c -> from.value().equals(c.get("sender")) && to.value().equals(c.get("recipient"))
                        && topic.equals(c.get("topic")))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(String path) {
        return api.as(scenario.city).get().uri("/api/incidents/" + scenario.incident + path).exchange()
                  .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }
}
