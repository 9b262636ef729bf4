package jp.kanmin.shared.fork;

import jp.kanmin.shared.damage.DamageJudgementEvent.DamageScaleDeclared;
import jp.kanmin.shared.damage.JudgementId;
import jp.kanmin.shared.incident.IncidentEvent.ExerciseArchived;
import jp.kanmin.shared.incident.IncidentEvent.IncidentForked;
import jp.kanmin.shared.incident.IncidentEvent.IncidentOpened;
import jp.kanmin.shared.incident.IncidentEvent.IncidentReopened;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.incident.IncidentMode;
import jp.kanmin.shared.incident.IncidentTrigger;
import jp.kanmin.shared.incident.ObligationsFrom;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationEvent.StaffSafetyReported;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.report.Area;
import jp.kanmin.shared.report.DamageScale;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.support.SupportRequestCommands.Priority;
import jp.kanmin.shared.support.SupportRequestCommands.Resource;
import jp.kanmin.shared.support.SupportRequestEvent.SupportAccepted;
import jp.kanmin.shared.support.SupportRequestEvent.SupportRequested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** An incident's events as an exercise forked from it records them: the fork's ids, times moved on, text kept. */
class ForkedEventsTest {

    static final IncidentId SOURCE = IncidentId.of("6f1c1d7e-0000-4000-8000-000000000001");
    static final IncidentId FORK = IncidentId.of("6f1c1d7e-0000-4000-8000-000000000002");
    static final IncidentId OTHER = IncidentId.of("6f1c1d7e-0000-4000-8000-000000000003");
    static final OrganisationId CITY = OrganisationId.of("city");
    static final OrganisationId CHAMBER = OrganisationId.of("chamber");
    static final OrganisationId TRAINER = OrganisationId.of("trainer");
    static final Instant ZERO_HOUR = Instant.parse("2026-09-01T01:00:00Z");
    static final Duration SHIFT = Duration.ofDays(90);

    final ForkedEvents inFork = new ForkedEvents(SOURCE, FORK, SHIFT, "分岐: 3時間後から", TRAINER);

    @Test
    void aReportIsTheForksWithItsTimesMovedOnAndItsWordsKept() {
        String noteThatLooksLikeATime = "2026-09-01T03:00:00Z";
        var reported = new StaffSafetyReported(
                new ParticipationId(SOURCE, CHAMBER), ReportId.of("r-1"), 2,
                new ReportContent.StaffSafety(10, 1, 0, 0, null),
                new ReportFacts(ZERO_HOUR.plusSeconds(600), true, ReportId.of("r-0"), noteThatLooksLikeATime,
                                new Area("相良地区", 34.7, 138.2, CHAMBER)));

        assertThat(inFork.copyOf(reported)).contains(new StaffSafetyReported(
                new ParticipationId(FORK, CHAMBER), ReportId.of("r-1"), 2,
                new ReportContent.StaffSafety(10, 1, 0, 0, null),
                new ReportFacts(ZERO_HOUR.plusSeconds(600).plus(SHIFT), true, ReportId.of("r-0"),
                                noteThatLooksLikeATime, new Area("相良地区", 34.7, 138.2, CHAMBER))));
    }

    @Test
    void theForkIsANewExerciseOpenedByWhoeverForkedItUnderItsOwnTitle() {
        var opened = new IncidentOpened(SOURCE, "台風10号", IncidentKind.TYPHOON, IncidentTrigger.values()[0], ZERO_HOUR,
                                        IncidentMode.REAL, CITY, CITY, "plan-1", ObligationsFrom.ZERO_HOUR);

        assertThat(inFork.copyOf(opened)).contains(new IncidentOpened(
                FORK, "分岐: 3時間後から", IncidentKind.TYPHOON, IncidentTrigger.values()[0], ZERO_HOUR.plus(SHIFT),
                IncidentMode.EXERCISE, CITY, TRAINER, "plan-1", ObligationsFrom.ZERO_HOUR));
        assertThat(inFork.copyOf(new ExerciseArchived(SOURCE, CITY))).as("not archived with its source").isEmpty();
    }

    @Test
    void compoundIdsAndCollectionsCarryTheForksIdWhileOtherIncidentsKeepTheirs() {
        var declared = new DamageScaleDeclared(new JudgementId(SOURCE, CHAMBER, "相良地区"), DamageScale.LARGE, "全壊 3",
                                               CHAMBER, CITY, CHAMBER, CITY);
        assertThat(inFork.copyOf(declared)).contains(new DamageScaleDeclared(
                new JudgementId(FORK, CHAMBER, "相良地区"), DamageScale.LARGE, "全壊 3", CHAMBER, CITY, CHAMBER, CITY));

        var reopened = new IncidentReopened(SOURCE, "再開", CITY, Set.of(CITY, CHAMBER));
        assertThat(inFork.copyOf(reopened)).contains(new IncidentReopened(FORK, "再開", CITY, Set.of(CITY, CHAMBER)));

        var forkOfAFork = new IncidentForked(SOURCE, OTHER, ZERO_HOUR, Duration.ofHours(1), CITY);
        assertThat(inFork.copyOf(forkOfAFork)).contains(new IncidentForked(FORK, OTHER, ZERO_HOUR.plus(SHIFT),
                                                                           Duration.ofHours(1), CITY));
    }

    @Test
    void aSupportRequestIsItsOwnAggregateInTheForkTheSameOnEveryTry() {
        var requested = new SupportRequested("req-1", SOURCE, CITY, List.of(CHAMBER), false, Resource.WATER, "給水",
                                             10, "t", Priority.URGENT, ZERO_HOUR.plusSeconds(3600));
        var accepted = new SupportAccepted("req-1", SOURCE, CHAMBER, 10, null);

        SupportRequested copy = (SupportRequested) inFork.copyOf(requested).orElseThrow();
        SupportAccepted acceptance = (SupportAccepted) inFork.copyOf(accepted).orElseThrow();

        assertThat(copy.supportRequestId()).isNotEqualTo("req-1")
                                           .isEqualTo(acceptance.supportRequestId())
                                           .isEqualTo(new ForkedEvents(SOURCE, FORK, SHIFT, "再試行", TRAINER)
                                                              .supportRequestInFork("req-1"));
        assertThat(copy).isEqualTo(new SupportRequested(copy.supportRequestId(), FORK, CITY, List.of(CHAMBER), false,
                                                        Resource.WATER, "給水", 10, "t", Priority.URGENT,
                                                        ZERO_HOUR.plusSeconds(3600).plus(SHIFT)));
    }
}
