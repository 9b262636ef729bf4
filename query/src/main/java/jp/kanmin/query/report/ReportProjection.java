package jp.kanmin.query.report;

import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.query.support.Paging;
import jp.kanmin.shared.report.ReportType;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import jp.kanmin.query.support.BookProjection;
import jp.kanmin.query.support.IncidentBooks;
import jp.kanmin.query.support.Positions;
import jp.kanmin.shared.participation.ParticipationEvent.Report;
import jp.kanmin.shared.participation.ParticipationEvent.ReportConfirmed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.function.UnaryOperator;

/**
 * Keeps each incident's report threads (latest report and count), and beside them each report of a thread's history
 * and an index from report id to its place, so that confirmations and corrections find the report they name and a
 * history is read a page at a time.
 */
@Component
@ProcessingGroup("reports")
class ReportProjection extends BookProjection {

    static final String COLLECTION = "report_books";
    /** Kept apart from the threads: a list of threads reads its collection, whatever the length of histories. */
    static final String HISTORY = "report_history";
    private static final String THREADS = "threads";
    private static final String REPORTS = "reports";
    private static final String INDEX = "index";
    /** Newest report first, and among reports of one instant in the order their threads began, as the folded book. */
    private static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, IncidentBooks.valueField("latest.recordedAt"))
                                                 .and(Sort.by(Sort.Direction.ASC, "created"));

    ReportProjection(IncidentBooks books) {
        super(books, HISTORY, COLLECTION);
    }

    /*
     * Redelivery: the thread remembers the position of its last report, so a report it already counted changes
     * nothing; a report not yet counted takes the next place and writes its history entry and index at that place.
     * The history is written before the thread (its collection comes first in the batch's bulk writes), so a crash
     * between the two leaves only entries that the redelivered report writes again, at the same place.
     */
    @EventHandler
    void on(Report report, EventMessage<?> message) {
        String incident = report.incidentId().value();
        long position = Positions.of(message);
        String key = ReportBook.keyOf(report);
        IncidentBooks.Stored<ReportBook.Thread> stored = books.get(COLLECTION, incident, THREADS, key,
                                                                  ReportBook.Thread.class);
        if (stored.position() != null && stored.position() >= position) {
            return;
        }
        ReportBook.Thread thread = ReportBook.posted(stored.value(), report, message.getTimestamp());
        String reportId = report.reportId().value();
        books.put(HISTORY, incident, REPORTS, entry(key, thread.reports()), thread.latest(), position);
        books.put(HISTORY, incident, INDEX, reportId, new ReportBook.Located(key, thread.reports()), position);
        books.put(COLLECTION, incident, THREADS, key, thread, position);
        if (report.facts().supersedes() != null) {
            change(incident, report.facts().supersedes().value(), position, p -> p.withCorrection(reportId));
        }
    }

    @EventHandler
    void on(ReportConfirmed event, EventMessage<?> message) {
        change(event.incidentId().value(), event.reportId().value(), Positions.of(message),
               ReportBook.Posted::asConfirmed);
    }

    /** Changes a report in its thread's history, and the thread too when it is the latest; idempotent. */
    private void change(String incident, String reportId, long position, UnaryOperator<ReportBook.Posted> change) {
        ReportBook.Located at = books.get(HISTORY, incident, INDEX, reportId, ReportBook.Located.class).value();
        if (at == null) {
            return;
        }
        String entry = entry(at.thread(), at.place());
        ReportBook.Posted posted = books.get(HISTORY, incident, REPORTS, entry, ReportBook.Posted.class).value();
        if (posted == null) {
            return;
        }
        ReportBook.Posted changed = change.apply(posted);
        books.put(HISTORY, incident, REPORTS, entry, changed, position);
        ReportBook.Thread thread = books.get(COLLECTION, incident, THREADS, at.thread(), ReportBook.Thread.class)
                                        .value();
        if (thread != null && thread.latest().reportId().equals(reportId)) {
            books.put(COLLECTION, incident, THREADS, at.thread(), thread.changed(changed), position);
        }
    }

    private static String entry(String thread, int place) {
        return thread + "|" + place;
    }

    /** The thread holding a report, and a page of its history, oldest first; empty when there is no such report. */
    Mono<History> history(String incidentId, String reportId, Paging paging) {
        return books.entries(HISTORY, incidentId, INDEX, List.of(reportId), ReportBook.Located.class)
                   .flatMapIterable(located -> located)
                   .next()
                   .flatMap(at -> books.entries(COLLECTION, incidentId, THREADS, List.of(at.thread()),
                                                ReportBook.Thread.class))
                   .flatMapIterable(threads -> threads)
                   .next()
                   .flatMap(thread -> {
                       List<String> page = java.util.stream.IntStream
                               .rangeClosed((int) paging.offset() + 1,
                                            (int) Math.min(thread.reports(), paging.offset() + paging.limit()))
                               .mapToObj(place -> entry(thread.key(), place)).toList();
                       return books.entries(HISTORY, incidentId, REPORTS, page, ReportBook.Posted.class)
                                   .map(reports -> new History(thread, reports));
                   });
    }

    /** The report before each thread's latest, by thread key; threads of one report have none. */
    Mono<Map<String, ReportBook.Posted>> previous(String incidentId, List<ReportBook.Thread> threads) {
        Map<String, String> threadOfEntry = new java.util.HashMap<>();
        threads.stream().filter(thread -> thread.reports() > 1)
               .forEach(thread -> threadOfEntry.put(entry(thread.key(), thread.reports() - 1), thread.key()));
        return books.entriesByKey(HISTORY, incidentId, REPORTS, List.copyOf(threadOfEntry.keySet()),
                                  ReportBook.Posted.class)
                    .map(found -> {
                        Map<String, ReportBook.Posted> byThread = new java.util.HashMap<>();
                        found.forEach((entry, posted) -> byThread.put(threadOfEntry.get(entry), posted));
                        return byThread;
                    });
    }

    /** A thread and a page of its reports. */
    record History(ReportBook.Thread thread, List<ReportBook.Posted> reports) {
    }

    /**
     * A page of the threads, newest report first, optionally of one organisation and kind, without the damage
     * surveys of businesses the reader may not see; read by the store.
     */
    Mono<IncidentBooks.Page<ReportBook.Thread>> threads(String incidentId, String organisationId, ReportType type,
                                                       Disclosure.Reader reader, Paging paging) {
        books.ensureIndex(COLLECTION, NEWEST_FIRST);
        books.ensureIndex(COLLECTION, NEWEST_FIRST, "organisationId");
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
        return books.page(COLLECTION, incidentId, THREADS, filters, NEWEST_FIRST, paging.offset(), paging.limit(),
                          ReportBook.Thread.class);
    }
}
