package jp.kanmin.command.incident;

import jp.kanmin.command.testing.Fixtures;
import jp.kanmin.shared.incident.Participant;
import jp.kanmin.shared.organisation.OrganisationType;

import static jp.kanmin.command.testing.TestData.*;
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

    private static final IncidentOpened OPENED = opened();

    private AggregateTestFixture<Incident> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.forAggregate(Incident.class);
    }

    @Test
    void openingAnIncidentAddsTheCoordinatingHqAndEachParticipant() {
        fixture.givenNoPriorActivity()
               .when(new OpenIncident(INCIDENT, "南海トラフ地震 訓練", IncidentKind.EARTHQUAKE, IncidentTrigger.DRILL,
                                      ZERO_HOUR, IncidentMode.EXERCISE, CITY, Set.of(CHAMBER), CITY.organisationId(),
                                      PLAN_VERSION, jp.kanmin.shared.incident.ObligationsFrom.ZERO_HOUR))
               .expectEvents(OPENED,
                             joined(CITY, CITY), started(CITY, ZERO_HOUR),
                             joined(CHAMBER, CITY), started(CHAMBER, ZERO_HOUR));
    }

    @Test
    void anIncidentIsOpenedOnlyOnce() {
        fixture.given(OPENED)
               .when(new OpenIncident(INCIDENT, "again", IncidentKind.EARTHQUAKE, IncidentTrigger.DRILL, ZERO_HOUR,
                                      IncidentMode.EXERCISE, CITY, Set.of(), CITY.organisationId(), PLAN_VERSION,
                                      jp.kanmin.shared.incident.ObligationsFrom.ZERO_HOUR))
               .expectException(RuleViolation.class)
               .expectNoEvents();
    }

    @Test
    void theHqInvitesAndTheInvitedOrganisationJoinsItself() {
        fixture.given(OPENED, joined(CITY, CITY),
                      new ParticipantInvited(INCIDENT, POWER.organisationId(), CITY.organisationId()))
               .when(new JoinIncident(INCIDENT, POWER, POWER.organisationId(), false))
               .expectEvents(joined(POWER, POWER), started(POWER, ZERO_HOUR));
    }

    @Test
    void anUninvitedOrganisationCannotJoinAndLearnsNothing() {
        fixture.given(OPENED, joined(CITY, CITY))
               .when(new JoinIncident(INCIDENT, new Participant(STRANGER, OrganisationType.COMPANY), STRANGER, false))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.NOT_FOUND))
               .expectNoEvents();
    }

    @Test
    void aParticipantThatIsNotTheHqMayNotInvite() {
        fixture.given(OPENED, joined(CITY, CITY), joined(CHAMBER, CITY))
               .when(new InviteParticipant(INCIDENT, POWER.organisationId(), CHAMBER.organisationId(), false))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.FORBIDDEN))
               .expectNoEvents();
    }

    @Test
    void anAdministratorStandsInForTheHq() {
        fixture.given(OPENED, joined(CITY, CITY))
               .when(new InviteParticipant(INCIDENT, POWER.organisationId(), OrganisationId.of("kanmin-admin"), true))
               .expectEvents(new ParticipantInvited(INCIDENT, POWER.organisationId(), OrganisationId.of("kanmin-admin")));
    }

    @Test
    void anOrganisationLeavesByItself() {
        fixture.given(OPENED, joined(CITY, CITY), joined(CHAMBER, CITY))
               .when(new LeaveIncident(INCIDENT, CHAMBER.organisationId(), "職員全員被災", CHAMBER.organisationId(), false))
               .expectEvents(new ParticipantLeft(INCIDENT, CHAMBER.organisationId(), CHAMBER.organisationId(),
                                                 "職員全員被災"));
    }

    @Test
    void theHqCannotLeaveWhileItCoordinates() {
        fixture.given(OPENED, joined(CITY, CITY))
               .when(new LeaveIncident(INCIDENT, CITY.organisationId(), null, CITY.organisationId(), false))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.CONFLICT));
    }

    @Test
    void anOrganisationThatLeftJoinsAgainWithoutANewParticipation() {
        fixture.given(OPENED, joined(CITY, CITY), joined(CHAMBER, CITY),
                      new ParticipantLeft(INCIDENT, CHAMBER.organisationId(), CHAMBER.organisationId(), null))
               .when(new JoinIncident(INCIDENT, CHAMBER, CITY.organisationId(), false))
               .expectEvents(joined(CHAMBER, CITY));
    }

    @Test
    void handingCoordinationToANewHqMakesItAParticipant() {
        fixture.given(OPENED, joined(CITY, CITY))
               .when(new ChangeCoordinatingHq(INCIDENT, PREFECTURE, CITY.organisationId(), false))
               .expectEvents(joined(PREFECTURE, CITY), started(PREFECTURE, ZERO_HOUR),
                             new CoordinatingHqChanged(INCIDENT, CITY.organisationId(), PREFECTURE.organisationId(),
                                                       CITY.organisationId()));
    }

    @Test
    void closingNamesWhoWasTakingPart() {
        fixture.given(OPENED, joined(CITY, CITY), joined(CHAMBER, CITY))
               .when(new CloseIncident(INCIDENT, "訓練終了", CITY.organisationId(), false))
               .expectEvents(new IncidentClosed(INCIDENT, "訓練終了", CITY.organisationId(),
                                                Set.of(CITY.organisationId(), CHAMBER.organisationId())));
    }

    @Test
    void aClosedIncidentTakesNoNewParticipants() {
        fixture.given(OPENED, joined(CITY, CITY),
                      new IncidentClosed(INCIDENT, "終了", CITY.organisationId(), Set.of(CITY.organisationId())))
               .when(new JoinIncident(INCIDENT, CHAMBER, CITY.organisationId(), false))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.CONFLICT))
               .expectNoEvents();
    }

    @Test
    void reopeningNeedsAClosedIncidentAndKeepsTheReason() {
        fixture.given(OPENED, joined(CITY, CITY),
                      new IncidentClosed(INCIDENT, "終了", CITY.organisationId(), Set.of(CITY.organisationId())))
               .when(new ReopenIncident(INCIDENT, "余震で被害拡大", CITY.organisationId(), false))
               .expectEvents(new IncidentReopened(INCIDENT, "余震で被害拡大", CITY.organisationId(),
                                                  Set.of(CITY.organisationId())));
    }

    @Test
    void closingAClosedIncidentAgainRecordsNothing() {
        fixture.given(OPENED, joined(CITY, CITY),
                      new IncidentClosed(INCIDENT, "終了", CITY.organisationId(), Set.of(CITY.organisationId())))
               .when(new CloseIncident(INCIDENT, "終了", CITY.organisationId(), false))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }
}
