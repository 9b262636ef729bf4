package jp.kanmin.ops.notification;

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
import java.util.List;
import java.util.Map;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 督促 on the test clock (an hour's wait per step, the application's default), for a chamber that reports to the
 * prefecture: its staff-safety task goes overdue and nothing is done; an hour later the prefecture is told, on the
 * timeline and by its webhook; the chamber then reports, and the chain stops before the city's HQ is bothered. A
 * sharing slot it misses goes the same way unless it shares within the hour.
 */
@ApplicationTest
class EscalationTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;
    OrganisationId chamber;
    OrganisationId prefecture;
    Scenario scenario;
    NotificationTest.Receiver receiver;

    @BeforeEach
    void aChamberReportingToThePrefectureTakesPart() throws Exception {
        api = new Api(port, tokens);
        chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        prefecture = api.register("prefecture", OrganisationType.PREFECTURE);
        api.asAdmin().post().uri("/api/organisations/{id}/relations", chamber)
           .bodyValue(Map.of("type", "REPORTS_TO", "target", prefecture.value()))
           .exchange().expectStatus().is2xxSuccessful();
        scenario = Scenario.openAt(api, TestClock.INSTANCE.instant(), chamber, prefecture);
        receiver = new NotificationTest.Receiver(0);
        api.as(prefecture).put().uri("/api/organisations/{id}/notification-rules/duty-bot", prefecture)
           .bodyValue(Map.of("kinds", List.of("ESCALATED"), "channel", "WEBHOOK", "address", receiver.url()))
           .exchange().expectStatus().isOk();
    }

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
        receiver.close();
    }

    @Test
    void anOverdueTaskNobodyActsOnGoesToTheParentAndStopsWhenTheOrganisationReports() throws Exception {
        TestClock.INSTANCE.advance(Duration.ofHours(2).plusMinutes(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> !entries("TaskOverdue").isEmpty());
        assertThat(entries("TaskEscalated")).as("an hour is given to act").isEmpty();

        TestClock.INSTANCE.advance(Duration.ofHours(1));

        await().atMost(Duration.ofSeconds(15)).until(() -> !entries("TaskEscalated").isEmpty());
        Map<String, Object> escalated = entries("TaskEscalated").getFirst();
        assertThat((Map<String, Object>) escalated.get("payload"))
                .containsEntry("step", 1).containsEntry("level", "PARENTS")
                .containsEntry("to", List.of(prefecture.value()));
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received.size() == 1);
        assertThat(receiver.received.getFirst().body()).contains("ESCALATED").contains(chamber.value())
                                                       .contains("職員の安否確認報告");

        api.as(chamber).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(staffSafety(6, 1, 0))
           .exchange().expectStatus().isCreated();
        await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(scenario.taskState(chamber,
                                                                                            "staff-safety")));
        TestClock.INSTANCE.advance(Duration.ofHours(1));
        Thread.sleep(2_000); // ten polls of the deadlines

        assertThat(entries("TaskEscalated")).as("the chain stopped at the report").hasSize(1);
        assertThat(receiver.received).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMissedSharingNotMadeUpForGoesToTheParentButNotToTheRecipientItself() {
        scenario.agreeToShareTheDamagePicture(chamber, "makinohara-002"); // twice a day to the city, first at 12:00
        TestClock.INSTANCE.advance(Duration.ofHours(18).plusMinutes(1)); // halfway to the next slot: missed
        await().atMost(Duration.ofSeconds(15)).until(() -> !scenario.timelineOf("ExchangeMissed").isEmpty());
        assertThat(scenario.timelineOf("ExchangeEscalated")).isEmpty();

        TestClock.INSTANCE.advance(Duration.ofHours(1));

        await().atMost(Duration.ofSeconds(15)).until(() -> !scenario.timelineOf("ExchangeEscalated").isEmpty());
        assertThat((Map<String, Object>) scenario.timelineOf("ExchangeEscalated").getFirst().get("payload"))
                .containsEntry("level", "PARENTS").containsEntry("to", List.of(prefecture.value()))
                .containsEntry("recipient", scenario.city.value());
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received.stream().anyMatch(
                request -> request.body().contains("\"entryType\":\"ExchangeEscalated\"")));
    }

    @Test
    void aMissedSharingMadeUpForWithinTheHourGoesNoFurther() throws Exception {
        scenario.agreeToShareTheDamagePicture(chamber, "makinohara-002");
        TestClock.INSTANCE.advance(Duration.ofHours(18).plusMinutes(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> !scenario.timelineOf("ExchangeMissed").isEmpty());

        api.as(chamber).post().uri("/api/incidents/{id}/exchanges", scenario.incident)
           .bodyValue(Map.of("to", List.of(scenario.city.value()), "topic", "DAMAGE_PICTURE", "text", "被害状況 第1報"))
           .exchange().expectStatus().isCreated();
        scenario.awaitEntries("InformationShared", 1);
        TestClock.INSTANCE.advance(Duration.ofHours(1));
        Thread.sleep(2_000); // ten polls of the deadlines

        assertThat(scenario.timelineOf("ExchangeEscalated")).isEmpty();
    }

    /** The chamber's staff-safety entries of a type. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> entries(String type) {
        return scenario.timelineOf(type).stream()
                       .filter(entry -> chamber.value().equals(entry.get("organisationId")))
                       .filter(entry -> "staff-safety".equals(((Map<String, Object>) entry.get("payload"))
                                                                    .get("taskId")))
                       .toList();
    }
}
