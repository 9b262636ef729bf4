package jp.kanmin.query.replay;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.query.support.ServerSentEvents;
import jp.kanmin.query.timeline.EntryFilter;
import jp.kanmin.query.timeline.TimelineCursor;
import jp.kanmin.query.timeline.TimelineEntry;
import jp.kanmin.query.timeline.TimelineEvents;
import jp.kanmin.query.timeline.TimelineRepository;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 振り返り: an incident's timeline played back as Server-Sent Events at a chosen speed, between chosen instants,
 * each entry with its original time. The replay clock ticks through quiet periods ({@code clock} events, at most a
 * second apart in real time) so a review screen can show "it is now 14:20 in the incident". Pausing is
 * disconnecting; resuming or seeking is reconnecting with {@code Last-Event-ID} or {@code after} (a position).
 * A replay only reads the timeline: it never changes the incident.
 * <p>
 * The timeline is read a page at a time, and the entries of a page that follow each other without a wait of the
 * replay clock between them go out as one write: at full speed a page is one write, not five hundred.
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
    private final JsonMapper json;

    ReplayController(TimelineRepository timeline, TimelineCursor cursor, Disclosure disclosure,
                     TimelineEvents events, JsonMapper json) {
        this.timeline = timeline;
        this.cursor = cursor;
        this.disclosure = disclosure;
        this.events = events;
        this.json = json;
    }

    /** What an entry event says: the replay clock at the entry, and the entry as the caller may see it. */
    record Replayed(String replayClock, TimelineEntry entry) {
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
    Mono<Void> replay(@PathVariable IncidentId incidentId,
                      @RequestParam(defaultValue = "60") String speed,
                      @RequestParam(required = false) Instant from,
                      @RequestParam(required = false) Instant to,
                      @RequestParam(required = false) Long after,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                      @RequestParam MultiValueMap<String, String> params,
                      @AuthenticationPrincipal Caller caller, ServerHttpResponse response) {
        double factor = speedOf(speed);
        if (from != null && to != null && to.isBefore(from)) {
            throw RuleViolation.invalid("to", "after-from", "to must not be before from");
        }
        EntryFilter filter = EntryFilter.from(params, caller.organisationId().value(), events.knownTypes());
        long resumeAfter = TimelineCursor.resumePoint(lastEventId, after);
        String incident = incidentId.value();
        return disclosure.reader(incidentId, caller).flatMap(reader -> cursor
                .seqAfter(incident, resumeAfter, lastEventId != null ? "Last-Event-ID" : "after")
                .flatMap(seq -> {
                    Playback playback = new Playback(new Clock(resumeAfter == 0 ? from : null, factor), reader,
                                                     filter, from, to, response.bufferFactory());
                    Flux<DataBuffer> stream = timeline.pagesFrom(incident, seq)
                                                      .takeWhile(page -> !playback.ended)
                                                      .concatMap(playback::play, 1)
                                                      .concatWith(Mono.fromSupplier(playback::end));
                    response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
                    // written, not flushed, per buffer: the server flushes once it has sent what is ready
                    return response.writeWith(stream);
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

    /** One replay's way through the timeline: which entries it shows, and when. */
    private final class Playback {
        private final Clock clock;
        private final Disclosure.Reader reader;
        private final EntryFilter filter;
        private final Instant from;
        private final Instant to;
        private final DataBufferFactory buffers;
        /** An entry after {@code to} was reached: nothing more is read. */
        private volatile boolean ended;

        Playback(Clock clock, Disclosure.Reader reader, EntryFilter filter, Instant from, Instant to,
                 DataBufferFactory buffers) {
            this.clock = clock;
            this.reader = reader;
            this.filter = filter;
            this.from = from;
            this.to = to;
            this.buffers = buffers;
        }

        /** A page's entries, each run of them the clock does not wait between as one buffer. */
        Flux<DataBuffer> play(List<TimelineEntry> page) {
            List<Flux<DataBuffer>> parts = new ArrayList<>();
            ByteArrayOutputStream run = new ByteArrayOutputStream();
            for (TimelineEntry entry : page) {
                if (to != null && entry.recordedAt().isAfter(to)) {
                    ended = true;
                    break;
                }
                if ((from != null && entry.recordedAt().isBefore(from)) || !filter.test(entry)) {
                    continue;
                }
                Flux<byte[]> wait = clock.until(entry.recordedAt());
                if (wait != null) {
                    parts.add(sent(run));
                    parts.add(wait.map(buffers::wrap));
                }
                run.writeBytes(ServerSentEvents.event(Long.toString(entry.position()), "entry", json.writeValueAsString(
                        new Replayed(entry.recordedAt().toString(), entry.shownTo(reader)))));
            }
            parts.add(sent(run));
            return Flux.concat(parts);
        }

        DataBuffer end() {
            return buffers.wrap(event("end", Map.of("replayClock", String.valueOf(clock.now), "detail",
                                                    "end of replay")));
        }

        private Flux<DataBuffer> sent(ByteArrayOutputStream run) {
            if (run.size() == 0) {
                return Flux.empty();
            }
            DataBuffer buffer = buffers.wrap(run.toByteArray());
            run.reset();
            return Flux.just(buffer);
        }
    }

    private byte[] event(String type, Object data) {
        return ServerSentEvents.event(null, type, json.writeValueAsString(data));
    }

    /** The replay's notion of "now" in the incident, moved forward entry by entry, never backwards. */
    private final class Clock {
        private Instant now;
        private final double factor;

        Clock(Instant start, double factor) {
            this.now = start;
            this.factor = factor;
        }

        /**
         * Waits, in real time, for the incident time between now and {@code next}, ticking at most a second apart;
         * {@code null} when there is nothing to wait for.
         */
        Flux<byte[]> until(Instant next) {
            Instant start = now;
            if (start == null || !next.isAfter(start)) {
                now = start == null || next.isAfter(start) ? next : start;
                return null;
            }
            now = next;
            long incidentNanos = Duration.between(start, next).toNanos();
            long realNanos = (long) (incidentNanos / factor);
            if (realNanos < 1_000_000) {
                return null;
            }
            int ticks = (int) Math.max(1, Math.ceil(realNanos / (double) TICK.toNanos()));
            return Flux.range(1, ticks).concatMap(tick -> Mono.delay(Duration.ofNanos(realNanos / ticks)).map(
                    done -> event("clock", Map.of("replayClock",
                                                  start.plusNanos(incidentNanos * tick / ticks).toString()))));
        }
    }
}
