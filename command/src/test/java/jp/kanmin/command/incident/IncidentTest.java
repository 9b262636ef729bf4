package jp.kanmin.command.incident;

import jp.kanmin.command.testing.Fixtures;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.incident.IncidentCommands.ChangeCoordinatingHq;
import jp.kanmin.shared.incident.IncidentCommands.CloseIncident;
import jp.kanmin.shared.incident.IncidentCommands.InviteParticipant;
import jp.kanmin.shared.incident.IncidentCommands.JoinIncident;
import jp.kanmin.shared.incident.IncidentCommands.LeaveIncident;
import jp.kanmin.shared.incident.IncidentCommands.ReopenIncident;
import jp.kanmin.shared.incident.IncidentEvent.CoordinatingHqChanged;
import jp.kanmin.shared.incident.IncidentEvent.IncidentClosed;
import jp.kanmin.shared.incident.IncidentEvent.IncidentOpened;
import jp.kanmin.shared.incident.IncidentEvent.IncidentReopened;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantInvited;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantJoined;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantLeft;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.incident.IncidentMode;
import jp.kanmin.shared.incident.IncidentTrigger;
import jp.kanmin.shared.incident.OpenIncident;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;


class IncidentTest {

    private static final Instant ZERO_HOUR = Instant.parse("2026-11-20T05:46:00Z");
    private static final IncidentId INCIDENT = IncidentId.random();
    private static final OrganisationId CITY = OrganisationId.of("makinohara-city");
    private static final OrganisationId CHAMBER = OrganisationId.of("makinohara-chamber");
    private static final OrganisationId PREFECTURE = OrganisationId.of("shizuoka-prefecture");
    private static final OrganisationId POWER = OrganisationId.of("chubu-power");
    private static final OrganisationId STRANGER = OrganisationId.of("other-company");
    private static final IncidentOpened OPENED =
            new IncidentOpened(INCIDENT, "南海トラフ地震 訓練", IncidentKind.EARTHQUAKE, IncidentTrigger.DRILL, ZERO_HOUR,
                               IncidentMode.EXERCISE, CITY, CITY);

