package jp.kanmin.ops.calendar;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestClock;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An office calendar subscribed to a chamber's deadlines under plan 003 (中芸地区商工会・馬路村: share at 10:00 and
 * 15:00 every day of the first week): a standard iCalendar parser reads every slot at those Japan times, beside the
 * chamber's task deadlines, all marked as an exercise's; a revoked subscription opens nothing.
 */
@ApplicationTest
class CalendarTest {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;
    OrganisationId chamber;
    Scenario scenario;
    Instant zeroHour;

    /** An event as a calendar application reads it: what it says, and when in Japan time. */
    record Read(String summary, LocalDateTime tokyoTime) {
    }

    @BeforeEach
    void aChamberAgreesToSharePlan003sWay() {
        api = new Api(port, tokens);
        chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        zeroHour = TestClock.INSTANCE.instant().truncatedTo(ChronoUnit.SECONDS);
        scenario = Scenario.openAt(api, zeroHour, chamber);
        scenario.agreeToShareTheDamagePicture(chamber, "chugei-003");
    }

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSubscribedCalendarHasThe10And15OClockSlotsOfTheFirstWeekAndTheTaskDeadlines() throws Exception {
        Map<String, Object> subscribed = api.as(chamber).post()
                .uri("/api/incidents/{id}/calendar-subscriptions", scenario.incident).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String url = (String) subscribed.get("url");
        assertThat(url).startsWith("/calendars/kmc_").endsWith(".ics");

        // the agreement and the tasks are on the timeline; the exchange book that plans the slots and the task book
        // that holds the deadlines are two read models, and either may still be catching up
        List<Read> events = await().atMost(Duration.ofSeconds(20)).until(
                () -> read(api.anonymous().get().uri(url).exchange().expectStatus().isOk()
                              .expectHeader().contentTypeCompatibleWith("text/calendar")
                              .expectBody(String.class).returnResult().getResponseBody()),
                read -> read.stream().anyMatch(e -> e.summary().contains("【情報共有】"))
                        && read.stream().anyMatch(e -> e.summary().contains("【期限】")));

        List<LocalDateTime> firstWeek = events.stream().filter(e -> e.summary().contains("【情報共有】"))
                .map(Read::tokyoTime)
                .filter(t -> t.atZone(TOKYO).toInstant().isBefore(zeroHour.plus(Duration.ofDays(7))))
                .toList();
        assertThat(firstWeek).as("the first week's slots").isNotEmpty()
                             .allSatisfy(t -> assertThat(t.toLocalTime()).isIn(LocalTime.of(10, 0),
                                                                                LocalTime.of(15, 0)))
                             .containsExactlyElementsOf(tenAndFifteenOClockInTheFirstWeek());
        assertThat(events).as("the chamber's staff-safety deadline, two hours after zero hour")
                          .anySatisfy(e -> {
                              assertThat(e.summary()).contains("【期限】");
                              assertThat(e.tokyoTime()).isEqualTo(LocalDateTime.ofInstant(
                                      zeroHour.plus(Duration.ofHours(2)), TOKYO));
                          });
        assertThat(events).as("an exercise's entries say so").allSatisfy(
                e -> assertThat(e.summary()).startsWith("【訓練】"));

        String withToken = api.as(chamber).get().uri("/api/incidents/{id}/calendar.ics", scenario.incident)
                              .exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                              .getResponseBody();
        assertThat(read(withToken)).as("the same calendar for a client holding an API token")
                                   .containsExactlyElementsOf(events);

        api.as(chamber).delete().uri("/api/incidents/{id}/calendar-subscriptions/{s}", scenario.incident,
                                     subscribed.get("subscriptionId"))
           .exchange().expectStatus().isNoContent();
        api.anonymous().get().uri(url).exchange().expectStatus().isNotFound();
    }

    @Test
    void aTokenThatWasNeverIssuedOpensNoCalendarAndAnotherOrganisationCannotRevokeOne() {
        api.anonymous().get().uri("/calendars/kmc_notatokenatallnotatokenatall.ics").exchange()
           .expectStatus().isNotFound();
        Map<?, ?> subscribed = api.as(chamber).post()
                .uri("/api/incidents/{id}/calendar-subscriptions", scenario.incident).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        api.as(scenario.city).delete().uri("/api/incidents/{id}/calendar-subscriptions/{s}", scenario.incident,
                                           subscribed.get("subscriptionId"))
           .exchange().expectStatus().isNotFound();
        api.anonymous().get().uri((String) subscribed.get("url")).exchange().expectStatus().isOk();
    }

    /** Every 10:00 and 15:00 in Japan after zero hour and before the end of its seventh day. */
    private List<LocalDateTime> tenAndFifteenOClockInTheFirstWeek() {
        List<LocalDateTime> expected = new ArrayList<>();
        ZonedDateTime start = zeroHour.atZone(TOKYO);
        for (int day = 0; day <= 7; day++) {
            for (LocalTime time : List.of(LocalTime.of(10, 0), LocalTime.of(15, 0))) {
                ZonedDateTime slot = start.toLocalDate().plusDays(day).atTime(time).atZone(TOKYO);
                if (slot.toInstant().isAfter(zeroHour)
                    && slot.toInstant().isBefore(zeroHour.plus(Duration.ofDays(7)))) {
                    expected.add(slot.toLocalDateTime());
                }
            }
        }
        return expected;
    }

    /** The events as ical4j reads them, each start in Asia/Tokyo local time. */
    private static List<Read> read(String ics) throws Exception {
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        List<Read> events = new ArrayList<>();
        for (Component component : calendar.getComponents(Component.VEVENT)) {
            VEvent event = (VEvent) component;
            Property start = event.getProperty(Property.DTSTART).orElseThrow();
            assertThat(start.getParameter(Parameter.TZID).map(Parameter::getValue)).contains("Asia/Tokyo");
            events.add(new Read(event.getProperty(Property.SUMMARY).orElseThrow().getValue(),
                                LocalDateTime.parse(start.getValue(), LOCAL)));
        }
        return events;
    }
}
