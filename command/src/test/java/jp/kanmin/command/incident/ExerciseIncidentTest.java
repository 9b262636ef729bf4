package jp.kanmin.command.incident;

import jp.kanmin.command.testing.Fixtures;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.incident.ScheduledInject;
import jp.kanmin.shared.incident.IncidentCommands.ArchiveExercise;
import jp.kanmin.shared.incident.IncidentCommands.CloseIncident;
import jp.kanmin.shared.incident.IncidentCommands.DeleteExercise;
import jp.kanmin.shared.incident.IncidentCommands.InviteParticipant;
import jp.kanmin.shared.incident.IncidentCommands.ScheduleInjects;
import jp.kanmin.shared.incident.IncidentEvent.ExerciseArchived;
import jp.kanmin.shared.incident.IncidentEvent.ExerciseDeleted;
import jp.kanmin.shared.incident.IncidentEvent.ExerciseScheduled;
import jp.kanmin.shared.incident.IncidentEvent.IncidentClosed;
import jp.kanmin.shared.incident.IncidentEvent.IncidentOpened;
import jp.kanmin.shared.incident.IncidentEvent.InjectDelivered;
import jp.kanmin.shared.incident.IncidentMode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static jp.kanmin.command.testing.TestData.CITY;
import static jp.kanmin.command.testing.TestData.INCIDENT;
import static jp.kanmin.command.testing.TestData.POWER;
import static jp.kanmin.command.testing.TestData.STRANGER;
import static jp.kanmin.command.testing.TestData.joined;
import static jp.kanmin.command.testing.TestData.opened;

/** An exercise incident plays its injects (状況付与) at their times, and only exercises can be archived or deleted. */
class ExerciseIncidentTest {

    private AggregateTestFixture<Incident> fixture;
    private List<ScheduledInject> injects;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.forAggregate(Incident.class);
        Instant now = fixture.currentTime();
        injects = List.of(inject(1, Duration.ofMinutes(10), now), inject(2, Duration.ofHours(1), now));
    }

    @Test
    void eachInjectIsToldAtItsTimeAndOnlyOnce() {
        fixture.given(opened(), joined(CITY, CITY), joined(POWER, CITY))
               .andGivenCommands(schedule(), schedule()) // scheduled twice: the second changes nothing
               .whenTimeElapses(Duration.ofMinutes(15))
               .expectEvents(delivered(injects.getFirst()));
    }

    @Test
    void schedulingRecordsThePlanOfInjects() {
        fixture.given(opened(), joined(CITY, CITY), joined(POWER, CITY))
               .when(schedule())
               .expectEvents(new ExerciseScheduled(INCIDENT, "earthquake-park", 1, injects, CITY.organisationId()))
               .expectScheduledDeadlineWithName(Duration.ofMinutes(10), Incident.INJECT_DUE);
    }

    @Test
    void aRealIncidentPlaysNoScenario() {
        fixture.given(real(), joined(CITY, CITY))
               .when(schedule())
               .expectException(RuleViolation.class)
               .expectExceptionMessage(org.hamcrest.Matchers.containsString("real incident"))
               .expectNoEvents();
    }

    @Test
    void anInjectWhoseTimeComesAfterTheExerciseClosedIsNotTold() {
        fixture.given(opened(), joined(CITY, CITY), joined(POWER, CITY))
               .andGivenCommands(schedule(), new CloseIncident(INCIDENT, "訓練終了", CITY.organisationId(), false))
               .whenTimeElapses(Duration.ofHours(2))
               .expectNoEvents();
    }

    @Test
    void deletingAnExerciseClosesItAndLeavesNothingToCommand() {
        fixture.given(opened(), joined(CITY, CITY))
               .when(new DeleteExercise(INCIDENT, "練習用", STRANGER, true))
               .expectEvents(new IncidentClosed(INCIDENT, "訓練の削除", STRANGER, Set.of(CITY.organisationId())),
                             new ExerciseDeleted(INCIDENT, "練習用", STRANGER));
        fixture.given(opened(), joined(CITY, CITY), new ExerciseDeleted(INCIDENT, "練習用", STRANGER))
               .when(new InviteParticipant(INCIDENT, POWER.organisationId(), CITY.organisationId(), false))
               .expectException(RuleViolation.class)
               .expectExceptionMessage(org.hamcrest.Matchers.containsString("no incident"));
    }

    @Test
    void onlyAnAdministratorArchivesAndNeverARealIncident() {
        fixture.given(opened(), joined(CITY, CITY))
               .when(new ArchiveExercise(INCIDENT, CITY.organisationId(), false))
               .expectException(RuleViolation.class)
               .expectNoEvents();
        fixture.given(real(), joined(CITY, CITY))
               .when(new ArchiveExercise(INCIDENT, STRANGER, true))
               .expectException(RuleViolation.class)
               .expectNoEvents();
        fixture.given(opened(), joined(CITY, CITY))
               .when(new ArchiveExercise(INCIDENT, STRANGER, true))
               .expectEvents(new IncidentClosed(INCIDENT, "訓練の保管", STRANGER, Set.of(CITY.organisationId())),
                             new ExerciseArchived(INCIDENT, STRANGER));
    }

    private ScheduleInjects schedule() {
        return new ScheduleInjects(INCIDENT, "earthquake-park", 1, injects, CITY.organisationId(), false);
    }

    private static ScheduledInject inject(int number, Duration offset, Instant zeroHour) {
        return new ScheduledInject(number, offset, zeroHour.plus(offset), "power", POWER.organisationId(),
                                   "停電が発生した", null, null);
    }

    private static InjectDelivered delivered(ScheduledInject inject) {
        return new InjectDelivered(INCIDENT, inject.number(), inject.offset(), inject.role(), inject.organisationId(),
                                   inject.text(), null, null);
    }

    private static IncidentOpened real() {
        IncidentOpened exercise = opened();
        return new IncidentOpened(exercise.incidentId(), exercise.title(), exercise.kind(), exercise.trigger(),
                                  exercise.zeroHour(), IncidentMode.REAL, exercise.coordinatingHq(),
                                  exercise.openedBy(), exercise.planVersion(), exercise.obligationsFrom());
    }
}
