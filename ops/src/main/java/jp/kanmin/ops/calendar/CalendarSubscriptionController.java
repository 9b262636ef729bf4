package jp.kanmin.ops.calendar;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.calendar.CalendarController;
import jp.kanmin.query.calendar.IncidentCalendars;
import jp.kanmin.query.incident.IncidentAccess;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;

/**
 * Subscribing an office calendar to an organisation's deadlines: the organisation asks for a URL, pastes it into its
 * calendar application, and revokes it when a laptop is lost. The URL answers only while the organisation takes part.
 */
@Tag(name = "Tasks")
@RestController
class CalendarSubscriptionController {

    private final CalendarSubscriptions subscriptions;
    private final IncidentAccess access;
    private final IncidentCalendars calendars;

    CalendarSubscriptionController(CalendarSubscriptions subscriptions, IncidentAccess access,
                                   IncidentCalendars calendars) {
        this.subscriptions = subscriptions;
        this.access = access;
        this.calendars = calendars;
    }

    record Subscribed(String subscriptionId, String organisationId, String url) {
    }

    @Operation(summary = "Subscribe a calendar to the deadlines (予定表の購読)", description = """
            Issues a URL that opens the caller's deadlines in this incident (phase tasks and sharing slots, in
            Japan time) to any calendar application, which fetches it on its own schedule and so follows every
            change. The URL carries its own token, shown only in this answer; it opens nothing else and works
            until revoked or until the organisation no longer takes part.""")
    @PostMapping("/api/incidents/{incidentId}/calendar-subscriptions")
    Mono<ResponseEntity<Subscribed>> subscribe(@PathVariable IncidentId incidentId,
                                               @AuthenticationPrincipal Caller caller) {
        return access.readable(incidentId, caller)
                     .then(subscriptions.issue(incidentId, caller.organisationId(), caller.organisationId()))
                     .map(issued -> ResponseEntity
                             .created(URI.create("/api/incidents/" + incidentId + "/calendar-subscriptions/"
                                                 + issued.subscriptionId()))
                             .body(new Subscribed(issued.subscriptionId(), caller.organisationId().value(),
                                                  "/calendars/" + issued.token() + ".ics")));
    }

    @Operation(summary = "Revoke a calendar subscription", description = """
            The subscription's URL stops opening the calendar at once. An organisation revokes its own; an
            administrator any.""")
    @DeleteMapping("/api/incidents/{incidentId}/calendar-subscriptions/{subscriptionId}")
    Mono<ResponseEntity<Void>> revoke(@PathVariable IncidentId incidentId, @PathVariable String subscriptionId,
                                      @AuthenticationPrincipal Caller caller) {
        return subscriptions.revoke(incidentId, subscriptionId, caller.organisationId(), caller.isAdmin())
                            .flatMap(revoked -> revoked ? Mono.just(ResponseEntity.noContent().<Void>build())
                                    : Mono.error(RuleViolation.notFound("subscription-not-found",
                                                                        "no live calendar subscription "
                                                                        + subscriptionId + " of yours")));
    }

    @Operation(summary = "A subscribed calendar (予定表)", description = """
            What a calendar application fetches: the subscribing organisation's deadlines in the incident as
            RFC 5545 events in Japan time. The token in the path is the only credential; an unknown or revoked
            one answers 404, as does one whose organisation no longer takes part.""")
    @GetMapping(value = "/calendars/{token}.ics", produces = "text/calendar")
    Mono<ResponseEntity<String>> subscribed(@PathVariable String token) {
        return subscriptions.opened(token)
                            .flatMap(subscription -> access.readable(subscription.incidentId(),
                                                                     Caller.member(subscription.organisationId()))
                                    .flatMap(incident -> calendars.of(incident, subscription.organisationId())))
                            .map(CalendarController::ics)
                            .switchIfEmpty(Mono.error(RuleViolation.notFound("calendar-not-found",
                                                                             "no calendar at this address")));
    }
}
