package jp.kanmin.query.task;

import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.participation.Fulfilment;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskActivated;
import jp.kanmin.shared.participation.ParticipationEvent.TaskCompleted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskOverdue;
import jp.kanmin.shared.participation.ParticipationEvent.TaskWaived;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.plan.Completion;
import jp.kanmin.shared.plan.LocalizedText;
import jp.kanmin.shared.plan.TaskId;
import jp.kanmin.shared.report.ReportType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The task book as a plain object: feed events, ask for views at an instant. */
class TaskBookTest {

    static final Instant ZERO = Instant.parse("2026-11-20T05:46:00Z");
    static final IncidentId INCIDENT = IncidentId.of("6f0c5a2e-4b1d-4c8e-9a57-1d2e3f4a5b6c");
    static final ParticipationId CHAMBER = new ParticipationId(INCIDENT, OrganisationId.of("makinohara-chamber"));
    static final ParticipationId CITY = new ParticipationId(INCIDENT, OrganisationId.of("makinohara-city"));

    static TaskActivated staffSafety(ParticipationId who) {
        return new TaskActivated(who, TaskId.of("staff-safety"), 1, new LocalizedText("職員の安否確認報告", "Report staff safety"),
                                 ZERO.plus(Duration.ofHours(2)), Duration.ofHours(2),
                                 Completion.byReport(ReportType.STAFF_SAFETY), "v1", null);
    }

    TaskBook bookWithTwoOrganisations() {
        TaskBook book = TaskBook.empty(INCIDENT.value());
        book.apply(new ParticipationStarted(CHAMBER, ZERO, OrganisationType.CHAMBER_OF_COMMERCE, IncidentKind.EARTHQUAKE,
                                            "v1", null), ZERO);
        book.apply(new ParticipationStarted(CITY, ZERO, OrganisationType.MUNICIPALITY, IncidentKind.EARTHQUAKE, "v1", null),
                   ZERO);
        book.apply(staffSafety(CHAMBER), ZERO.plusSeconds(1));
        book.apply(staffSafety(CITY), ZERO.plusSeconds(1));
        return book;
    }

    @Test
    void beforeTheDeadlineATaskIsDueWithTimeLeft() {
        TaskBook.Board board = bookWithTwoOrganisations().board("makinohara-chamber", ZERO.plus(Duration.ofMinutes(30)));

        TaskBook.TaskLine line = board.tiers().getFirst().tasks().getFirst();
        assertThat(line.overdue()).isFalse();
        assertThat(line.timeLeft()).isEqualTo(Duration.ofMinutes(90));
        assertThat(line.dueAtLocal()).isEqualTo("2026-11-20 16:46 JST");
    }

    @Test
    void theHqOverviewPutsTheWorstOverdueFirst() {
        TaskBook book = bookWithTwoOrganisations();
        book.apply(new TaskCompleted(CITY, TaskId.of("staff-safety"), Fulfilment.report(ReportId.random()), null,
                                     ZERO.plus(Duration.ofHours(2)), false), ZERO.plus(Duration.ofMinutes(40)));
        book.apply(new TaskOverdue(CHAMBER, TaskId.of("staff-safety"), ZERO.plus(Duration.ofHours(2))),
                   ZERO.plus(Duration.ofHours(2)));

        TaskBook.Overview overview = book.overview(ZERO.plus(Duration.ofHours(3)));

        assertThat(overview.organisations()).extracting(TaskBook.Row::organisationId)
                                            .containsExactly("makinohara-chamber", "makinohara-city");
        TaskBook.Row chamber = overview.organisations().getFirst();
        assertThat(chamber.tiers().get(1).overdue()).isEqualTo(1);
        assertThat(chamber.worstOverdueBy()).isEqualTo(Duration.ofHours(1));
        assertThat(overview.organisations().get(1).tiers().get(1).done()).isEqualTo(1);
    }

    @Test
    void onlyOrganisationsStillWithoutAStaffSafetyReportAreMissing() {
        TaskBook book = bookWithTwoOrganisations();
        book.apply(new TaskCompleted(CITY, TaskId.of("staff-safety"), Fulfilment.report(ReportId.random()), null,
                                     ZERO.plus(Duration.ofHours(2)), false), ZERO.plus(Duration.ofMinutes(40)));

        TaskBook.MissingStaffSafety missing = book.staffSafetyMissing(ZERO.plus(Duration.ofMinutes(150)));

        assertThat(missing.organisations()).extracting(TaskBook.Missing::organisationId)
                                           .containsExactly("makinohara-chamber");
        assertThat(missing.organisations().getFirst().overdueBy()).isEqualTo(Duration.ofMinutes(30));
        assertThat(missing.organisations().getFirst().sinceZeroHour()).isEqualTo(Duration.ofMinutes(150));
    }

    @Test
    void aWaivedTaskIsNeitherDueNorOverdue() {
        TaskBook book = bookWithTwoOrganisations();
        book.apply(new TaskWaived(CHAMBER, TaskId.of("staff-safety"), "市が代行"), ZERO.plusSeconds(60));

        TaskBook.Counts counts = book.overview(ZERO.plus(Duration.ofHours(5))).organisations().stream()
                                     .filter(row -> row.organisationId().equals("makinohara-chamber"))
                                     .findFirst().orElseThrow().tiers().get(1);
        assertThat(counts).isEqualTo(new TaskBook.Counts(0, 0, 0, 1, 0));
    }
}
