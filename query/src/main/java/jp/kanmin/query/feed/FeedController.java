package jp.kanmin.query.feed;

import jp.kanmin.query.support.ServerSentEvents;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.query.timeline.TimelineCursor;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import jp.kanmin.query.timeline.EntryFilter;
import jp.kanmin.query.timeline.TimelineEvents;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * The incident's live feed as Server-Sent Events. Each entry's SSE id is its position; a client that reconnects
 * with {@code Last-Event-ID} (or {@code ?after=}) receives every entry after it exactly once, then live ones.
 */
@ReadsFrom({ReadsFrom.INCIDENTS, ReadsFrom.DIRECTORY, ReadsFrom.TIMELINE})
@Tag(name = "Timeline and feeds")
@RestController
@RequestMapping("/api/incidents/{incidentId}/feed")
class FeedController {

    private static final byte[] HEARTBEAT = ServerSentEvents.comment("heartbeat");

    private final IncidentFeeds feeds;
    private final TimelineCursor cursor;
    private final Disclosure disclosure;
    private final TimelineEvents events;
    private final JsonMapper json;

    FeedController(IncidentFeeds feeds, TimelineCursor cursor, Disclosure disclosure,
                   TimelineEvents events, JsonMapper json) {
        this.events = events;
        this.json = json;
        this.feeds = feeds;
        this.cursor = cursor;
        this.disclosure = disclosure;
    }

    @Operation(summary = "Follow the live feed (SSE)", description = """
            The incident's timeline as Server-Sent Events, filtered like the timeline. Each event's id is its
            position: a client that reconnects with `Last-Event-ID` (or `after`) receives every entry after it
            exactly once, then live ones. Heartbeats keep idle connections open.""")
    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Mono<Void> follow(@PathVariable IncidentId incidentId,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                      @RequestParam(required = false) Long after,
                      @RequestParam MultiValueMap<String, String> params,
                      @AuthenticationPrincipal Caller caller, ServerHttpResponse response) {
        String incident = incidentId.value();
        EntryFilter filter = EntryFilter.from(params, caller.organisationId().value(), events.knownTypes());
        long resumeAfter = TimelineCursor.resumePoint(lastEventId, after);
        return disclosure.reader(incidentId, caller).flatMap(reader -> cursor
                .seqAfter(incident, resumeAfter, lastEventId != null ? "Last-Event-ID" : "after")
                .flatMap(seq -> {
                    DataBufferFactory buffers = response.bufferFactory();
                    Flux<DataBuffer> items = feeds.follow(incident, seq, resumeAfter, filter)
                                                  .map(item -> events(item, reader, buffers));
                    Flux<DataBuffer> stream = Flux.concat(
                            Mono.fromSupplier(() -> buffers.wrap(
                                    ServerSentEvents.comment("connected to incident " + incident))),
                            items);
                    response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
                    // written, not flushed, per item: the server flushes once it has sent what is ready
                    return response.writeWith(stream);
                }));
    }

    /** The item's events in one buffer: a batch of entries is one write to the socket, not one per entry. */
    private DataBuffer events(FeedItem item, Disclosure.Reader reader, DataBufferFactory buffers) {
        return switch (item) {
            case FeedItem.Entries(var batch) -> {
                // an entry's event is made once and kept, so asking for it twice costs nothing
                DataBuffer buffer = buffers.allocateBuffer(
                        batch.stream().mapToInt(sent -> sent.event(reader, json).length).sum());
                batch.forEach(sent -> buffer.write(sent.event(reader, json)));
                yield buffer;
            }
            case FeedItem.Heartbeat() -> buffers.wrap(HEARTBEAT);
            case FeedItem.Lagging(long lastDelivered) -> buffers.wrap(ServerSentEvents.event(null, "lagging",
                    json.writeValueAsString(Map.of("lastDeliveredPosition", lastDelivered, "detail",
                                                   "you fell behind the live feed; reconnect with Last-Event-ID"))));
        };
    }
}
