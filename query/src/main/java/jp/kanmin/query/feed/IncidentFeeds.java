package jp.kanmin.query.feed;

import jp.kanmin.query.timeline.TimelineEntry;
import jp.kanmin.query.timeline.TimelineRepository;
import jp.kanmin.query.timeline.TimelineSignals;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * This node's live feeds, one per incident that has subscribers. Stopping the node ends every feed first (before the
 * web server's graceful shutdown, which otherwise waited its full 30 s for streams that never end by themselves).
 */
@Component
public class IncidentFeeds implements DisposableBean, SmartLifecycle {

    private final TimelineRepository timeline;
    private final FeedProperties properties;
    private final Map<String, IncidentFeed> feeds = new ConcurrentHashMap<>();
    private final Disposable poller;
    private final Disposable heartbeats;
    private final LongAdder lagging = new LongAdder();
    /** One thread hands every feed's entries to its subscribers, so a thousand screens cannot take both cores. */
    private final Scheduler fanOut = Schedulers.newSingle("feed-fan-out", true);

    IncidentFeeds(TimelineRepository timeline, TimelineSignals signals, FeedProperties properties) {
        this.timeline = timeline;
        this.properties = properties;
        signals.onAppended((incident, seq) -> {
            IncidentFeed feed = feeds.get(incident);
            if (feed != null) {
                feed.refreshSoon();
            }
        });
        this.poller = Flux.interval(properties.pollInterval())
                          .subscribe(tick -> feeds.values().forEach(IncidentFeed::refresh));
        // one timer for every subscriber of the node, rather than one each
        this.heartbeats = Flux.interval(properties.heartbeat(), fanOut)
                              .subscribe(tick -> feeds.values().forEach(IncidentFeed::heartbeat));
    }

    /**
     * Every entry of the incident after {@code afterSeq} that passes {@code filter}, in timeline order, then live
     * ones as they are recorded.
     */
    public Flux<FeedItem> follow(String incidentId, long afterSeq, long afterPosition,
                                 Predicate<TimelineEntry> filter) {
        return Flux.defer(() -> {
            // A lagging subscriber's notice waits for it to read; one that never does is let go after the grace.
            Sinks.Empty<Void> letGo = Sinks.empty();
            Runnable onLagging = () -> {
                lagging.increment();
                Mono.delay(properties.laggingGrace()).subscribe(tick -> letGo.tryEmitEmpty());
            };
            return Flux.<FeedItem>create(sink -> subscribe(incidentId, sink, afterSeq, afterPosition, filter, onLagging),
                                         FluxSink.OverflowStrategy.BUFFER)
                       .takeUntilOther(letGo.asMono());
        });
    }

    private void subscribe(String incidentId, FluxSink<FeedItem> sink, long afterSeq, long afterPosition,
                           Predicate<TimelineEntry> filter, Runnable onLagging) {
        FeedSubscription[] created = new FeedSubscription[1];
        boolean[] isNewFeed = new boolean[1];
        IncidentFeed feed = feeds.compute(incidentId, (id, current) -> {
            IncidentFeed target = current;
            if (target == null) {
                target = new IncidentFeed(id, timeline, fanOut, properties.gather(), properties.ringSize());
                isNewFeed[0] = true;
            }
            created[0] = new FeedSubscription(target, sink, afterSeq, afterPosition, filter, onLagging);
            target.add(created[0]);
            return target;
        });
        FeedSubscription subscription = created[0];
        sink.onRequest(n -> subscription.pump());
        sink.onDispose(() -> feeds.computeIfPresent(incidentId, (id, current) ->
                current.remove(subscription) ? null : current));
        if (isNewFeed[0]) {
            feed.refresh();
        }
        subscription.pump();
    }

    /** Entries held in memory for live delivery on this node: at most the ring size per incident with subscribers. */
    public int bufferedEntries() {
        return feeds.values().stream().mapToInt(IncidentFeed::buffered).sum();
    }

    /** Entries held in memory for one incident's live feed on this node. */
    public int bufferedEntries(String incidentId) {
        IncidentFeed feed = feeds.get(incidentId);
        return feed == null ? 0 : feed.buffered();
    }

    /** Subscribers disconnected for falling behind since this node started. */
    public long laggingCount() {
        return lagging.sum();
    }

    public int subscriberCount() {
        return feeds.values().stream().mapToInt(IncidentFeed::subscriberCount).sum();
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        feeds.values().forEach(IncidentFeed::end);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        poller.dispose();
        heartbeats.dispose();
        fanOut.dispose();
    }
}
