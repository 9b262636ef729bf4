package jp.kanmin.query.replay;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.query.timeline.EntryFilter;
import jp.kanmin.query.timeline.TimelineCursor;
import jp.kanmin.query.timeline.TimelineEntry;
import jp.kanmin.query.timeline.TimelineEvents;
import jp.kanmin.query.timeline.TimelineRepository;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * 振り返り: an incident's timeline played back as Server-Sent Events at a chosen speed, between chosen instants,
 * each entry with its original time. The replay clock ticks through quiet periods ({@code clock} events, at most a
 * second apart in real time) so a review screen can show "it is now 14:20 in the incident". Pausing is
 * disconnecting; resuming or seeking is reconnecting with {@code Last-Event-ID} or {@code after} (a position).
 * A replay only reads the timeline: it never changes the incident.
 */
@ReadsFrom({ReadsFrom.INCIDENTS, ReadsFrom.DIRECTORY, ReadsFrom.TIMELINE})
@Tag(name = "Review and replay")
@RestController
class ReplayController {

    /** Faster than any review needs; "max" is for exports and tests. */
    static final double MAX_SPEED = 1_000_000;
    private static final Duration TICK = Duration.ofSeconds(1);

    private final TimelineRepository timeline;
    private final TimelineCursor cursor;
    private final Disclosure disclosure;
    private final TimelineEvents events;

    ReplayController(TimelineRepository timeline, TimelineCursor cursor, Disclosure disclosure,
                     TimelineEvents events) {
        this.timeline = timeline;
        this.cursor = cursor;
        this.disclosure = disclosure;
        this.events = events;
    }

    /**
     * @param speed how many incident seconds pass per real second (60 = an hour in a minute), or {@code max}
     * @param from  start at the first entry recorded at or after this instant
     * @param to    stop after the last entry recorded at or before this instant
     */
    @Operation(summary = "Replay the timeline (振り返り再生)", description = """
            The timeline played back as Server-Sent Events at a chosen `speed` (60 = an hour a minute, or
            `max`), between `from` and `to`, each entry with its original time. `clock` events tick through
            quiet periods so a review screen can show the incident's time. Pausing is disconnecting; resuming
            or seeking is reconnecting with `Last-Event-ID` or `after`. A replay never changes the incident.""")
    @GetMapping(path = "/api/incidents/{incidentId}/replay", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> replay(@PathVariable IncidentId incidentId,
                                         @RequestParam(defaultValue = "60") String speed,
                                         @RequestParam(required = false) Instant from,
                                         @RequestParam(required = false) Instant to,
                                         @RequestParam(required = false) Long after,
                                         @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                                         @RequestParam MultiValueMap<String, String> params,
                                         @AuthenticationPrincipal Caller caller) {
        double factor = speedOf(speed);
        if (from != null && to != null && to.isBefore(from)) {
            throw RuleViolation.invalid("to", "after-from", "to must not be before from");
        }
        EntryFilter filter = EntryFilter.from(params, caller.organisationId().value(), events.knownTypes());
        long resumeAfter = TimelineCursor.resumePoint(lastEventId, after);
        String incident = incidentId.value();
        return disclosure.reader(incidentId, caller).flatMapMany(reader -> cursor
                .seqAfter(incident, resumeAfter, lastEventId != null ? "Last-Event-ID" : "after")
                .flatMapMany(seq -> {
                    Flux<TimelineEntry> entries = timeline.entriesFrom(incident, seq)
                                                          .filter(e -> from == null || !e.recordedAt().isBefore(from))
                                                          .takeWhile(e -> to == null || !e.recordedAt().isAfter(to))
                                                          .filter(filter);
                    Clock clock = new Clock(resumeAfter == 0 ? from : null, factor);
                    return entries.concatMap(entry -> clock.until(entry.recordedAt())
                                                           .concatWith(Mono.just(entryEvent(entry.shownTo(reader)))))
                                  .concatWith(Mono.fromSupplier(() -> ServerSentEvent.builder((Object) Map.of(
                                          "replayClock", String.valueOf(clock.now), "detail", "end of replay"))
                                                                                  .event("end").build()));
                }));
    }

    private static double speedOf(String speed) {
        if (speed.equalsIgnoreCase("max")) {
            return MAX_SPEED;
        }
        try {
            double factor = Double.parseDouble(speed);
            if (factor >= 1 && factor <= MAX_SPEED) {
                return factor;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw RuleViolation.invalid("speed", "range", "speed must be 'max' or a number from 1 to 1000000");
    }

    private static ServerSentEvent<Object> entryEvent(TimelineEntry entry) {
        return ServerSentEvent.builder((Object) Map.of("replayClock", entry.recordedAt().toString(), "entry", entry))
                              .id(Long.toString(entry.position()))
                              .event("entry")
                              .build();
    }

    /** The replay's notion of "now" in the incident, moved forward entry by entry, never backwards. */
    private static final class Clock {
        private Instant now;
        private final double factor;

        Clock(Instant start, double factor) {
            this.now = start;
            this.factor = factor;
        }

        /** Waits, in real time, for the incident time between now and {@code next}, ticking at most a second apart. */
        Flux<ServerSentEvent<Object>> until(Instant next) {
            Instant start = now;
            if (start == null || !next.isAfter(start)) {
                now = start == null || next.isAfter(start) ? next : start;
                return Flux.empty();
            }
            now = next;
            long incidentNanos = Duration.between(start, next).toNanos();
            long realNanos = (long) (incidentNanos / factor);
            if (realNanos < 1_000_000) {
                return Flux.empty();
            }
            int ticks = (int) Math.max(1, Math.ceil(realNanos / (double) TICK.toNanos()));
            return Flux.range(1, ticks).concatMap(tick -> Mono.delay(Duration.ofNanos(realNanos / ticks)).map(
                    done -> {
                        Instant at = start.plusNanos(incidentNanos * tick / ticks);
                        return ServerSentEvent.builder((Object) Map.of("replayClock", at.toString()))
                                              .event("clock").build();
                    }));
        }
    }
}
