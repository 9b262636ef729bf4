package jp.kanmin.command.participation.exchange;

import jp.kanmin.shared.exchange.SharingCadences;
import jp.kanmin.shared.exchange.SlotMet;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeScheduled;
import jp.kanmin.shared.sharing.ExchangeTopic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static jp.kanmin.command.testing.TestData.CHAMBER;
import static jp.kanmin.command.testing.TestData.participationOf;
import static org.assertj.core.api.Assertions.assertThat;

/** When an obligation next needs its deadline, and which slot a sharing meets (plan 002: every 12 hours). */
class SharingObligationTest {

    static final Instant ZERO = Instant.parse("2026-09-01T01:00:00Z");
    static final OrganisationId CITY = OrganisationId.of("city");

    private final SharingObligation obligation = obligation();

    private static SharingObligation obligation() {
        ExchangeScheduled scheduled = new ExchangeScheduled(
                participationOf(CHAMBER), "a", CITY, ExchangeTopic.DAMAGE_PICTURE, "makinohara-002", null, null, ZERO,
                SharingCadences.defaults().cadence("makinohara-002").bandsFor(null));
        SharingObligation obligation = new SharingObligation(scheduled);
        obligation.scheduled(scheduled);
        return obligation;
    }

    private static Instant at(long hours) {
        return ZERO.plus(Duration.ofHours(hours));
    }

    @Test
    void slotsMetAheadOfTimeArePassedOverWhenPlanningTheNextDeadline() {
        obligation.met(new SlotMet("a", CITY, at(12), Duration.ZERO));
        obligation.met(new SlotMet("a", CITY, at(24), Duration.ZERO));

        assertThat(obligation.nextBoundary(ZERO, at(11))).contains(at(36));
    }

    @Test
    void anUnmetSlotThatFellDueIsNextNeededWhenItClosesHalfwayToTheNext() {
        assertThat(obligation.nextBoundary(ZERO, at(12))).contains(at(18));
    }

    @Test
    void aSharingJustAfterADueTimeIsLateForThatSlotAndOneNearTheNextIsOnTimeForIt() {
        assertThat(obligation.slotMetBy(ZERO, at(13)).orElseThrow())
                .isEqualTo(new SlotMet("a", CITY, at(12), Duration.ofHours(1)));
        assertThat(obligation.slotMetBy(ZERO, at(20)).orElseThrow())
                .isEqualTo(new SlotMet("a", CITY, at(24), Duration.ZERO));
    }

    @Test
    void aSecondSharingForASlotAlreadyMetMeetsNothingMore() {
        obligation.met(new SlotMet("a", CITY, at(12), Duration.ZERO));
        obligation.met(new SlotMet("a", CITY, at(24), Duration.ZERO));

        assertThat(obligation.slotMetBy(ZERO, at(13))).isEmpty();
    }
}
