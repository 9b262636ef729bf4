package jp.kanmin.command.participation;

import jp.kanmin.command.participation.exchange.InformationExchange;
import jp.kanmin.command.testing.Fixtures;
import jp.kanmin.command.testing.TestData;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.exchange.SharingCadences;
import jp.kanmin.shared.exchange.SlotMet;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationCommands.AcknowledgeInformation;
import jp.kanmin.shared.participation.ParticipationCommands.ActivateSharingObligation;
import jp.kanmin.shared.participation.ParticipationCommands.ApplyDamageScale;
import jp.kanmin.shared.participation.ParticipationCommands.ReceiveInformation;
import jp.kanmin.shared.participation.ParticipationCommands.ShareInformation;
import jp.kanmin.shared.participation.ParticipationEvent.DamageScaleApplied;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeDue;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeEscalated;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeMissed;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeScheduled;
import jp.kanmin.shared.participation.ParticipationEvent.InformationAcknowledged;
import jp.kanmin.shared.participation.ParticipationEvent.InformationReceived;
import jp.kanmin.shared.participation.ParticipationEvent.InformationShared;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.report.DamageScale;
import jp.kanmin.shared.sharing.ExchangeTopic;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static jp.kanmin.command.participation.Participation.EXCHANGE_BOUNDARY;
import static jp.kanmin.command.testing.TestData.CHAMBER;
import static jp.kanmin.command.testing.TestData.CITY;
import static jp.kanmin.command.testing.TestData.PREFECTURE;
import static jp.kanmin.command.testing.TestData.participationOf;
import static jp.kanmin.command.testing.TestData.started;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.sequenceOf;
import static org.hamcrest.Matchers.equalTo;

/** A chamber's obligation to share the damage picture with its city, slot by slot (plan 002: twice a day). */
class ExchangeTest {

    static final ParticipationId CHAMBER_PART = participationOf(CHAMBER);
    static final OrganisationId CITY_ID = CITY.organisationId();
    static final String AGREEMENT = "damage-picture";
    static final SharingCadences CADENCES = SharingCadences.defaults();

