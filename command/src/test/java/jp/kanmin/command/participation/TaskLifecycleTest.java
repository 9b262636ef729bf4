package jp.kanmin.command.participation;

import jp.kanmin.command.testing.Fixtures;
import jp.kanmin.command.testing.TestData;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.participation.Fulfilment;
import jp.kanmin.shared.participation.ParticipationCommands.ActivatePlanTasks;
import jp.kanmin.shared.participation.ParticipationCommands.ApplyDamageScale;
import jp.kanmin.shared.participation.ParticipationCommands.CompleteTask;
import jp.kanmin.shared.participation.ParticipationCommands.ReassignTask;
import jp.kanmin.shared.participation.ParticipationCommands.TakeOverTask;
import jp.kanmin.shared.participation.ParticipationCommands.WaiveTask;
import jp.kanmin.shared.participation.ParticipationEvent.DamageScaleApplied;
import jp.kanmin.shared.participation.ParticipationEvent.TaskActivated;
import jp.kanmin.shared.participation.ParticipationEvent.TaskCompleted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskOverdue;
import jp.kanmin.shared.participation.ParticipationEvent.TaskReassigned;
import jp.kanmin.shared.participation.ParticipationEvent.TaskWaived;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.plan.Completion;
import jp.kanmin.shared.plan.LocalizedText;
import jp.kanmin.shared.plan.TaskId;
import jp.kanmin.shared.report.DamageScale;
import jp.kanmin.shared.report.ReportType;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static jp.kanmin.command.participation.Participation.TASK_DUE;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.listWithAllOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static jp.kanmin.command.testing.TestData.CHAMBER;
import static jp.kanmin.command.testing.TestData.CITY;
import static jp.kanmin.command.testing.TestData.PLAN_VERSION;
import static jp.kanmin.command.testing.TestData.participationOf;
import static jp.kanmin.command.testing.TestData.staffSafety;
import static jp.kanmin.command.testing.TestData.staffSafetyReported;
import static jp.kanmin.command.testing.TestData.started;

/** The chamber's phase tasks from the default plan: activation, deadlines, completion, hand-over. */
class TaskLifecycleTest {

    private static final ParticipationId CHAMBER_PART = participationOf(CHAMBER);
    private static final TaskId STAFF_SAFETY = TaskId.of("staff-safety");
    private static final TaskId DAMAGE_PICTURE = TaskId.of("rough-damage-picture");

