package jp.kanmin.query.feed;

import jp.kanmin.query.support.ServerSentEvents;
import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.query.timeline.TimelineEntry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An entry is encoded once per way of showing it, and each screen still sees only what it may. */
class SentEntryTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Disclosure.Reader HQ = new Disclosure.Reader("fukuchiyama-city", true);
    static final Disclosure.Reader SURVEYOR = new Disclosure.Reader("chamber", false);
    static final Disclosure.Reader POWER = new Disclosure.Reader("power", false);
    static final Disclosure.Reader PARK = new Disclosure.Reader("park", false);

    final SentEntry survey = new SentEntry(entry("chamber", "BusinessDamageSurveyed", Map.of(
            "content", Map.of("type", "BUSINESS_DAMAGE", "grade", "SEVERE", "businessName", "丹波精工",
                              "items", List.of(Map.of("amountYen", 12_000_000))))));

    @Test
    void screensThatMaySeeTheBusinessShareOneEncodingWithItsName() {
        byte[] toHq = survey.event(HQ, JSON);
        byte[] toSurveyor = survey.event(SURVEYOR, JSON);

        assertThat(toSurveyor).isSameAs(toHq);
        assertThat(text(toHq)).contains("丹波精工", "12000000");
    }

    @Test
    void screensThatMayNotShareOneEncodingWithoutNameOrAmounts() {
        byte[] toPower = survey.event(POWER, JSON);
        byte[] toPark = survey.event(PARK, JSON);

        assertThat(toPark).isSameAs(toPower);
        assertThat(text(toPark)).doesNotContain("丹波精工", "12000000").contains("SEVERE", "withheld");
    }

    @Test
    void anEntryWithNothingWithheldReadsTheSameToEveryone() {
        SentEntry safety = new SentEntry(entry("park", "StaffSafetyReported", Map.of("content", Map.of("safe", 12))));

        assertThat(text(safety.event(POWER, JSON))).isEqualTo(text(safety.event(HQ, JSON)))
                                                   .isEqualTo("id:41\nevent:entry\ndata:"
                                                              + JSON.writeValueAsString(safety.entry()) + "\n\n");
    }

    @Test
    void aLineBreakInTheDataStaysInsideTheEvent() {
        assertThat(text(ServerSentEvents.event(null, "lagging", "{\n}")))
                .isEqualTo("event:lagging\ndata:{\ndata:}\n\n");
    }

    static String text(byte[] event) {
        return new String(event, StandardCharsets.UTF_8);
    }

    static TimelineEntry entry(String organisation, String type, Map<String, Object> payload) {
        return new TimelineEntry(41, "incident-1", 7, null, Instant.parse("2026-09-01T05:00:00Z"), organisation,
                                 organisation, type, "report", payload, TimelineEntry.Facets.NONE, false);
    }
}