    private AggregateTestFixture<Participation> fixture;
    private Instant zeroHour;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.forParticipation();
        zeroHour = fixture.currentTime();
    }

    private ActivateSharingObligation activate(String cadence) {
        return new ActivateSharingObligation(CHAMBER_PART, AGREEMENT, CITY_ID, ExchangeTopic.DAMAGE_PICTURE, cadence,
                                             null, null);
    }

    private ExchangeScheduled scheduled(String cadence, DamageScale scale, Instant from) {
        return new ExchangeScheduled(CHAMBER_PART, AGREEMENT, CITY_ID, ExchangeTopic.DAMAGE_PICTURE, cadence, null,
                                     scale, from, CADENCES.cadence(cadence).bandsFor(scale));
    }

    private ShareInformation share(String exchangeId) {
        return new ShareInformation(CHAMBER_PART, exchangeId, List.of(CITY_ID), null, ExchangeTopic.DAMAGE_PICTURE,
                                    "被害状況 第1報", List.of(), null);
    }

    @Test
    void anAgreementBindingTheChamberSchedulesItsSlotsFromZeroHour() {
        fixture.given(started(CHAMBER, zeroHour))
               .when(activate("makinohara-002"))
               .expectEvents(scheduled("makinohara-002", null, zeroHour))
               .expectScheduledDeadlineWithName(Duration.ofHours(12),
                                                EXCHANGE_BOUNDARY + InformationExchange.obligation(AGREEMENT, CITY_ID));
    }

    @Test
    void sharingBeforeTheFirstSlotFallsDueMeetsItOnTime() {
        fixture.given(started(CHAMBER, zeroHour), scheduled("makinohara-002", null, zeroHour))
               .when(share("x1"))
               .expectEvents(new InformationShared(
                       CHAMBER_PART, "x1", List.of(CITY_ID), null, ExchangeTopic.DAMAGE_PICTURE, "被害状況 第1報",
                       List.of(), null, null,
                       List.of(new SlotMet(AGREEMENT, CITY_ID, zeroHour.plus(Duration.ofHours(12)), Duration.ZERO))));
    }

    /**
     * Missed at 18:00; an hour later, with nothing shared, the prefecture the chamber reports to is told (督促); the
     * city's HQ is not, being the recipient, which sees the miss itself.
     */
    @Test
    void aSlotThatFallsDueUnmetIsDueHalfwayToTheNextItIsMissedAndUnmadeUpForItGoesUpTheChain() {
        Instant due = zeroHour.plus(Duration.ofHours(12));
        fixture.given(started(CHAMBER, zeroHour))
               .andGivenCommands(activate("makinohara-002"))
               .whenTimeElapses(Duration.ofHours(24))
               .expectEvents(new ExchangeDue(CHAMBER_PART, AGREEMENT, CITY_ID, ExchangeTopic.DAMAGE_PICTURE, due),
                             new ExchangeMissed(CHAMBER_PART, AGREEMENT, CITY_ID, ExchangeTopic.DAMAGE_PICTURE, due),
                             new ExchangeEscalated(CHAMBER_PART, AGREEMENT, CITY_ID, ExchangeTopic.DAMAGE_PICTURE, due,
                                                   1, "PARENTS", List.of(PREFECTURE.organisationId())),
                             new ExchangeDue(CHAMBER_PART, AGREEMENT, CITY_ID, ExchangeTopic.DAMAGE_PICTURE,
                                             zeroHour.plus(Duration.ofHours(24))));
    }

    @Test
    void sharingAfterTheDueTimeMeetsTheSlotLate() {
        Instant due = zeroHour.plus(Duration.ofHours(12));
        fixture.given(started(CHAMBER, zeroHour), scheduled("makinohara-002", null, zeroHour),
                      new ExchangeDue(CHAMBER_PART, AGREEMENT, CITY_ID, ExchangeTopic.DAMAGE_PICTURE, due))
               .andGivenCurrentTime(due.plus(Duration.ofMinutes(90)))
               .when(share("x2"))
               .expectEvents(new InformationShared(
                       CHAMBER_PART, "x2", List.of(CITY_ID), null, ExchangeTopic.DAMAGE_PICTURE, "被害状況 第1報",
                       List.of(), null, null, List.of(new SlotMet(AGREEMENT, CITY_ID, due, Duration.ofMinutes(90)))));
    }

    @Test
    void aChamberThatSkipsASlotAndResumesIsOnTimeForTheNextAndMissesTheSkippedOne() {
        Instant first = zeroHour.plus(Duration.ofHours(12));
        Instant second = zeroHour.plus(Duration.ofHours(24));
        fixture.given(started(CHAMBER, zeroHour), scheduled("makinohara-002", null, zeroHour),
                      new ExchangeDue(CHAMBER_PART, AGREEMENT, CITY_ID, ExchangeTopic.DAMAGE_PICTURE, first))
               .andGivenCurrentTime(second.minus(Duration.ofHours(1)))
               .when(share("x3"))
               .expectEvents(new InformationShared(
                       CHAMBER_PART, "x3", List.of(CITY_ID), null, ExchangeTopic.DAMAGE_PICTURE, "被害状況 第1報",
                       List.of(), null, null, List.of(new SlotMet(AGREEMENT, CITY_ID, second, Duration.ZERO))));
    }

    @Test
    void aDeclaredScaleReplansTheCadenceFromThatMoment() {
        fixture.given(started(CHAMBER, zeroHour), scheduled("tsuyama-004", null, zeroHour))
               .andGivenCurrentTime(zeroHour.plus(Duration.ofDays(1)))
               .when(new ApplyDamageScale(CHAMBER_PART, DamageScale.LARGE, "津山地区"))
               .expectEventsMatching(payloadsMatching(sequenceOf(
                       equalTo(new DamageScaleApplied(CHAMBER_PART, DamageScale.LARGE, "津山地区")),
                       equalTo(scheduled("tsuyama-004", DamageScale.LARGE, zeroHour.plus(Duration.ofDays(1)))))));
    }

    @Test
    void informationIsAcknowledgedOnceAndOnlyWhenReceived() {
        InformationReceived received = new InformationReceived(CHAMBER_PART, "x9", CITY_ID, ExchangeTopic.SUPPORT_SCHEMES,
                                                               zeroHour, null);
        fixture.given(started(CHAMBER, zeroHour), received)
               .when(new AcknowledgeInformation(CHAMBER_PART, "x9", "確認しました"))
               .expectEvents(new InformationAcknowledged(CHAMBER_PART, "x9", CITY_ID, zeroHour, "確認しました"));
        fixture.given(started(CHAMBER, zeroHour), received,
                      new InformationAcknowledged(CHAMBER_PART, "x9", CITY_ID, zeroHour, null))
               .when(new AcknowledgeInformation(CHAMBER_PART, "x9", "again"))
               .expectNoEvents();
        fixture.given(started(CHAMBER, zeroHour))
               .when(new AcknowledgeInformation(CHAMBER_PART, "never", null))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.NOT_FOUND));
    }

    @Test
    void aForwardKeepsTheLinkToWhereTheInformationStarted() {
        OrganisationId federation = OrganisationId.of("kochi-federation");
        fixture.given(started(CHAMBER, zeroHour),
                      new InformationReceived(CHAMBER_PART, "from-village", CITY_ID, ExchangeTopic.DAMAGE_PICTURE,
                                              zeroHour, null))
               .when(new ShareInformation(CHAMBER_PART, "fwd", List.of(federation), "PARENT", null, "転送",
                                          List.of(), "from-village"))
               .expectEvents(new InformationShared(CHAMBER_PART, "fwd", List.of(federation), "PARENT",
                                                   ExchangeTopic.DAMAGE_PICTURE, "転送", List.of(), "from-village",
                                                   "from-village", List.of()));
    }

    @Test
    void receivingTheSameInformationTwiceKeepsOneCopy() {
        fixture.given(started(CHAMBER, zeroHour),
                      new InformationReceived(CHAMBER_PART, "x1", CITY_ID, ExchangeTopic.GENERAL, zeroHour, null))
               .when(new ReceiveInformation(CHAMBER_PART, "x1", CITY_ID, ExchangeTopic.GENERAL, zeroHour, null))
               .expectNoEvents();
    }

    @Test
    void countedFromZeroHourAnObligationBoundADayLateSettlesTheSlotsThatAlreadyClosed() {
        Instant now = zeroHour.plus(Duration.ofHours(25));
        fixture.given(started(CHAMBER, zeroHour))
               .andGivenCurrentTime(now)
               .when(activate("makinohara-002"))
               .expectEvents(scheduled("makinohara-002", null, zeroHour),
                             new ExchangeMissed(CHAMBER_PART, AGREEMENT, CITY_ID, ExchangeTopic.DAMAGE_PICTURE,
                                                zeroHour.plus(Duration.ofHours(12))),
                             new ExchangeDue(CHAMBER_PART, AGREEMENT, CITY_ID, ExchangeTopic.DAMAGE_PICTURE,
                                             zeroHour.plus(Duration.ofHours(24))));
    }

    @Test
    void countedFromRegistrationNothingIsOwedBeforeTheOrganisationWasRegistered() {
        Instant registered = zeroHour.plus(Duration.ofHours(25));
        fixture.given(new jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted(
                              CHAMBER_PART, zeroHour, CHAMBER.type(), jp.kanmin.shared.incident.IncidentKind.EARTHQUAKE,
                              jp.kanmin.command.testing.TestData.PLAN_VERSION, registered))
               .andGivenCurrentTime(registered)
               .when(activate("makinohara-002"))
               .expectEvents(scheduled("makinohara-002", null, registered))
               .expectScheduledDeadlineWithName(Duration.ofHours(12),
                                                EXCHANGE_BOUNDARY + InformationExchange.obligation(AGREEMENT, CITY_ID));
    }
}
