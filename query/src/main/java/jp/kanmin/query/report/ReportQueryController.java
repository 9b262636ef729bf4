package jp.kanmin.query.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.query.timeline.TimelineEvents;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.report.ReportType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import jp.kanmin.query.support.Paging;
import org.springframework.web.server.ServerWebExchange;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The latest report of each organisation on each subject, with how many there are: as known now or {@code asOf} an
 * instant ("what did the HQ know at 14:00"), optionally limited to what had been observed by {@code observedBefore}
 * ("what had happened by 14:00"); and the history of the thread holding a report, a page at a time.
 */
@ReadsFrom({ReadsFrom.INCIDENTS, ReadsFrom.DIRECTORY, ReadsFrom.REPORTS, ReadsFrom.TIMELINE})
@Tag(name = "Reports")
@RestController
@RequestMapping("/api/incidents/{incidentId}/reports")
class ReportQueryController {

    private final ReportProjection projection;
    private final TimelineEvents events;
    private final Disclosure disclosure;
    private final Clock clock;

    ReportQueryController(ReportProjection projection, TimelineEvents events, Disclosure disclosure, Clock clock) {
        this.projection = projection;
        this.events = events;
        this.disclosure = disclosure;
        this.clock = clock;
    }

    record Reports(String incidentId, Instant asOf, Instant observedBefore, List<ReportBook.Thread> threads) {
    }

    /** A thread and a page of its reports, oldest (第1報) first. */
    record History(String incidentId, Instant asOf, ReportBook.Thread thread, List<ReportBook.Posted> reports) {
    }

    @Operation(summary = "List reports", description = """
            The latest report of each organisation on each subject (a site, an outage, a shelter, a business),
            with how many there are in its thread (第1報, 第2報, …), a page at a time. As known now, or `asOf` an
            instant (what the HQ knew at 14:00), optionally limited to what had been observed by
            `observedBefore` (what had happened by 14:00). A business's survey shows its name only to whom the
            disclosure rules allow.""")
    @GetMapping
    Mono<Reports> reports(@PathVariable IncidentId incidentId,
                          @RequestParam(required = false) OrganisationId organisationId,
                          @RequestParam(required = false) ReportType type,
                          @RequestParam(required = false) Instant asOf,
                          @RequestParam(required = false) Instant observedBefore,
                          @RequestParam(required = false) Integer offset,
                          @RequestParam(required = false) Integer limit,
                          @AuthenticationPrincipal Caller caller, ServerWebExchange exchange) {
        String incident = incidentId.value();
        String organisation = organisationId == null ? null : organisationId.value();
        Paging paging = Paging.of(offset, limit);
        if (asOf == null && observedBefore == null) {
            return disclosure.reader(incidentId, caller).flatMap(reader -> projection.threads(
                    incident, organisation, type, reader, paging).map(
                    page -> new Reports(incident, null, null, paging.respond(page.entries(), page.total(), exchange))));
        }
        // as the book stood at an instant, or as observed by one: folded from the timeline, paged here
        return disclosure.reader(incidentId, caller).flatMap(reader -> book(incident, asOf).map(book -> new Reports(
                incident, asOf, observedBefore,
                paging.slice(book.threads(organisation, type, observedBefore).stream()
                                 .filter(thread -> visible(thread, reader)).toList(), exchange))));
    }

    @Operation(summary = "Read a report's history", description = """
            The thread holding a report, oldest (第1報) first, a page at a time: every revision and correction.""")
    @GetMapping("/{reportId}/history")
    Mono<History> history(@PathVariable IncidentId incidentId, @PathVariable ReportId reportId,
                          @RequestParam(required = false) Instant asOf,
                          @RequestParam(required = false) Integer offset,
                          @RequestParam(required = false) Integer limit,
                          @AuthenticationPrincipal Caller caller, ServerWebExchange exchange) {
        String incident = incidentId.value();
        Paging paging = Paging.of(offset, limit);
        Mono<History> found = asOf == null
                ? projection.history(incident, reportId.value(), paging).map(page -> new History(
                        incident, null, page.thread(),
                        paging.respond(page.reports(), page.thread().reports(), exchange)))
                : book(incident, asOf).mapNotNull(book -> {
                    ReportBook.Thread thread = book.threadOf(reportId.value());
                    return thread == null ? null
                            : new History(incident, asOf, thread, paging.slice(book.history(thread), exchange));
                });
        return disclosure.reader(incidentId, caller)
                         .flatMap(reader -> found.filter(history -> visible(history.thread(), reader)))
                         .switchIfEmpty(Mono.error(() -> RuleViolation.notFound(
                                 "report-not-found", "no report " + reportId + " in this incident"
                                                     + (asOf == null ? "" : " as of " + asOf))));
    }

    /** A business's damage survey is shown to whom its name is (see {@link Disclosure}). */
    private static boolean visible(ReportBook.Thread thread, Disclosure.Reader reader) {
        return thread.type() != ReportType.DAMAGE_SURVEY || reader.seesBusinessesOf(thread.organisationId());
    }

    private Mono<ReportBook> book(String incident, Instant asOf) {
        return events.replay(incident, asOf == null ? clock.instant() : asOf, new ReportBook());
    }
}
