package jp.kanmin.shared.exchange;

import jp.kanmin.shared.exchange.CadenceSchedule.Segment;
import jp.kanmin.shared.exchange.CadenceSchedule.Slot;
import jp.kanmin.shared.report.DamageScale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The slots of each plan's cadence over the first 100 days after a zero hour of 2026-09-01 10:00 Japan time,
 * checked against the seed tables by hand: the first and last slot of every band and how many each has.
 */
class SharingCadenceTest {

    static final ZonedDateTime ZERO = ZonedDateTime.of(2026, 9, 1, 10, 0, 0, 0, Band.JAPAN);
    static final Instant HUNDRED_DAYS = ZERO.plusDays(100).toInstant();
    static final SharingCadences CADENCES = SharingCadences.defaults();

    /** Plan, scale (blank: the plan has one schedule), band, first slot, last slot, slots in the band (JST). */
    @ParameterizedTest(name = "{0} {1} band {2}: {3} … {4} ({5})")
    @CsvSource({
            // 002 牧之原: 1日2回 to 2 weeks, 2日に1回 to 4 weeks, 3日に1回 to 2 months, then weekly
            "makinohara-002, , 1, 2026-09-01T22:00, 2026-09-15T10:00, 28",
            "makinohara-002, , 2, 2026-09-17T10:00, 2026-09-29T10:00, 7",
            "makinohara-002, , 3, 2026-10-02T10:00, 2026-11-01T10:00, 11",
            "makinohara-002, , 4, 2026-11-08T10:00, 2026-12-06T10:00, 5",
            // 003 馬路: 10時・15時 for a week, 15時 to 2 weeks, every 2 days to a month, then weekly
            "chugei-003, , 1, 2026-09-01T15:00, 2026-09-08T10:00, 14",
            "chugei-003, , 2, 2026-09-08T15:00, 2026-09-14T15:00, 7",
            "chugei-003, , 3, 2026-09-17T10:00, 2026-10-01T10:00, 8",
            "chugei-003, , 4, 2026-10-08T10:00, 2026-12-10T10:00, 10",
            // 004 津山, 大規模: twice a day for a week, daily from week 2 (continuing through the gap to 1 month),
            // twice a week from 1 month, weekly from 3 months
            "tsuyama-004, LARGE, 1, 2026-09-01T22:00, 2026-09-08T10:00, 14",
            "tsuyama-004, LARGE, 2, 2026-09-09T10:00, 2026-10-01T10:00, 23",
            "tsuyama-004, LARGE, 3, 2026-10-04T22:00, 2026-11-29T22:00, 17",
            "tsuyama-004, LARGE, 4, 2026-12-08T10:00, 2026-12-08T10:00, 1",
            // 004 被害がある: daily for a week, twice a week to 1 month (gap continues), weekly to 2 months, then on change
            "tsuyama-004, DAMAGE, 1, 2026-09-02T10:00, 2026-09-08T10:00, 7",
            "tsuyama-004, DAMAGE, 2, 2026-09-11T22:00, 2026-09-29T10:00, 6",
            "tsuyama-004, DAMAGE, 3, 2026-10-08T10:00, 2026-10-29T10:00, 4",
            // 004 ほぼ被害はない: once within 3 days, once in weeks 2-3, then on change
            "tsuyama-004, ALMOST_NONE, 1, 2026-09-04T10:00, 2026-09-04T10:00, 1",
            "tsuyama-004, ALMOST_NONE, 2, 2026-09-22T10:00, 2026-09-22T10:00, 1",
    })
    void eachBandHasTheSlotsThePlanTableGives(String cadence, DamageScale scale, int band, LocalDateTime first,
                                             LocalDateTime last, int count) {
        List<Band> bands = CADENCES.cadence(cadence).bandsFor(scale);
        List<Slot> slots = CadenceSchedule.slots(ZERO.toInstant(), List.of(new Segment(ZERO.toInstant(), bands)),
                                                 HUNDRED_DAYS);
        Instant start = bands.get(band - 1).start(ZERO).toInstant();
        Instant end = band < bands.size() ? bands.get(band).start(ZERO).toInstant() : HUNDRED_DAYS;
        List<Instant> inBand = slots.stream().map(Slot::due)
                                    .filter(due -> due.isAfter(start) && !due.isAfter(end)).toList();

        assertThat(inBand).hasSize(count);
        assertThat(inBand.getFirst()).isEqualTo(jst(first));
        assertThat(inBand.getLast()).isEqualTo(jst(last));
    }

    @Test
    void aPlanWithOnlyOnChangeBandsLeftHasNoSlotsAfterThem() {
        List<Band> bands = CADENCES.cadence("tsuyama-004").bandsFor(DamageScale.DAMAGE);
        List<Slot> slots = CadenceSchedule.slots(ZERO.toInstant(), List.of(new Segment(ZERO.toInstant(), bands)),
                                                 HUNDRED_DAYS);

        assertThat(slots).hasSize(7 + 6 + 4);
        assertThat(slots.getLast().closesAt()).as("the last slot closes halfway to where the weekly rhythm would put "
                                                  + "the next").isEqualTo(jst(LocalDateTime.parse("2026-11-01T22:00")));
    }

    @Test
    void untilAScaleIsDeclaredPlan004FollowsTheAlmostNoneSchedule() {
        assertThat(CADENCES.cadence("tsuyama-004").bandsFor(null))
                .isEqualTo(CADENCES.cadence("tsuyama-004").bandsFor(DamageScale.ALMOST_NONE));
    }

