package jp.kanmin.query.task;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.query.support.SharedReads;
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
import java.util.List;

/**
 * Task boards, the HQ overview and who has not reported staff safety, now or {@code asOf} any instant (computed from
 * the timeline entries recorded up to it). Due times are instants, with a Japan-time text beside each.
 */
@ReadsFrom({ReadsFrom.INCIDENTS, ReadsFrom.TASKS, ReadsFrom.TIMELINE})
@Tag(name = "Tasks")
@RestController
@RequestMapping("/api/incidents/{incidentId}")
class TaskQueryController {

    private final TaskProjection projection;
    private final SharedReads reads;
    private final TimelineEvents events;
    private final IncidentAccess access;
    private final Clock clock;

    TaskQueryController(TaskProjection projection, SharedReads reads, TimelineEvents events,
                        IncidentAccess access, Clock clock) {
        this.projection = projection;
        this.reads = reads;
        this.events = events;
        this.access = access;
        this.clock = clock;
    }

    @Operation(summary = "Read a task board", description = """
            An organisation's phase tasks by tier (1 safety and damage picture, 2 response, 3 information):
            done, due or overdue, each due time an instant with its Japan-time text. The caller's own board
            unless `organisationId` names another participant; now or `asOf` an instant.""")
    @GetMapping("/tasks")
    Mono<TaskBook.Board> board(@PathVariable IncidentId incidentId,
                               @RequestParam(required = false) OrganisationId organisationId,
                               @RequestParam(required = false) Instant asOf,
                               @AuthenticationPrincipal Caller caller) {
        OrganisationId whose = organisationId != null ? organisationId : caller.organisationId();
        Instant at = asOf != null ? asOf : clock.instant();
        return book(incidentId, asOf, caller)
                .map(book -> book.rendered.at(at, List.of("board", whose), () -> book.board(whose.value(), at)));
    }

    @Operation(summary = "Read the HQ overview (全体状況)", description = """
            Each organisation × tier: done, due and overdue counts, the worst overdue first; now or `asOf` an
            instant.""")
    @GetMapping("/overview")
    Mono<TaskBook.Overview> overview(@PathVariable IncidentId incidentId,
                                     @RequestParam(required = false) Instant asOf,
                                     @AuthenticationPrincipal Caller caller) {
        Instant at = asOf != null ? asOf : clock.instant();
        return book(incidentId, asOf, caller).map(book -> book.rendered.at(at, "overview", () -> book.overview(at)));
    }

    @Operation(summary = "Who has not reported staff safety (安否未報告)", description = """
            Participating organisations whose staff-safety report (安否確認) is still missing, with how long past
            due.""")
    @GetMapping("/staff-safety/missing")
    Mono<TaskBook.MissingStaffSafety> staffSafetyMissing(@PathVariable IncidentId incidentId,
                                                         @RequestParam(required = false) Instant asOf,
                                                         @AuthenticationPrincipal Caller caller) {
        Instant at = asOf != null ? asOf : clock.instant();
        return book(incidentId, asOf, caller)
                .map(book -> book.rendered.at(at, "staff safety missing", () -> book.staffSafetyMissing(at)));
    }

    private Mono<TaskBook> book(IncidentId incidentId, Instant asOf, Caller caller) {
        String incident = incidentId.value();
        Mono<TaskBook> book = asOf == null
                ? reads.read(ReadsFrom.TASKS, incident, () -> projection.book(incident))
                : events.replay(incident, asOf, TaskBook.empty(incident));
        return access.readable(incidentId, caller).then(book);
    }
}
