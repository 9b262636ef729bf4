package jp.kanmin.ops.rebuild;

import com.mongodb.client.MongoClient;
import jp.kanmin.ops.eventstore.IndexedMongoEventStorageEngine;
import jp.kanmin.query.support.IncidentBooks;
import jp.kanmin.query.support.ReadModelMemory;
import jp.kanmin.shared.RuleViolation;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.lang.reflect.Constructor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds a read model from the event store beside the live one, which keeps answering until the rebuilt one has
 * caught up. A second instance of the projection, writing to its own {@link ShadowCollections}, reads every event
 * from the start; once it has seen the last one, the live processor pauses, the rebuild takes the events that came
 * meanwhile, its collections replace the live ones, and the live processor resumes from the rebuild's token.
 * <p>
 * Only the query side's projections may be rebuilt: the process managers in {@code participation-lifecycle} send
 * commands and must never see an event twice. The swap needs every segment of the live processor: in a cluster,
 * stop the other nodes' processors for it (a segment claimed elsewhere fails the rebuild, changing nothing live).
 */
@Component
public class ProjectionRebuilds {

    /** The query side's projections, one processing group each. */
    static final Set<String> REBUILDABLE = Set.of("timeline", "incidents", "tasks", "damage", "reports", "exchanges",
                                                  "directory");
    private static final Logger logger = LoggerFactory.getLogger(ProjectionRebuilds.class);
    private static final int BATCH = 500;

    private final EventProcessingConfiguration processing;
    private final EventStore events;
    private final IndexedMongoEventStorageEngine engine;
    private final TokenStore tokens;
    private final MongoClient client;
    private final MongoTemplate live;
    private final ApplicationContext context;
    private final Clock clock;
    private final Map<String, Rebuild> rebuilds = new ConcurrentHashMap<>();

    public enum Phase { BUILDING, SWAPPING, FINISHED, FAILED }

    /**
     * @param position the lowest position the live processor's segments have reached
     * @param rebuild  the rebuild last started on this node, running or ended
     */
    public record Status(String name, boolean rebuildable, boolean running, boolean caughtUp, int segments,
                         long position, long head, Progress rebuild) {
    }

    /** Events done of those in the store at the start, the rate since the start, and the time left at that rate. */
    public record Progress(Phase phase, Instant startedAt, long eventsDone, long eventsTotal, double eventsPerSecond,
                           Duration eta, boolean finished, String failure) {
    }

    ProjectionRebuilds(EventProcessingConfiguration processing, @Qualifier("eventStore") EventStore events,
                       IndexedMongoEventStorageEngine engine, TokenStore tokens,
                       MongoClient client, MongoTemplate live, ApplicationContext context, Clock clock) {
        this.processing = processing;
        this.events = events;
        this.engine = engine;
        this.tokens = tokens;
        this.client = client;
        this.live = live;
        this.context = context;
        this.clock = clock;
    }

    public List<Status> statuses() {
        long head = head(); // one read of the store for the whole list
        return processing.eventProcessors().values().stream()
                         .filter(StreamingEventProcessor.class::isInstance)
                         .map(StreamingEventProcessor.class::cast)
                         .map(processor -> status(processor, head))
                         .sorted(Comparator.comparing(Status::name))
                         .toList();
    }

    public Status status(String name) {
        return status(processor(name), head());
    }

    /** Starts rebuilding {@code name}; answers at once, the rebuild runs on a thread of its own. */
    public synchronized Status rebuild(String name) {
        StreamingEventProcessor processor = processor(name);
        if (!REBUILDABLE.contains(name)) {
            throw RuleViolation.conflict("not-rebuildable", name + " runs process managers that send commands; "
                    + "only these read models can be rebuilt: " + REBUILDABLE.stream().sorted().toList());
        }
        Rebuild running = rebuilds.get(name);
        if (running != null && !running.ended()) {
            throw RuleViolation.conflict("rebuild-running", name + " is being rebuilt already");
        }
        Rebuild rebuild = new Rebuild(name, processor, clock.instant(), head());
        rebuilds.put(name, rebuild);
        Thread.ofPlatform().name("rebuild-" + name).daemon().start(rebuild::run);
        logger.info("Rebuilding read model {} beside the live one: {} events", name, rebuild.head + 1);
        return status(processor, rebuild.head);
    }

