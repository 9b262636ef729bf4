package jp.kanmin.query.calendar;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.incident.IncidentAccess;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** An organisation's deadlines in an incident as an iCalendar file, for a client holding a token. */
@Tag(name = "Tasks")
@RestController
@ReadsFrom({ReadsFrom.INCIDENTS, ReadsFrom.DIRECTORY, ReadsFrom.TASKS, ReadsFrom.EXCHANGES})
public class CalendarController {

    public static final MediaType TEXT_CALENDAR = MediaType.parseMediaType("text/calendar;charset=UTF-8");

    private final IncidentAccess access;
    private final IncidentCalendars calendars;

    CalendarController(IncidentAccess access, IncidentCalendars calendars) {
        this.access = access;
        this.calendars = calendars;
    }

    @Operation(summary = "Download the deadlines as iCalendar (予定表)", description = """
            An organisation's phase-task deadlines and the sharing slots it owes (情報共有の期限) in this incident,
            as RFC 5545 events in Japan time (Asia/Tokyo), for an office calendar. The caller's own unless
            `organisationId` names another participant. A calendar application that cannot send a token
            subscribes through `POST .../calendar-subscriptions` instead.""")
    @GetMapping(value = "/api/incidents/{incidentId}/calendar.ics", produces = "text/calendar")
    Mono<ResponseEntity<String>> calendar(@PathVariable IncidentId incidentId,
                                          @RequestParam(required = false) OrganisationId organisationId,
                                          @AuthenticationPrincipal Caller caller) {
        OrganisationId whose = organisationId != null ? organisationId : caller.organisationId();
        return access.readable(incidentId, caller)
                     .flatMap(incident -> calendars.of(incident, whose))
                     .map(CalendarController::ics);
    }

    public static ResponseEntity<String> ics(String text) {
        return ResponseEntity.ok().contentType(TEXT_CALENDAR).body(text);
    }
}
