package jp.kanmin.query.task;

import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.query.incident.IncidentAccess;
import jp.kanmin.query.timeline.TimelineEvents;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;

/**
 * Task boards, the HQ overview and who has not reported staff safety, now or {@code asOf} any instant (computed from
 * the timeline entries recorded up to it). Due times are instants, with a Japan-time text beside each.
 */
@ReadsFrom({ReadsFrom.INCIDENTS, ReadsFrom.TASKS, ReadsFrom.TIMELINE})
@RestController
@RequestMapping("/api/incidents/{incidentId}")
class TaskQueryController {

    private final TaskProjection projection;
    private final TimelineEvents events;
    private final IncidentAccess access;
    private final Clock clock;

    TaskQueryController(TaskProjection projection, TimelineEvents events,
                        IncidentAccess access, Clock clock) {
        this.projection = projection;
        this.events = events;
        this.access = access;
        this.clock = clock;
    }

    /** An organisation's board: the caller's own unless {@code organisationId} names another participant. */
    @GetMapping("/tasks")
    Mono<TaskBook.Board> board(@PathVariable IncidentId incidentId,
                               @RequestParam(required = false) OrganisationId organisationId,
                               @RequestParam(required = false) Instant asOf,
                               @AuthenticationPrincipal Caller caller) {
        OrganisationId whose = organisationId != null ? organisationId : caller.organisationId();
        Instant at = asOf != null ? asOf : clock.instant();
        return book(incidentId, asOf, caller).map(book -> book.board(whose.value(), at));
    }

    /** 全体状況: each organisation × tier, done / due / overdue, the worst overdue first. */
    @GetMapping("/overview")
    Mono<TaskBook.Overview> overview(@PathVariable IncidentId incidentId,
                                     @RequestParam(required = false) Instant asOf,
                                     @AuthenticationPrincipal Caller caller) {
        Instant at = asOf != null ? asOf : clock.instant();
        return book(incidentId, asOf, caller).map(book -> book.overview(at));
    }

    /** 安否未報告: organisations whose staff-safety report is still missing. */
    @GetMapping("/staff-safety/missing")
    Mono<TaskBook.MissingStaffSafety> staffSafetyMissing(@PathVariable IncidentId incidentId,
                                                         @RequestParam(required = false) Instant asOf,
                                                         @AuthenticationPrincipal Caller caller) {
        Instant at = asOf != null ? asOf : clock.instant();
        return book(incidentId, asOf, caller).map(book -> book.staffSafetyMissing(at));
    }

    private Mono<TaskBook> book(IncidentId incidentId, Instant asOf, Caller caller) {
        String incident = incidentId.value();
        Mono<TaskBook> book = asOf == null
                ? projection.book(incident)
                : events.replay(incident, asOf, TaskBook.empty(incident));
        return access.readable(incidentId, caller).then(book);
    }
}