    @Scheduled(fixedDelayString = "${kanmin.rebuild.log-interval:5s}")
    void logProgress() {
        rebuilds.values().stream().filter(rebuild -> !rebuild.ended()).forEach(rebuild -> {
            Progress progress = rebuild.progress();
            logger.info("Rebuild of {}: {} of {} events, {} events/s, about {} left", rebuild.name,
                        progress.eventsDone(), progress.eventsTotal(), Math.round(progress.eventsPerSecond()),
                        progress.eta());
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
        boolean caughtUp = !segments.isEmpty() && segments.stream().allMatch(EventTrackerStatus::isCaughtUp);
        Rebuild rebuild = rebuilds.get(processor.getName());
        return new Status(processor.getName(), REBUILDABLE.contains(processor.getName()), processor.isRunning(),
                          caughtUp, segments.size(), position, head, rebuild == null ? null : rebuild.progress());
    }

    /** The highest index handed out: a head token would also look for gaps among the last 10,000 indexes. */
    private long head() {
        return engine.allocatedIndex();
    }

    /** One rebuild: the shadow projection, how far it got, and how it ended. */
    private final class Rebuild {

        final String name;
        final StreamingEventProcessor processor;
        final Instant startedAt;
        final long head;
        volatile Phase phase = Phase.BUILDING;
        volatile long position = -1;
        volatile Instant endedAt;
        volatile String failure;

        Rebuild(String name, StreamingEventProcessor processor, Instant startedAt, long head) {
            this.name = name;
            this.processor = processor;
            this.startedAt = startedAt;
            this.head = head;
        }

        boolean ended() {
            return phase == Phase.FINISHED || phase == Phase.FAILED;
        }

        void run() {
            ShadowCollections shadow = new ShadowCollections(client, live);
            boolean livePaused = false;
            try (BlockingStream<TrackedEventMessage<?>> stream = events.openStream(null)) {
                AnnotationEventHandlerAdapter projection = new AnnotationEventHandlerAdapter(
                        instantiate(AopUtils.getTargetClass(projectionBean()), shadow.template()));
                shadow.learning(projection::prepareReset);
                TrackingToken last = null;
                while (position < head || stream.hasNextAvailable(50, TimeUnit.MILLISECONDS)) {
                    last = applyBatch(projection, stream);
                }
                phase = Phase.SWAPPING;
                processor.shutdownAsync().join();
                livePaused = true;
                while (stream.hasNextAvailable()) { // what came while the live processor was stopping
                    last = applyBatch(projection, stream);
                }
                handOver(last);
                shadow.swap();
                context.getBeansOfType(ReadModelMemory.class).values().forEach(ReadModelMemory::forget);
                processor.start();
                phase = Phase.FINISHED;
                logger.info("Rebuilt read model {}: {} events; the live processor resumed after position {}", name,
                            position + 1, position);
            } catch (Exception e) {
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                phase = Phase.FAILED;
                shadow.discard();
                if (livePaused) {
                    processor.start();
                }
                logger.error("Rebuild of read model {} failed; the live one is unchanged", name, e);
            } finally {
                endedAt = clock.instant();
            }
        }

        /**
         * The next event (waiting for it) and whatever else is available, up to a batch, handled in one unit of work
         * as a processor would, so projections that write a batch at once do so here too.
         */
        private TrackingToken applyBatch(AnnotationEventHandlerAdapter projection,
                                         BlockingStream<TrackedEventMessage<?>> stream) throws Exception {
            List<TrackedEventMessage<?>> batch = new ArrayList<>(BATCH);
            batch.add(stream.nextAvailable());
            while (batch.size() < BATCH && stream.hasNextAvailable()) {
                batch.add(stream.nextAvailable());
            }
            var result = DefaultUnitOfWork.startAndGet(batch.getFirst()).executeWithResult(() -> {
                for (TrackedEventMessage<?> event : batch) {
                    if (projection.canHandle(event)) {
                        projection.handle(event);
                    }
                }
                return null;
            });
            if (result.isExceptional()) {
                throw new IllegalStateException("a projection failed on a rebuilt event", result.exceptionResult());
            }
            TrackingToken last = batch.getLast().trackingToken();
            position = last.position().orElse(position);
            return last;
        }

        /** Every segment of the live processor continues from where the rebuild stopped. */
        private void handOver(TrackingToken last) {
            if (last == null) {
                return; // an empty store: the live processor is where the rebuild is
            }
            for (int segment : tokens.fetchSegments(name)) {
                TrackingToken current = tokens.fetchToken(name, segment); // claims it, or fails if another node does
                // axon-mongo takes a write that changes nothing (same token, same millisecond) for a lost claim
                if (!last.equals(current)) {
                    tokens.storeToken(last, name, segment);
                }
                tokens.releaseClaim(name, segment);
            }
        }

        private Object projectionBean() {
            return context.getBeansWithAnnotation(ProcessingGroup.class).values().stream()
                          .filter(bean -> name.equals(AopUtils.getTargetClass(bean)
                                                              .getAnnotation(ProcessingGroup.class).value()))
                          .findFirst()
                          .orElseThrow(() -> new IllegalStateException("no projection in processing group " + name));
        }

        /**
         * A fresh projection of the same class: it and the query-side objects it writes through are built anew on
         * the shadow collections; anything else it needs (a JSON mapper) is the application's own.
         */
        private Object instantiate(Class<?> type, MongoTemplate template) {
            Constructor<?> constructor = Arrays.stream(type.getDeclaredConstructors())
                                               .max(Comparator.comparingInt(Constructor::getParameterCount))
                                               .orElseThrow();
            Object[] arguments = Arrays.stream(constructor.getParameterTypes())
                                       .map(parameter -> parameter == MongoTemplate.class ? template
                                               : parameter.getPackageName().startsWith("jp.kanmin.query")
                                                 && !parameter.isInterface()
                                                       ? instantiate(parameter, template)
                                                       : context.getBean(parameter))
                                       .toArray();
            Object instance = BeanUtils.instantiateClass(constructor, arguments);
            if (instance instanceof IncidentBooks books) {
                books.writtenOnlyHere(); // the shadow collections are this rebuild's alone
            }
            return instance;
        }

        Progress progress() {
            long total = head + 1;
            long done = Math.max(0, position + 1);
            Instant until = endedAt == null ? clock.instant() : endedAt;
            double seconds = Math.max(0.001, Duration.between(startedAt, until).toNanos() / 1e9);
            double rate = done / seconds;
            Duration eta = ended() ? Duration.ZERO
                    : rate <= 0 ? null : Duration.ofMillis((long) (Math.max(0, total - done) / rate * 1000));
            return new Progress(phase, startedAt, done, total, rate, eta, phase == Phase.FINISHED, failure);
        }
    }
}
