package jp.kanmin.command.participation;

import jp.kanmin.command.support.CommandAccepted;
import jp.kanmin.command.testing.Fixtures;
import jp.kanmin.shared.participation.ParticipationCommands.CloseParticipation;
import jp.kanmin.shared.participation.ParticipationCommands.ReopenParticipation;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationClosed;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationReopened;
import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationEvent.StaffSafetyReported;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.participation.PostStaffSafetyReport;
import jp.kanmin.shared.participation.ReportId;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

class ParticipationTest {

    private static final Instant ZERO_HOUR = Instant.parse("2026-11-20T05:46:00Z");
    private static final ParticipationId CHAMBER =
            new ParticipationId(IncidentId.random(), OrganisationId.of("makinohara-chamber"));

    private AggregateTestFixture<Participation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.forAggregate(Participation.class);
    }

    @Test
    void participantReportsStaffSafetyAsItsFirstReport() {
        ReportId report = ReportId.random();
        Instant observed = ZERO_HOUR.plusSeconds(1800);
        fixture.given(new ParticipationStarted(CHAMBER, ZERO_HOUR))
               .when(new PostStaffSafetyReport(CHAMBER, report, 12, 1, 0, 2, "港の事務所は無事", observed))
               .expectSuccessfulHandlerExecution()
               .expectEvents(new StaffSafetyReported(CHAMBER, report, 1, 12, 1, 0, 2, "港の事務所は無事", observed));
    }

    @Test
    void laterReportsAreNumberedOnFromTheFirst() {
        ReportId second = ReportId.random();
        fixture.given(new ParticipationStarted(CHAMBER, ZERO_HOUR),
                      new StaffSafetyReported(CHAMBER, ReportId.random(), 1, 10, 0, 0, 5, null, ZERO_HOUR))
               .when(new PostStaffSafetyReport(CHAMBER, second, 14, 0, 0, 1, null, ZERO_HOUR))
               .expectEvents(new StaffSafetyReported(CHAMBER, second, 2, 14, 0, 0, 1, null, ZERO_HOUR));
    }

    @Test
    void organisationThatDoesNotTakePartCannotReport() {
        fixture.givenNoPriorActivity()
               .when(new PostStaffSafetyReport(CHAMBER, ReportId.random(), 1, 0, 0, 0, null, ZERO_HOUR))
               .expectException(AggregateNotFoundException.class)
               .expectNoEvents();
    }

    @Test
    void negativeStaffCountsAreRefused() {
        fixture.given(new ParticipationStarted(CHAMBER, ZERO_HOUR))
               .when(new PostStaffSafetyReport(CHAMBER, ReportId.random(), -1, 0, 0, 0, null, ZERO_HOUR))
               .expectException(RuleViolation.class)
               .expectNoEvents();
    }

    @Test
    void repeatedRequestIsAnsweredWithTheFirstReportAndRecordsNothing() {
        String requestId = MessageMetadata.requestId("makinohara-chamber", "phone-retry-1");
        MetaData request = MetaData.with(MessageMetadata.REQUEST_ID, requestId);
        var firstReport = new GenericDomainEventMessage<>(
                "Participation", CHAMBER.toString(), 1,
                new StaffSafetyReported(CHAMBER, ReportId.derivedFrom(requestId), 1, 3, 0, 0, 0, null, ZERO_HOUR),
                request);
        fixture.given(new ParticipationStarted(CHAMBER, ZERO_HOUR))
               .andGiven(java.util.List.of(firstReport))
               .when(new PostStaffSafetyReport(CHAMBER, ReportId.derivedFrom(requestId), 3, 0, 0, 0, null, ZERO_HOUR),
                     request)
               .expectNoEvents()
               .expectResultMessagePayload(new CommandAccepted(CHAMBER.toString(), 1));
    }

    @Test
    void newRequestIsAnsweredWithTheSequenceOfItsEvent() {
        MetaData request = MetaData.with(MessageMetadata.REQUEST_ID, "makinohara-chamber/first-try");
        fixture.given(new ParticipationStarted(CHAMBER, ZERO_HOUR))
               .when(new PostStaffSafetyReport(CHAMBER, ReportId.random(), 3, 0, 0, 0, null, ZERO_HOUR), request)
               .expectResultMessagePayload(new CommandAccepted(CHAMBER.toString(), 1));
    }

    @Test
    void observationMonthsBeforeZeroHourIsRefused() {
        fixture.given(new ParticipationStarted(CHAMBER, ZERO_HOUR))
               .when(new PostStaffSafetyReport(CHAMBER, ReportId.random(), 1, 0, 0, 0, null,
                                               ZERO_HOUR.minus(java.time.Duration.ofDays(31))))
               .expectException(RuleViolation.class)
               .expectNoEvents();
    }

    @Test
    void reportToAClosedIncidentIsRefused() {
        fixture.given(new ParticipationStarted(CHAMBER, ZERO_HOUR),
                      new ParticipationClosed(CHAMBER, "incident closed: 収束"))
               .when(new PostStaffSafetyReport(CHAMBER, ReportId.random(), 1, 0, 0, 0, null, ZERO_HOUR))
               .expectException(RuleViolation.class)
               .expectNoEvents();
    }

    @Test
    void closingTwiceRecordsItOnce() {
        fixture.given(new ParticipationStarted(CHAMBER, ZERO_HOUR), new ParticipationClosed(CHAMBER, "left"))
               .when(new CloseParticipation(CHAMBER, "left"))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void reopenedParticipationTakesReportsAgain() {
        fixture.given(new ParticipationStarted(CHAMBER, ZERO_HOUR), new ParticipationClosed(CHAMBER, "left"))
               .when(new ReopenParticipation(CHAMBER, "joined again"))
               .expectEvents(new ParticipationReopened(CHAMBER, "joined again"));
    }

    @Test
    void reopeningAnOpenParticipationChangesNothing() {
        fixture.given(new ParticipationStarted(CHAMBER, ZERO_HOUR))
               .when(new ReopenParticipation(CHAMBER, "joined"))
               .expectNoEvents();
    }
}
