package jp.kanmin.command.participation;

import jp.kanmin.command.testing.Fixtures;
import jp.kanmin.shared.participation.ParticipationCommands.ActivatePlanTasks;
import jp.kanmin.shared.participation.ParticipationCommands.StartTask;
import jp.kanmin.shared.participation.ParticipationEvent.TaskEscalated;
import jp.kanmin.shared.participation.ParticipationEvent.TaskOverdue;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.plan.TaskId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static jp.kanmin.command.testing.TestData.CHAMBER;
import static jp.kanmin.command.testing.TestData.CITY;
import static jp.kanmin.command.testing.TestData.POWER;
import static jp.kanmin.command.testing.TestData.PREFECTURE;
import static jp.kanmin.command.testing.TestData.participationOf;
import static jp.kanmin.command.testing.TestData.started;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

/**
 * 督促: a chamber that has not reported its staff's safety two hours after the quake, and does nothing about it for
 * another hour, is made known to the prefecture it reports to, and an hour later to the city's HQ (the test chain
 * waits an hour per step).
 */
class TaskEscalationTest {

    private static final ParticipationId CHAMBER_PART = participationOf(CHAMBER);
    private static final TaskId STAFF_SAFETY = TaskId.of("staff-safety");

    private AggregateTestFixture<Participation> fixture;
    private Instant zeroHour;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.forParticipation();
        zeroHour = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    private Instant due() {
        return zeroHour.plus(Duration.ofHours(2));
    }

    @Test
    void anOverdueTaskNobodyActsOnGoesToTheParentsThenToTheHq() {
        fixture.given(started(CHAMBER, zeroHour))
               .andGivenCommands(new ActivatePlanTasks(CHAMBER_PART))
               .whenTimeElapses(Duration.ofHours(4).plusSeconds(1))
               .expectEventsMatching(payloadsMatching(exactly(
                       new TaskOverdue(CHAMBER_PART, STAFF_SAFETY, due()),
                       new TaskEscalated(CHAMBER_PART, STAFF_SAFETY, 1, "PARENTS",
                                         List.of(PREFECTURE.organisationId()), due()),
                       new TaskEscalated(CHAMBER_PART, STAFF_SAFETY, 2, "HQ", List.of(CITY.organisationId()),
                                         due()))));
    }

    @Test
    void anOrganisationWithNoParentsTakingPartGoesStraightToTheHqAndNoFurther() {
        ParticipationId power = participationOf(POWER);
        fixture.given(started(POWER, zeroHour))
               .andGivenCommands(new ActivatePlanTasks(power))
               .whenTimeElapses(Duration.ofHours(5))
               .expectEventsMatching(payloadsMatching(exactly(
                       new TaskOverdue(power, STAFF_SAFETY, due()),
                       new TaskEscalated(power, STAFF_SAFETY, 1, "HQ", List.of(CITY.organisationId()), due()))));
    }

    @Test
    void aTaskSomeoneHasStartedIsNotEscalatedThoughItIsOverdue() {
        fixture.given(started(CHAMBER, zeroHour))
               .andGivenCommands(new ActivatePlanTasks(CHAMBER_PART),
                                 new StartTask(CHAMBER_PART, STAFF_SAFETY, "集計中"))
               .whenTimeElapses(Duration.ofHours(4).plusSeconds(1))
               .expectEventsMatching(payloadsMatching(exactly(
                       new TaskOverdue(CHAMBER_PART, STAFF_SAFETY, due()))));
    }

    /** The events expected, in order, and nothing else. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Matcher<List<Object>> exactly(Object... events) {
        Matcher[] each = Stream.concat(Stream.of(events).map(Matchers::equalTo), Stream.of(andNoMore()))
                               .toArray(Matcher[]::new);
        return exactSequenceOf(each);
    }
}
