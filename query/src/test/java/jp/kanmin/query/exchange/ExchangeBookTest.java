package jp.kanmin.query.exchange;

import jp.kanmin.shared.exchange.SharingCadences;
import jp.kanmin.shared.exchange.SlotMet;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeScheduled;
import jp.kanmin.shared.participation.ParticipationEvent.InformationAcknowledged;
import jp.kanmin.shared.participation.ParticipationEvent.InformationReceived;
import jp.kanmin.shared.participation.ParticipationEvent.InformationShared;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.sharing.ExchangeTopic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Compliance, the exchange matrix and silence, from a chamber's first two days under plan 002 (twice a day). */
class ExchangeBookTest {

    static final IncidentId INCIDENT = IncidentId.of("6f1c2d3e-0000-4000-8000-000000000003");
    static final OrganisationId CHAMBER = OrganisationId.of("chamber");
    static final OrganisationId CITY = OrganisationId.of("city");
    static final ParticipationId CHAMBER_PART = new ParticipationId(INCIDENT, CHAMBER);
    static final ParticipationId CITY_PART = new ParticipationId(INCIDENT, CITY);
    static final Instant ZERO = Instant.parse("2026-09-01T01:00:00Z");

    final ExchangeBook book = new ExchangeBook();

    private static Instant at(long hours) {
        return ZERO.plus(Duration.ofHours(hours));
    }

    @BeforeEach
    void givenAChamberBoundToShareWithItsCity() {
        book.apply(new ParticipationStarted(CHAMBER_PART, ZERO, OrganisationType.CHAMBER_OF_COMMERCE,
                                            IncidentKind.EARTHQUAKE, "v1", null), ZERO);
        book.apply(new ParticipationStarted(CITY_PART, ZERO, OrganisationType.MUNICIPALITY, IncidentKind.EARTHQUAKE,
                                            "v1", null), ZERO);
        book.apply(new ExchangeScheduled(CHAMBER_PART, "a", CITY, ExchangeTopic.DAMAGE_PICTURE, "makinohara-002", null,
                                         null, ZERO, SharingCadences.defaults().cadence("makinohara-002")
                                                                    .bandsFor(null)), ZERO);
    }

    private void shared(String id, long hours, SlotMet... met) {
        book.apply(new InformationShared(CHAMBER_PART, id, List.of(CITY), null, ExchangeTopic.DAMAGE_PICTURE, "x",
                                         List.of(), null, null, List.of(met)), at(hours));
        book.apply(new InformationReceived(CITY_PART, id, CHAMBER, ExchangeTopic.DAMAGE_PICTURE, at(hours), null),
                   at(hours));
    }

    @Test
    void slotsMetOnTimeLateAndMissedAddUpToTheRatio() {
        shared("x1", 11, new SlotMet("a", CITY, at(12), Duration.ZERO));
        shared("x2", 26, new SlotMet("a", CITY, at(24), Duration.ofHours(2)));
        // the 36 h slot passes unmet; at 47 h the chamber meets the 48 h slot
        shared("x3", 47, new SlotMet("a", CITY, at(48), Duration.ZERO));

        ExchangeBook.Compliance c = book.compliance(at(49)).getFirst();

        assertThat(c.expected()).isEqualTo(4);
        assertThat(c.onTime()).isEqualTo(2);
        assertThat(c.late()).isEqualTo(1);
        assertThat(c.maxLateness()).isEqualTo(Duration.ofHours(2));
        assertThat(c.missed()).isEqualTo(1);
        assertThat(c.missedSlots()).containsExactly(at(36));
        assertThat(c.ratio()).isEqualByComparingTo(new BigDecimal("0.500"));
        assertThat(c.nextDue()).isEqualTo(at(60));
    }

    @Test
    void theMatrixCountsWhatWasSharedMissedAndNotAcknowledged() {
        shared("x1", 11, new SlotMet("a", CITY, at(12), Duration.ZERO));
        shared("x2", 23, new SlotMet("a", CITY, at(24), Duration.ZERO));
        book.apply(new InformationAcknowledged(CITY_PART, "x1", CHAMBER, at(11), null), at(14));

        ExchangeBook.Cell cell = book.matrix(at(40)).getFirst();

        assertThat(cell.shared()).isEqualTo(2);
        assertThat(cell.unacknowledged()).isEqualTo(1);
        assertThat(cell.missed()).as("the 36 h slot closed at 42 h; at 40 h it is still open").isZero();
        assertThat(book.acknowledgements(at(40), Duration.ofHours(1)).getFirst())
                .isEqualTo(new ExchangeBook.Acknowledgements("city", 2, 0, 1, 1, Duration.ofHours(3)));
    }

    @Test
    void anOrganisationNotHeardFromForLongIsSilent() {
        shared("x1", 11, new SlotMet("a", CITY, at(12), Duration.ZERO));

        assertThat(book.silent(at(20), Duration.ofHours(6))).extracting(ExchangeBook.Silent::organisationId)
                                                           .containsExactly("city", "chamber");
        assertThat(book.silent(at(14), Duration.ofHours(6))).extracting(ExchangeBook.Silent::organisationId)
                                                           .containsExactly("city");
    }
}
