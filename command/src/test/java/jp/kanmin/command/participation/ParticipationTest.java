package jp.kanmin.command.participation;

import jp.kanmin.command.support.CommandAccepted;
import jp.kanmin.command.testing.Fixtures;
import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.participation.ParticipationCommands.CloseParticipation;
import jp.kanmin.shared.participation.ParticipationCommands.ReopenParticipation;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationClosed;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationReopened;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.report.ReportId;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static jp.kanmin.command.testing.TestData.CHAMBER;
import static jp.kanmin.command.testing.TestData.ZERO_HOUR;
import static jp.kanmin.command.testing.TestData.participationOf;
import static jp.kanmin.command.testing.TestData.staffSafety;
import static jp.kanmin.command.testing.TestData.staffSafetyReported;
import static jp.kanmin.command.testing.TestData.started;

/** Reports and lifecycle of one organisation's participation. */
class ParticipationTest {

    private static final ParticipationId PARTICIPATION = participationOf(CHAMBER);
    private static final ParticipationStarted STARTED = started(CHAMBER, ZERO_HOUR);

    private AggregateTestFixture<Participation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.forParticipation();
    }

    @Test
    void participantReportsStaffSafetyAsItsFirstReport() {
        ReportId report = ReportId.random();
        Instant observed = ZERO_HOUR.plusSeconds(1800);
        fixture.given(STARTED)
               .when(staffSafety(PARTICIPATION, report, 12, 1, 0, 2, "港の事務所は無事", observed))
               .expectSuccessfulHandlerExecution()
               .expectEvents(staffSafetyReported(PARTICIPATION, report, 1, 12, 1, 0, 2, "港の事務所は無事", observed));
    }

    @Test
    void laterReportsAreNumberedOnFromTheFirst() {
        ReportId second = ReportId.random();
        fixture.given(STARTED, staffSafetyReported(PARTICIPATION, ReportId.random(), 1, 10, 0, 0, 5, null, ZERO_HOUR))
               .when(staffSafety(PARTICIPATION, second, 14, 0, 0, 1, null, ZERO_HOUR))
               .expectEvents(staffSafetyReported(PARTICIPATION, second, 2, 14, 0, 0, 1, null, ZERO_HOUR));
    }

    @Test
    void organisationThatDoesNotTakePartCannotReport() {
        fixture.givenNoPriorActivity()
               .when(staffSafety(PARTICIPATION, ReportId.random(), 1, 0, 0, 0, null, ZERO_HOUR))
               .expectException(AggregateNotFoundException.class)
               .expectNoEvents();
    }

    @Test
    void negativeStaffCountsAreRefused() {
        fixture.given(STARTED)
               .when(staffSafety(PARTICIPATION, ReportId.random(), -1, 0, 0, 0, null, ZERO_HOUR))
               .expectException(RuleViolation.class)
               .expectNoEvents();
    }

    @Test
    void repeatedRequestIsAnsweredWithTheFirstReportAndRecordsNothing() {
        String requestId = MessageMetadata.requestId("makinohara-chamber", "phone-retry-1");
        MetaData request = MetaData.with(MessageMetadata.REQUEST_ID, requestId);
        var firstReport = new GenericDomainEventMessage<>(
                "Participation", PARTICIPATION.toString(), 1,
                staffSafetyReported(PARTICIPATION, ReportId.derivedFrom(requestId), 1, 3, 0, 0, 0, null, ZERO_HOUR),
                request);
        fixture.given(STARTED)
               .andGiven(List.of(firstReport))
               .when(staffSafety(PARTICIPATION, ReportId.derivedFrom(requestId), 3, 0, 0, 0, null,
                                               ZERO_HOUR), request)
               .expectNoEvents()
               .expectResultMessagePayload(new CommandAccepted(PARTICIPATION.toString(), 1));
    }

    @Test
    void newRequestIsAnsweredWithTheSequenceOfItsEvent() {
        MetaData request = MetaData.with(MessageMetadata.REQUEST_ID, "makinohara-chamber/first-try");
        fixture.given(STARTED)
               .when(staffSafety(PARTICIPATION, ReportId.random(), 3, 0, 0, 0, null, ZERO_HOUR), request)
               .expectResultMessagePayload(new CommandAccepted(PARTICIPATION.toString(), 1));
    }

    @Test
    void observationMonthsBeforeZeroHourIsRefused() {
        fixture.given(STARTED)
               .when(staffSafety(PARTICIPATION, ReportId.random(), 1, 0, 0, 0, null,
                                               ZERO_HOUR.minus(Duration.ofDays(31))))
               .expectException(RuleViolation.class)
               .expectNoEvents();
    }

    @Test
    void reportToAClosedIncidentIsRefused() {
        fixture.given(STARTED, new ParticipationClosed(PARTICIPATION, "incident closed: 収束"))
               .when(staffSafety(PARTICIPATION, ReportId.random(), 1, 0, 0, 0, null, ZERO_HOUR))
               .expectException(RuleViolation.class)
               .expectNoEvents();
    }

    @Test
    void closingTwiceRecordsItOnce() {
        fixture.given(STARTED, new ParticipationClosed(PARTICIPATION, "left"))
               .when(new CloseParticipation(PARTICIPATION, "left"))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void reopenedParticipationTakesReportsAgain() {
        fixture.given(STARTED, new ParticipationClosed(PARTICIPATION, "left"))
               .when(new ReopenParticipation(PARTICIPATION, "joined again"))
               .expectEvents(new ParticipationReopened(PARTICIPATION, "joined again"));
    }

    @Test
    void reopeningAnOpenParticipationChangesNothing() {
        fixture.given(STARTED)
               .when(new ReopenParticipation(PARTICIPATION, "joined"))
               .expectNoEvents();
    }
}
