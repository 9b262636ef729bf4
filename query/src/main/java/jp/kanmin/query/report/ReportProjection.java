package jp.kanmin.query.report;

import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.query.support.Paging;
import jp.kanmin.shared.report.ReportType;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;

import java.util.ArrayList;
import java.util.List;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import jp.kanmin.query.support.IncidentBooks;
import jp.kanmin.query.support.Positions;
import jp.kanmin.shared.participation.ParticipationEvent.Report;
import jp.kanmin.shared.participation.ParticipationEvent.ReportConfirmed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.function.UnaryOperator;

/**
 * Keeps each incident's report book: one entry per organisation, kind and subject, and an index from report id to
 * its entry so that confirmations and corrections find the report they name.
 */
@Component
@ProcessingGroup("reports")
class ReportProjection {

    static final String COLLECTION = "report_books";
    private static final String THREADS = "threads";
    private static final String INDEX = "index";

    /** Where a report is kept. */
    record Located(String thread) {
    }

    private final IncidentBooks books;

    ReportProjection(IncidentBooks books) {
        this.books = books;
    }

    @EventHandler
    void on(Report report, EventMessage<?> message) {
        String incident = report.incidentId().value();
        long position = Positions.of(message);
        String key = ReportBook.keyOf(report);
        String reportId = report.reportId().value();
        String corrected = report.facts().supersedes() == null ? null : report.facts().supersedes().value();
        String correctedThread = corrected == null ? null : threadOf(incident, corrected);
        UnaryOperator<ReportBook.Thread> posted = thread -> ReportBook.posted(thread, report, message.getTimestamp());
        // One entry is written once per event, so a correction within the same thread is one transition.
        books.update(COLLECTION, incident, THREADS, key, ReportBook.Thread.class, position, key.equals(correctedThread)
                ? thread -> ReportBook.corrected(posted.apply(thread), corrected, reportId) : posted);
        books.update(COLLECTION, incident, INDEX, reportId, Located.class, position, located -> new Located(key));
        if (correctedThread != null && !key.equals(correctedThread)) {
            books.update(COLLECTION, incident, THREADS, correctedThread, ReportBook.Thread.class, position,
                         thread -> thread == null ? null : ReportBook.corrected(thread, corrected, reportId));
        }
    }

    @EventHandler
    void on(ReportConfirmed event, EventMessage<?> message) {
        String incident = event.incidentId().value();
        String reportId = event.reportId().value();
        String thread = threadOf(incident, reportId);
        if (thread != null) {
            books.update(COLLECTION, incident, THREADS, thread, ReportBook.Thread.class, Positions.of(message),
                         current -> current == null ? null : ReportBook.confirmed(current, reportId));
        }
    }

    private String threadOf(String incident, String reportId) {
        Located located = books.get(COLLECTION, incident, INDEX, reportId, Located.class).value();
        return located == null ? null : located.thread();
    }

    Mono<ReportBook> book(String incidentId) {
        return books.sections(COLLECTION, incidentId, THREADS).map(sections -> {
            ReportBook book = new ReportBook();
            books.entries(sections, THREADS, ReportBook.Thread.class).forEach(thread -> {
                book.threads.put(thread.key(), thread);
                book.threadOfReport.put(thread.latest().reportId(), thread.key());
                thread.earlier().forEach(p -> book.threadOfReport.put(p.reportId(), thread.key()));
            });
            return book;
        });
    }

    /**
     * A page of the threads, newest report first, optionally of one organisation and kind, without the damage
     * surveys of businesses the reader may not see; read by the store.
     */
    Mono<IncidentBooks.Page<ReportBook.Thread>> threads(String incidentId, String organisationId, ReportType type,
                                                       Disclosure.Reader reader, Paging paging) {
        books.ensureIndex(COLLECTION, "latest.recordedAt");
        books.ensureIndex(COLLECTION, "organisationId", "latest.recordedAt");
        List<Criteria> filters = new ArrayList<>();
        if (organisationId != null) {
            filters.add(IncidentBooks.valueIs("organisationId", organisationId));
        }
        if (type != null) {
            filters.add(IncidentBooks.valueIs("type", type.name()));
        }
        if (!reader.seesEveryBusiness()) {
            filters.add(new Criteria().orOperator(
                    where(IncidentBooks.valueField("type")).ne(ReportType.DAMAGE_SURVEY.name()),
                    IncidentBooks.valueIs("organisationId", reader.organisationId())));
        }
        // newest first, and among reports of one instant in the order their threads began, as the folded book
        Sort order = Sort.by(Sort.Direction.DESC, IncidentBooks.valueField("latest.recordedAt"))
                         .and(Sort.by(Sort.Direction.ASC, "created"));
        return books.page(COLLECTION, incidentId, THREADS, filters, order, paging.offset(), paging.limit(), ReportBook.Thread.class);
    }

    @EventHandler
    void on(jp.kanmin.shared.incident.IncidentEvent.ExerciseDeleted event) {
        books.remove(COLLECTION, event.incidentId().value());
    }

    @ResetHandler
    void reset() {
        books.drop(COLLECTION);
    }
}
