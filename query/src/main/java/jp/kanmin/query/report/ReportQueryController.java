package jp.kanmin.query.report;

import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.query.timeline.TimelineEvents;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
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

import java.time.Instant;
import java.util.List;

/**
 * The latest report of each organisation on each subject, with the reports before it: as known now or
 * {@code asOf} an instant ("what did the HQ know at 14:00"), optionally limited to what had been observed by
 * {@code observedBefore} ("what had happened by 14:00").
 */
@ReadsFrom({ReadsFrom.INCIDENTS, ReadsFrom.DIRECTORY, ReadsFrom.REPORTS, ReadsFrom.TIMELINE})
@RestController
@RequestMapping("/api/incidents/{incidentId}/reports")
class ReportQueryController {

    private final ReportProjection projection;
    private final TimelineEvents events;
    private final Disclosure disclosure;

    ReportQueryController(ReportProjection projection, TimelineEvents events,
                          Disclosure disclosure) {
        this.projection = projection;
        this.events = events;
        this.disclosure = disclosure;
    }

    record Reports(String incidentId, Instant asOf, Instant observedBefore, List<ReportBook.Thread> threads) {
    }

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
        Paging paging = Paging.of(offset, limit);
        if (asOf == null && observedBefore == null) {
            return disclosure.reader(incidentId, caller).flatMap(reader -> projection.threads(
                    incident, organisationId == null ? null : organisationId.value(), type, reader, paging).map(
                    page -> new Reports(incident, null, null, paging.respond(page.entries(), page.total(), exchange))));
        }
        // as the book stood at an instant, or as observed by one: folded from the timeline, paged here
        return disclosure.reader(incidentId, caller).flatMap(reader -> book(incident, asOf).map(book -> new Reports(
                incident, asOf, observedBefore,
                paging.slice(book.threads(organisationId == null ? null : organisationId.value(), type, observedBefore)
                                 .stream()
                                 .filter(t -> t.type() != ReportType.DAMAGE_SURVEY
                                              || reader.seesBusinessesOf(t.organisationId()))
                                 .toList(), exchange))));
    }

    private Mono<ReportBook> book(String incident, Instant asOf) {
        if (asOf == null) {
            return projection.book(incident);
        }
        return events.replay(incident, asOf, new ReportBook());
    }
}