    private AggregateTestFixture<Incident> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.forAggregate(Incident.class);
    }

    @Test
    void openingAnIncidentAddsTheCoordinatingHqAndEachParticipant() {
        fixture.givenNoPriorActivity()
               .when(new OpenIncident(INCIDENT, "南海トラフ地震 訓練", IncidentKind.EARTHQUAKE, IncidentTrigger.DRILL,
                                      ZERO_HOUR, IncidentMode.EXERCISE, CITY, Set.of(CHAMBER), CITY))
               .expectEvents(OPENED,
                             new ParticipantJoined(INCIDENT, CITY, CITY),
                             new ParticipationStarted(new ParticipationId(INCIDENT, CITY), ZERO_HOUR),
                             new ParticipantJoined(INCIDENT, CHAMBER, CITY),
                             new ParticipationStarted(new ParticipationId(INCIDENT, CHAMBER), ZERO_HOUR));
    }

    @Test
    void anIncidentIsOpenedOnlyOnce() {
        fixture.given(OPENED)
               .when(new OpenIncident(INCIDENT, "again", IncidentKind.EARTHQUAKE, IncidentTrigger.DRILL, ZERO_HOUR,
                                      IncidentMode.EXERCISE, CITY, Set.of(), CITY))
               .expectException(RuleViolation.class)
               .expectNoEvents();
    }

    @Test
    void theHqInvitesAndTheInvitedOrganisationJoinsItself() {
        fixture.given(OPENED, new ParticipantJoined(INCIDENT, CITY, CITY),
                      new ParticipantInvited(INCIDENT, POWER, CITY))
               .when(new JoinIncident(INCIDENT, POWER, POWER, false))
               .expectEvents(new ParticipantJoined(INCIDENT, POWER, POWER),
                             new ParticipationStarted(new ParticipationId(INCIDENT, POWER), ZERO_HOUR));
    }

    @Test
    void anUninvitedOrganisationCannotJoinAndLearnsNothing() {
        fixture.given(OPENED, new ParticipantJoined(INCIDENT, CITY, CITY))
               .when(new JoinIncident(INCIDENT, STRANGER, STRANGER, false))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.NOT_FOUND))
               .expectNoEvents();
    }

    @Test
    void aParticipantThatIsNotTheHqMayNotInvite() {
        fixture.given(OPENED, new ParticipantJoined(INCIDENT, CITY, CITY), new ParticipantJoined(INCIDENT, CHAMBER, CITY))
               .when(new InviteParticipant(INCIDENT, POWER, CHAMBER, false))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.FORBIDDEN))
               .expectNoEvents();
    }

    @Test
    void anAdministratorStandsInForTheHq() {
        fixture.given(OPENED, new ParticipantJoined(INCIDENT, CITY, CITY))
               .when(new InviteParticipant(INCIDENT, POWER, OrganisationId.of("kanmin-admin"), true))
               .expectEvents(new ParticipantInvited(INCIDENT, POWER, OrganisationId.of("kanmin-admin")));
    }

    @Test
    void anOrganisationLeavesByItself() {
        fixture.given(OPENED, new ParticipantJoined(INCIDENT, CITY, CITY), new ParticipantJoined(INCIDENT, CHAMBER, CITY))
               .when(new LeaveIncident(INCIDENT, CHAMBER, "職員全員被災", CHAMBER, false))
               .expectEvents(new ParticipantLeft(INCIDENT, CHAMBER, CHAMBER, "職員全員被災"));
    }

    @Test
    void theHqCannotLeaveWhileItCoordinates() {
        fixture.given(OPENED, new ParticipantJoined(INCIDENT, CITY, CITY))
               .when(new LeaveIncident(INCIDENT, CITY, null, CITY, false))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.CONFLICT));
    }

    @Test
    void anOrganisationThatLeftJoinsAgainWithoutANewParticipation() {
        fixture.given(OPENED, new ParticipantJoined(INCIDENT, CITY, CITY), new ParticipantJoined(INCIDENT, CHAMBER, CITY),
                      new ParticipantLeft(INCIDENT, CHAMBER, CHAMBER, null))
               .when(new JoinIncident(INCIDENT, CHAMBER, CITY, false))
               .expectEvents(new ParticipantJoined(INCIDENT, CHAMBER, CITY));
    }

    @Test
    void handingCoordinationToANewHqMakesItAParticipant() {
        fixture.given(OPENED, new ParticipantJoined(INCIDENT, CITY, CITY))
               .when(new ChangeCoordinatingHq(INCIDENT, PREFECTURE, CITY, false))
               .expectEvents(new ParticipantJoined(INCIDENT, PREFECTURE, CITY),
                             new ParticipationStarted(new ParticipationId(INCIDENT, PREFECTURE), ZERO_HOUR),
                             new CoordinatingHqChanged(INCIDENT, CITY, PREFECTURE, CITY));
    }

    @Test
    void closingNamesWhoWasTakingPart() {
        fixture.given(OPENED, new ParticipantJoined(INCIDENT, CITY, CITY), new ParticipantJoined(INCIDENT, CHAMBER, CITY))
               .when(new CloseIncident(INCIDENT, "訓練終了", CITY, false))
               .expectEvents(new IncidentClosed(INCIDENT, "訓練終了", CITY, Set.of(CITY, CHAMBER)));
    }

    @Test
    void aClosedIncidentTakesNoNewParticipants() {
        fixture.given(OPENED, new ParticipantJoined(INCIDENT, CITY, CITY),
                      new IncidentClosed(INCIDENT, "終了", CITY, Set.of(CITY)))
               .when(new JoinIncident(INCIDENT, CHAMBER, CITY, false))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.CONFLICT))
               .expectNoEvents();
    }

    @Test
    void reopeningNeedsAClosedIncidentAndKeepsTheReason() {
        fixture.given(OPENED, new ParticipantJoined(INCIDENT, CITY, CITY),
                      new IncidentClosed(INCIDENT, "終了", CITY, Set.of(CITY)))
               .when(new ReopenIncident(INCIDENT, "余震で被害拡大", CITY, false))
               .expectEvents(new IncidentReopened(INCIDENT, "余震で被害拡大", CITY, Set.of(CITY)));
    }

    @Test
    void closingAClosedIncidentAgainRecordsNothing() {
        fixture.given(OPENED, new ParticipantJoined(INCIDENT, CITY, CITY),
                      new IncidentClosed(INCIDENT, "終了", CITY, Set.of(CITY)))
               .when(new CloseIncident(INCIDENT, "終了", CITY, false))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }
}