    @Test
    void aScaleDeclaredMidIncidentReplansTheSlotsAfterIt() {
        Instant large = ZERO.plusDays(2).toInstant();     // 大規模 declared on day 2
        Instant damage = ZERO.plusDays(20).toInstant();   // eased to 被害がある on day 20
        var cadence = CADENCES.cadence("tsuyama-004");
        List<Slot> slots = CadenceSchedule.slots(ZERO.toInstant(), List.of(
                new Segment(ZERO.toInstant(), cadence.bandsFor(null)),
                new Segment(large, cadence.bandsFor(DamageScale.LARGE)),
                new Segment(damage, cadence.bandsFor(DamageScale.DAMAGE))), HUNDRED_DAYS);
        List<Instant> dues = slots.stream().map(Slot::due).toList();

        assertThat(dues.getFirst()).as("nothing was due under almost-none before day 2; twice a day from then")
                                   .isEqualTo(jst(LocalDateTime.parse("2026-09-03T22:00")));
        List<Instant> underLarge = dues.stream().filter(d -> !d.isAfter(damage)).toList();
        assertThat(underLarge.getLast()).isEqualTo(jst(LocalDateTime.parse("2026-09-21T10:00")));
        assertThat(underLarge).hasSize(10 + 13); // twice a day 9/3 22:00–9/8 10:00, then daily 9/9–9/21
        List<Instant> underDamage = dues.stream().filter(d -> d.isAfter(damage)).toList();
        assertThat(underDamage).containsExactly(jst(LocalDateTime.parse("2026-09-22T10:00")),
                                                jst(LocalDateTime.parse("2026-09-25T22:00")),
                                                jst(LocalDateTime.parse("2026-09-29T10:00")),
                                                jst(LocalDateTime.parse("2026-10-08T10:00")),
                                                jst(LocalDateTime.parse("2026-10-15T10:00")),
                                                jst(LocalDateTime.parse("2026-10-22T10:00")),
                                                jst(LocalDateTime.parse("2026-10-29T10:00")));
        assertThat(slots.get(dues.indexOf(jst(LocalDateTime.parse("2026-09-22T10:00")))).opensAt())
                .as("the first slot after the change opens when the last one before it fell due").isEqualTo(damage);
    }

    @Test
    void aReplanNeverClosesASlotAlreadyOwedEarlierThanItsOwnScheduleWould() {
        var cadence = CADENCES.cadence("tsuyama-004");
        Instant damage = ZERO.toInstant();                 // 被害がある from the start: daily, 9/2 10:00, 9/3 10:00 …
        Instant large = ZERO.plusDays(2).plusHours(2).toInstant(); // 大規模 at 9/3 12:00, with 9/3 10:00 still unmet
        List<Slot> slots = CadenceSchedule.slots(ZERO.toInstant(), List.of(
                new Segment(damage, cadence.bandsFor(DamageScale.DAMAGE)),
                new Segment(large, cadence.bandsFor(DamageScale.LARGE))), HUNDRED_DAYS);
        Slot owed = slots.stream().filter(s -> s.due().equals(jst(LocalDateTime.parse("2026-09-03T10:00"))))
                         .findFirst().orElseThrow();

        assertThat(owed.segment()).as("it fell due under the schedule before the re-plan").isZero();
        assertThat(owed.closesAt()).as("halfway to 9/4 10:00, where its own daily schedule put the next slot, not "
                                               + "halfway to the re-plan's 9/3 22:00")
                                   .isEqualTo(jst(LocalDateTime.parse("2026-09-03T22:00")));
        assertThat(slots.get(slots.indexOf(owed) + 1).segment()).isEqualTo(1);
    }

    @Test
    void eachSlotOpensWhenThePreviousFallsDueAndClosesHalfwayToTheNext() {
        List<Slot> slots = CadenceSchedule.slots(ZERO.toInstant(), List.of(new Segment(
                ZERO.toInstant(), CADENCES.cadence("makinohara-002").bandsFor(null))), HUNDRED_DAYS);

        assertThat(slots.getFirst().opensAt()).isEqualTo(ZERO.toInstant());
        for (int i = 1; i < slots.size(); i++) {
            assertThat(slots.get(i).opensAt()).isEqualTo(slots.get(i - 1).due());
            Duration gap = Duration.between(slots.get(i - 1).due(), slots.get(i).due());
            assertThat(slots.get(i - 1).closesAt()).isEqualTo(slots.get(i - 1).due().plus(gap.dividedBy(2)));
        }
        assertThat(slots.getFirst().closesAt()).isEqualTo(ZERO.plusHours(18).toInstant());
        assertThat(slots.getLast().closesAt()).isEqualTo(slots.getLast().due().plus(Duration.ofHours(84)));
    }

    @Test
    void everyCadenceSaysHowItsTableIsRead() {
        assertThat(CADENCES.ids()).containsExactlyInAnyOrder("makinohara-002", "chugei-003", "tsuyama-004");
        assertThat(CADENCES.reading()).contains("gap").contains("continues");
    }

    @Test
    void bandsOutOfOrderAreRefused() {
        assertThatThrownBy(() -> new Cadence("x", "x", "", null, List.of(
                new Band("P0D", null, Band.Rhythm.EVERY, "P1D", null, ""),
                new Band("P0D", null, Band.Rhythm.EVERY, "P2D", null, "")), null))
                .hasMessageContaining("starts before");
        assertThatThrownBy(() -> new Band("P0D", null, Band.Rhythm.EVERY, "P0D", null, ""))
                .hasMessageContaining("positive period");
    }

    private static Instant jst(LocalDateTime local) {
        return local.atZone(Band.JAPAN).toInstant();
    }
}