    private AggregateTestFixture<Participation> fixture;
    private Instant zeroHour;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.forParticipation();
        zeroHour = fixture.currentTime();
    }

    private TaskActivated staffSafetyActivated() {
        return new TaskActivated(CHAMBER_PART, STAFF_SAFETY, 1, new LocalizedText("職員の安否確認報告", "Report staff safety"),
                                 zeroHour.plus(Duration.ofHours(2)), Duration.ofHours(2),
                                 Completion.byReport(ReportType.STAFF_SAFETY), PLAN_VERSION, null);
    }

    @Test
    void activatingThePlanOpensTheChambersTasksAndSchedulesEachDeadline() {
        fixture.given(started(CHAMBER, zeroHour))
               .when(new ActivatePlanTasks(CHAMBER_PART))
               .expectSuccessfulHandlerExecution()
               .expectEventsMatching(payloadsMatching(
                       listWithAllOf(
                               org.hamcrest.Matchers.equalTo(staffSafetyActivated()))))
               .expectScheduledDeadlineWithName(Duration.ofHours(2), TASK_DUE + STAFF_SAFETY)
               .expectScheduledDeadlineWithName(Duration.ofDays(3), TASK_DUE + DAMAGE_PICTURE);
    }

    @Test
    void tasksThatWaitForADamageScaleDoNotOpenWithThePlan() {
        fixture.given(started(CHAMBER, zeroHour))
               .when(new ActivatePlanTasks(CHAMBER_PART))
               .expectEventsMatching(payloadsMatching(exactSequenceOf(
                       eventFor("staff-safety"), eventFor("rough-damage-picture"), eventFor("damage-scale"),
                       eventFor("report-to-prefecture"), eventFor("inform-businesses"), andNoMore())));
    }

    private static org.hamcrest.Matcher<Object> eventFor(String task) {
        return org.hamcrest.Matchers.hasToString(org.hamcrest.Matchers.containsString("taskId=" + task + ","));
    }

    @Test
    void aChamberThatHasNotReportedStaffSafetyWithinTwoHoursIsOverdue() {
        fixture.given(started(CHAMBER, zeroHour))
               .andGivenCommands(new ActivatePlanTasks(CHAMBER_PART))
               .whenTimeElapses(Duration.ofHours(2).plusSeconds(1))
               .expectDeadlinesMetMatching(payloadsMatching(
                       exactSequenceOf(
                               org.hamcrest.Matchers.equalTo(new Participation.TaskDue(STAFF_SAFETY)),
                               andNoMore())))
               .expectEvents(new TaskOverdue(CHAMBER_PART, STAFF_SAFETY, zeroHour.plus(Duration.ofHours(2))));
    }

    @Test
    void aDeadlineRunASecondTimeAfterACrashRecordsNothingMore() {
        fixture.given(started(CHAMBER, zeroHour))
               .andGivenCommands(new ActivatePlanTasks(CHAMBER_PART))
               // the first run recorded this, and the node died before it could remove the deadline
               .andGiven(new TaskOverdue(CHAMBER_PART, STAFF_SAFETY, zeroHour.plus(Duration.ofHours(2))))
               .whenTimeElapses(Duration.ofHours(2).plusSeconds(1))
               .expectDeadlinesMetMatching(payloadsMatching(
                       exactSequenceOf(
                               org.hamcrest.Matchers.equalTo(new Participation.TaskDue(STAFF_SAFETY)),
                               andNoMore())))
               .expectNoEvents();
    }

    @Test
    void aStaffSafetyReportCompletesTheTaskAndCancelsItsDeadline() {
        ReportId report = ReportId.random();
        fixture.given(started(CHAMBER, zeroHour))
               .andGivenCommands(new ActivatePlanTasks(CHAMBER_PART))
               .when(staffSafety(CHAMBER_PART, report, 8, 0, 0, 0, null, zeroHour))
               .expectEventsMatching(payloadsMatching(
                       exactSequenceOf(
                               org.hamcrest.Matchers.instanceOf(
                                       jp.kanmin.shared.participation.ParticipationEvent.StaffSafetyReported.class),
                               org.hamcrest.Matchers.equalTo(new TaskCompleted(
                                       CHAMBER_PART, STAFF_SAFETY, Fulfilment.report(report), null,
                                       zeroHour.plus(Duration.ofHours(2)), false)),
                               andNoMore())))
               .expectNoScheduledDeadlineWithName(Duration.ofHours(2), TASK_DUE + STAFF_SAFETY);
    }

    @Test
    void aReportAfterTheDeadlineCompletesTheOverdueTaskAsLate() {
        ReportId report = ReportId.random();
        Instant longAgo = zeroHour.minus(Duration.ofHours(5));
        TaskActivated dueThreeHoursAgo = new TaskActivated(CHAMBER_PART, STAFF_SAFETY, 1,
                                                           new LocalizedText("職員の安否確認報告", "Report staff safety"),
                                                           longAgo.plus(Duration.ofHours(2)), Duration.ofHours(2),
                                                           Completion.byReport(ReportType.STAFF_SAFETY), PLAN_VERSION,
                                                           null);
        fixture.given(started(CHAMBER, longAgo), dueThreeHoursAgo,
                      new TaskOverdue(CHAMBER_PART, STAFF_SAFETY, longAgo.plus(Duration.ofHours(2))))
               .when(staffSafety(CHAMBER_PART, report, 8, 0, 0, 0, null, zeroHour))
               .expectEventsMatching(payloadsMatching(
                       listWithAllOf(org.hamcrest.Matchers.equalTo(
                               new TaskCompleted(CHAMBER_PART, STAFF_SAFETY, Fulfilment.report(report), null,
                                                 longAgo.plus(Duration.ofHours(2)), true)))));
    }

    @Test
    void aTaskIsCompletedByHandOnlyOnce() {
        fixture.given(started(CHAMBER, zeroHour), staffSafetyActivated(),
                      new TaskCompleted(CHAMBER_PART, STAFF_SAFETY, Fulfilment.byHand(), "電話で確認",
                                        zeroHour.plus(Duration.ofHours(2)), false))
               .when(new CompleteTask(CHAMBER_PART, STAFF_SAFETY, "again"))
               .expectException(RuleViolation.class)
               .expectNoEvents();
    }

    @Test
    void waivingNeedsAReasonAndStopsTheDeadline() {
        fixture.given(started(CHAMBER, zeroHour))
               .andGivenCommands(new ActivatePlanTasks(CHAMBER_PART))
               .when(new WaiveTask(CHAMBER_PART, DAMAGE_PICTURE, "市が直接集計する"))
               .expectEvents(new TaskWaived(CHAMBER_PART, DAMAGE_PICTURE, "市が直接集計する"))
               .expectNoScheduledDeadlineWithName(Duration.ofDays(3), TASK_DUE + DAMAGE_PICTURE);
    }

    @Test
    void aWaiverWithoutAReasonIsRefused() {
        fixture.given(started(CHAMBER, zeroHour), staffSafetyActivated())
               .when(new WaiveTask(CHAMBER_PART, STAFF_SAFETY, " "))
               .expectException(RuleViolation.class);
    }

    @Test
    void aChamberWhoseStaffAreAllAffectedHandsItsTaskToTheCity() {
        TaskActivated task = staffSafetyActivated();
        fixture.given(started(CHAMBER, zeroHour), task)
               .when(new ReassignTask(CHAMBER_PART, STAFF_SAFETY, CITY.organisationId(), "職員全員被災のため市が代行"))
               .expectEvents(new TaskReassigned(CHAMBER_PART, STAFF_SAFETY, CITY.organisationId(), "職員全員被災のため市が代行",
                                                1, task.title(), task.dueAt(), task.plannedOffset(), task.completedBy(),
                                                PLAN_VERSION));
    }

    @Test
    void theCityTakesTheTaskOverWithItsOriginalDueTime() {
        ParticipationId city = participationOf(CITY);
        Instant due = zeroHour.plus(Duration.ofHours(2));
        LocalizedText title = new LocalizedText("職員の安否確認報告", "Report staff safety");
        Completion completion = Completion.byReport(ReportType.STAFF_SAFETY);
        fixture.given(started(CITY, zeroHour))
               .when(new TakeOverTask(city, STAFF_SAFETY, 1, title, due, Duration.ofHours(2), completion, PLAN_VERSION,
                                      CHAMBER.organisationId()))
               .expectEvents(new TaskActivated(city, STAFF_SAFETY, 1, title, due, Duration.ofHours(2), completion,
                                               PLAN_VERSION, CHAMBER.organisationId()))
               .expectScheduledDeadlineWithName(Duration.ofHours(2), TASK_DUE + STAFF_SAFETY);
    }

    @Test
    void aDeclaredDamageScaleOpensTheConsultationDeskAndTheSurvey() {
        fixture.given(started(CHAMBER, zeroHour))
               .when(new ApplyDamageScale(CHAMBER_PART, DamageScale.LARGE, "牧之原地区"))
               .expectEventsMatching(payloadsMatching(
                       exactSequenceOf(
                               org.hamcrest.Matchers.equalTo(new DamageScaleApplied(CHAMBER_PART, DamageScale.LARGE, "牧之原地区")),
                               eventFor("special-consultation-desk"), eventFor("damage-survey"),
                               eventFor("recovery-schemes"),
                               andNoMore())));
    }

    @Test
    void almostNoDamageOpensNothing() {
        fixture.given(started(CHAMBER, zeroHour))
               .when(new ApplyDamageScale(CHAMBER_PART, DamageScale.ALMOST_NONE, "牧之原地区"))
               .expectEvents(new DamageScaleApplied(CHAMBER_PART, DamageScale.ALMOST_NONE, "牧之原地区"));
    }

    @Test
    void activatingThePlanTwiceOpensNothingNew() {
        fixture.given(started(CHAMBER, zeroHour))
               .andGivenCommands(new ActivatePlanTasks(CHAMBER_PART))
               .when(new ActivatePlanTasks(CHAMBER_PART))
               .expectNoEvents();
    }

    @Test
    void aStaffSafetyReportMadeBeforeTheTasksOpenedCompletesItsTaskWhenTheyDo() {
        ReportId report = ReportId.of("roll-call-1");
        fixture.given(started(CHAMBER, zeroHour),
                      staffSafetyReported(CHAMBER_PART, report, 1, 12, 0, 0, 0, null, zeroHour))
               .when(new ActivatePlanTasks(CHAMBER_PART))
               .expectEventsMatching(payloadsMatching(listWithAllOf(
                       org.hamcrest.Matchers.equalTo(staffSafetyActivated()),
                       org.hamcrest.Matchers.equalTo(new TaskCompleted(CHAMBER_PART, STAFF_SAFETY,
                                                                       Fulfilment.report(report), null,
                                                                       zeroHour.plus(Duration.ofHours(2)), false)))))
               .expectScheduledDeadlineWithName(Duration.ofDays(3), TASK_DUE + DAMAGE_PICTURE)
               .expectNoScheduledDeadlineWithName(Duration.ofHours(2), TASK_DUE + STAFF_SAFETY);
    }

    @Test
    void aReportMadeBeforeZeroHourDoesNotCompleteATaskThatOpensLater() {
        ReportId report = ReportId.of("rehearsal");
        fixture.given(started(CHAMBER, zeroHour.plus(Duration.ofHours(1))),
                      staffSafetyReported(CHAMBER_PART, report, 1, 12, 0, 0, 0, null, zeroHour))
               .when(new ActivatePlanTasks(CHAMBER_PART))
               .expectEventsMatching(payloadsMatching(org.hamcrest.Matchers.not(listWithAllOf(
                       org.hamcrest.Matchers.instanceOf(TaskCompleted.class)))));
    }

    @Test
    void countedFromRegistrationAChambersTwoHourTaskIsDueTwoHoursAfterItWasRegistered() {
        Instant registered = zeroHour.plus(Duration.ofHours(5));
        fixture.given(new jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted(
                              CHAMBER_PART, zeroHour, CHAMBER.type(), jp.kanmin.shared.incident.IncidentKind.EARTHQUAKE,
                              PLAN_VERSION, registered))
               .andGivenCurrentTime(registered)
               .when(new ActivatePlanTasks(CHAMBER_PART))
               .expectScheduledDeadlineWithName(Duration.ofHours(2), TASK_DUE + STAFF_SAFETY);
    }
}
