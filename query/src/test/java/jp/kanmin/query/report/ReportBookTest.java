package jp.kanmin.query.report;

import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.InfrastructureSector;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationEvent.OutageReported;
import jp.kanmin.shared.participation.ParticipationEvent.ReportConfirmed;
import jp.kanmin.shared.participation.ParticipationEvent.RestorationEtaUpdated;
import jp.kanmin.shared.participation.ParticipationEvent.StaffSafetyReported;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import jp.kanmin.shared.report.ReportType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The report book keeps each subject's latest report and its history, corrected or confirmed. */
class ReportBookTest {

    static final IncidentId INCIDENT = IncidentId.of("6f1c2d3e-0000-4000-8000-000000000002");
    static final ParticipationId PARK = new ParticipationId(INCIDENT, OrganisationId.of("park"));
    static final ParticipationId POWER = new ParticipationId(INCIDENT, OrganisationId.of("power"));
    static final Instant T0 = Instant.parse("2026-09-01T05:00:00Z");

    final ReportBook book = new ReportBook();

    @Test
    void aCorrectionIsTheLatestAndTheReportItCorrectsStaysInTheHistory() {
        book.apply(safety("r1", 1, 10, null, true, T0), T0);
        book.apply(safety("r2", 2, 12, "r1", false, T0), T0.plusSeconds(60));

        ReportBook.Thread thread = book.threads("park", ReportType.STAFF_SAFETY, null).getFirst();
        assertThat(thread.latest().reportId()).isEqualTo("r2");
        assertThat(thread.reports()).isEqualTo(2);
        assertThat(book.history(thread)).first().satisfies(first -> {
            assertThat(first.correctedBy()).isEqualTo("r2");
            assertThat(first.confirmed()).isFalse();
        });
    }

    @Test
    void anUnconfirmedReportIsConfirmedLater() {
        book.apply(safety("r1", 1, 10, null, true, T0), T0);
        book.apply(new ReportConfirmed(PARK, ReportId.of("r1"), "電話で確認"), T0.plusSeconds(30));

        ReportBook.Thread thread = book.threads(null, null, null).getFirst();
        assertThat(thread.latest().confirmed()).isTrue();
        assertThat(book.history(thread)).singleElement().extracting(ReportBook.Posted::confirmed).isEqualTo(true);
    }

    @Test
    void eachOutageIsItsOwnSubjectWithItsEtaUpdates() {
        book.apply(outage("o1", "line-a", 1), T0);
        book.apply(outage("o2", "line-b", 2), T0);
        book.apply(new RestorationEtaUpdated(POWER, ReportId.of("o3"), 3,
                                             new ReportContent.RestorationEta("line-a", T0.plusSeconds(7200), "倒木"),
                                             ReportFacts.observedAt(T0), T0.plusSeconds(3600)), T0.plusSeconds(60));

        List<ReportBook.Thread> threads = book.threads("power", null, null);
        assertThat(threads).extracting(ReportBook.Thread::subject).containsExactlyInAnyOrder("line-a", "line-b");
        ReportBook.Thread lineA = threads.stream().filter(t -> t.subject().equals("line-a")).findFirst().orElseThrow();
        assertThat(lineA.latest().event()).isEqualTo("RestorationEtaUpdated");
        assertThat(book.history(lineA)).extracting(ReportBook.Posted::reportId).containsExactly("o1", "o3");
        assertThat(book.threadOf("o1")).isEqualTo(lineA);
    }

    @Test
    void whatHadHappenedByAnInstantLeavesOutLaterObservations() {
        book.apply(safety("r1", 1, 10, null, false, T0), T0);
        book.apply(safety("r2", 2, 12, null, false, T0.plus(Duration.ofHours(2))), T0.plus(Duration.ofHours(2)));

        ReportBook.Thread byOne = book.threads(null, null, T0.plus(Duration.ofHours(1))).getFirst();
        assertThat(byOne.latest().reportId()).isEqualTo("r1");
        assertThat(byOne.reports()).as("only what had been observed counts").isEqualTo(1);
        assertThat(book.threads(null, null, T0.minusSeconds(1))).isEmpty();
    }

    @Test
    void aRedeliveredReportIsKeptOnce() {
        StaffSafetyReported report = safety("r1", 1, 10, null, false, T0);
        book.apply(report, T0);
        book.apply(report, T0);

        ReportBook.Thread thread = book.threads(null, null, null).getFirst();
        assertThat(thread.reports()).isEqualTo(1);
        assertThat(book.history(thread)).hasSize(1);
    }

    private static StaffSafetyReported safety(String id, int number, int safe, String supersedes, boolean unconfirmed,
                                              Instant observedAt) {
        return new StaffSafetyReported(PARK, ReportId.of(id), number, new ReportContent.StaffSafety(safe, 0, 0, 0, null),
                                       new ReportFacts(observedAt, unconfirmed,
                                                       supersedes == null ? null : ReportId.of(supersedes), null, null));
    }

    private static OutageReported outage(String id, String outageId, int number) {
        return new OutageReported(POWER, ReportId.of(id), number,
                                  new ReportContent.Outage(outageId, InfrastructureSector.POWER, 100, null, "倒木",
                                                           T0.plusSeconds(3600)),
                                  ReportFacts.observedAt(T0));
    }
}
