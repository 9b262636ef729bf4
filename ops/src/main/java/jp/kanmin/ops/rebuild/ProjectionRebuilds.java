package jp.kanmin.ops.rebuild;

import jp.kanmin.shared.RuleViolation;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds a read model from the event store: its processor is stopped, its tokens reset (the projection's
 * {@code @ResetHandler} drops what it built) and started again, so it replays every event. Only the projections of the
 * query side may be rebuilt; the process managers in {@code participation-lifecycle} send commands and must never
 * see an event twice.
 * <p>
 * The rebuild is in place: while it runs, the read model answers with what it has rebuilt so far. A reset needs
 * every segment of the processor, so in a cluster run it with the other nodes' processors stopped.
 */
@Component
public class ProjectionRebuilds {

    /** The query side's projections, one processing group each. */
    static final Set<String> REBUILDABLE = Set.of("timeline", "incidents", "tasks", "damage", "reports", "exchanges",
                                                  "directory");
    private static final Logger logger = LoggerFactory.getLogger(ProjectionRebuilds.class);

    private final EventProcessingConfiguration processing;
    private final EventStore events;
    private final Clock clock;
    private final Map<String, Started> started = new ConcurrentHashMap<>();

    record Started(Instant at, long fromPosition, long head) {
    }

    /**
     * @param position   the lowest position its segments have reached
     * @param rebuild    progress of the rebuild started on this node, if one is running or finished
     */
    public record Status(String name, boolean rebuildable, boolean running, boolean replaying, boolean caughtUp,
                         int segments, long position, long head, Progress rebuild) {
    }

    /** Events done of the total at the start, rate since the start, and the time left at that rate. */
    public record Progress(Instant startedAt, long eventsDone, long eventsTotal, double eventsPerSecond,
                           Duration eta, boolean finished) {
    }

    ProjectionRebuilds(EventProcessingConfiguration processing, @Qualifier("eventStore") EventStore events,
                       Clock clock) {
        this.processing = processing;
        this.events = events;
        this.clock = clock;
    }

    public List<Status> statuses() {
        long head = head(); // one read of the store for the whole list
        return processing.eventProcessors().values().stream()
                         .filter(StreamingEventProcessor.class::isInstance)
                         .map(StreamingEventProcessor.class::cast)
                         .map(processor -> status(processor, head))
                         .sorted(java.util.Comparator.comparing(Status::name))
                         .toList();
    }

    public Status status(String name) {
        return status(processor(name), head());
    }

    /** Starts rebuilding {@code name}; answers at once, the replay runs on the processor's own threads. */
    public synchronized Status rebuild(String name) {
        StreamingEventProcessor processor = processor(name);
        if (!REBUILDABLE.contains(name)) {
            throw RuleViolation.conflict("not-rebuildable", name + " runs process managers that send commands; "
                    + "only these read models can be rebuilt: " + REBUILDABLE.stream().sorted().toList());
        }
        Status before = status(processor, head());
        if (before.rebuild() != null && !before.rebuild().finished()) {
            throw RuleViolation.conflict("rebuild-running", name + " is being rebuilt already");
        }
        processor.shutdownAsync().join();
        processor.resetTokens();
        long head = head();
        started.put(name, new Started(clock.instant(), -1, head));
        processor.start();
        logger.info("Rebuilding read model {} from the event store: {} events", name, head + 1);
        return status(processor, head);
    }

    @Scheduled(fixedDelayString = "${kanmin.rebuild.log-interval:5s}")
    void logProgress() {
        started.keySet().forEach(name -> {
            Progress progress = status(name).rebuild();
            if (progress != null && !progress.finished()) {
                logger.info("Rebuild of {}: {} of {} events, {} events/s, about {} left", name,
                            progress.eventsDone(), progress.eventsTotal(), Math.round(progress.eventsPerSecond()),
                            progress.eta());
            }
        });
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                         .orElseThrow(() -> RuleViolation.notFound("projection-not-found",
                                                                   "no event processor named " + name));
    }

    private Status status(StreamingEventProcessor processor, long head) {
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        long position = segments.stream().mapToLong(s -> s.getCurrentPosition().orElse(-1)).min().orElse(-1);
        boolean replaying = segments.stream().anyMatch(EventTrackerStatus::isReplaying);
        boolean caughtUp = !segments.isEmpty() && segments.stream().allMatch(EventTrackerStatus::isCaughtUp);
        return new Status(processor.getName(), REBUILDABLE.contains(processor.getName()), processor.isRunning(),
                          replaying, caughtUp, segments.size(), position, head,
                          progress(processor.getName(), position));
    }

    private Progress progress(String name, long position) {
        Started start = started.get(name);
        if (start == null) {
            return null;
        }
        long total = start.head() + 1;
        long done = Math.max(0, Math.min(total, position + 1));
        double seconds = Math.max(0.001, Duration.between(start.at(), clock.instant()).toNanos() / 1e9);
        double rate = done / seconds;
        // Axon leaves replay mode only at the first event after the reset point, so "replaying" may stay on for
        // a quiet incident: the rebuild is finished once the position reached the head it started from.
        boolean finished = done >= total;
        Duration eta = finished ? Duration.ZERO
                : rate <= 0 ? null : Duration.ofMillis((long) ((total - done) / rate * 1000));
        return new Progress(start.at(), done, total, rate, eta, finished);
    }

    private long head() {
        var token = events.createHeadToken();
        return token == null ? -1 : token.position().orElse(-1);
    }
}
