package jp.kanmin.query.timeline;

import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;

@RestController
@RequestMapping("/api/incidents/{incidentId}/timeline")
class TimelineController {

    static final int MAX_LIMIT = 1000;

    private final TimelineRepository timeline;
    private final TimelineCursor cursor;
    private final Disclosure disclosure;

    TimelineController(TimelineRepository timeline, TimelineCursor cursor, Disclosure disclosure) {
        this.timeline = timeline;
        this.cursor = cursor;
        this.disclosure = disclosure;
    }

    /** A page of the timeline; {@code nextAfter} is the {@code after} of the next page, null at the end. */
    record TimelinePage(String incidentId, List<TimelineEntry> entries, Long nextAfter) {
    }

    @GetMapping
    Mono<TimelinePage> page(@PathVariable IncidentId incidentId,
                            @RequestParam(required = false) Long after,
                            @RequestParam(defaultValue = "100") int limit,
                            @AuthenticationPrincipal Caller caller) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(RuleViolation.invalid("limit", "range", "limit must be between 1 and " + MAX_LIMIT));
        }
        String incident = incidentId.value();
        return disclosure.reader(incidentId, caller).flatMap(reader -> cursor
                .seqAfter(incident, after, "after")
                .flatMap(seq -> timeline.entriesAfter(incident, seq, limit).map(e -> e.shownTo(reader)).collectList())
                .map(entries -> new TimelinePage(incident, entries,
                                                 entries.size() == limit ? entries.getLast().position() : null)));
    }

    @GetMapping("/{position}")
    Mono<TimelineEntry> entry(@PathVariable IncidentId incidentId, @PathVariable long position,
                              @AuthenticationPrincipal Caller caller) {
        return disclosure.reader(incidentId, caller)
                         .flatMap(reader -> timeline.at(position)
                                                    .filter(entry -> entry.incidentId().equals(incidentId.value()))
                                                    .map(entry -> entry.shownTo(reader)))
                     .switchIfEmpty(Mono.error(() -> RuleViolation.notFound(
                             "entry-not-found", "no entry at position " + position + " on this timeline")));
    }
}
