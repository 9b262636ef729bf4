package jp.kanmin.query.timeline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.support.ReadsFrom;
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
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

@ReadsFrom({ReadsFrom.INCIDENTS, ReadsFrom.DIRECTORY, ReadsFrom.TIMELINE})
@Tag(name = "Timeline and feeds")
@RestController
@RequestMapping("/api/incidents/{incidentId}/timeline")
class TimelineController {

    static final int MAX_LIMIT = 1000;

    private final TimelineRepository timeline;
    private final TimelineCursor cursor;
    private final Disclosure disclosure;
    private final TimelineEvents events;

    TimelineController(TimelineRepository timeline, TimelineCursor cursor, Disclosure disclosure,
                       TimelineEvents events) {
        this.timeline = timeline;
        this.events = events;
        this.cursor = cursor;
        this.disclosure = disclosure;
    }

    /**
     * A page of the timeline: the polling feed for clients that cannot hold an SSE stream.
     *
     * @param nextAfter    the {@code after} of the next page while there are more entries now, null at the end
     * @param lastPosition where to resume next time: the last entry looked at, matching the filter or not
     */
    record TimelinePage(String incidentId, List<TimelineEntry> entries, Long nextAfter, Long lastPosition) {
    }

    /** At most this many entries are looked at per request; a sparse filter continues on the next page. */
    static final int MAX_SCAN = 5000;
    private static final int SCAN_PAGE = 500;

    @Operation(summary = "Read the timeline (タイムライン)", description = """
            A page of the incident's timeline after `after` (a position), filtered by organisation, type,
            category, tier, topic or `concernsMe`: the polling feed for clients that cannot hold an SSE
            stream. `nextAfter` continues while there are more entries; `lastPosition` is where to resume next
            time.""")
    @GetMapping
    Mono<TimelinePage> page(@PathVariable IncidentId incidentId,
                            @RequestParam(required = false) Long after,
                            @RequestParam(defaultValue = "100") int limit,
                            @RequestParam MultiValueMap<String, String> params,
                            @AuthenticationPrincipal Caller caller) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(RuleViolation.invalid("limit", "range", "limit must be between 1 and " + MAX_LIMIT));
        }
        EntryFilter filter = EntryFilter.from(params, caller.organisationId().value(), events.knownTypes());
        String incident = incidentId.value();
        return disclosure.reader(incidentId, caller).flatMap(reader -> cursor
                .seqAfter(incident, after, "after")
                .flatMap(seq -> scan(incident, seq, limit, filter, new ArrayList<>(), 0, after))
                .map(page -> new TimelinePage(incident, page.entries().stream().map(e -> e.shownTo(reader)).toList(),
                                              page.nextAfter(), page.lastPosition())));
    }

    private Mono<TimelinePage> scan(String incident, long seq, int limit, EntryFilter filter,
                                    List<TimelineEntry> matched, int scanned, Long lastPosition) {
        int want = filter.isAll() ? limit - matched.size() : SCAN_PAGE;
        return timeline.entriesAfter(incident, seq, want).collectList().flatMap(entries -> {
            Long last = lastPosition;
            for (TimelineEntry entry : entries) {
                last = entry.position();
                if (filter.test(entry)) {
                    matched.add(entry);
                    if (matched.size() == limit) {
                        return Mono.just(new TimelinePage(incident, matched, last, last));
                    }
                }
            }
            int total = scanned + entries.size();
            if (entries.size() < want) {
                return Mono.just(new TimelinePage(incident, matched, null, last));
            }
            if (total >= MAX_SCAN) {
                return Mono.just(new TimelinePage(incident, matched, last, last));
            }
            return scan(incident, entries.getLast().seq(), limit, filter, matched, total, last);
        });
    }

    @Operation(summary = "Read one timeline entry", description = """
            The entry at a position, shown as the caller may see it.""")
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
