package jp.kanmin.query.feed;

import jp.kanmin.query.timeline.TimelineEntry;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One subscriber's position on an incident's feed. It only ever hands the subscriber as many batches of entries as it
 * asked for (Reactive Streams demand, which WebFlux derives from the socket), so it holds no buffer of its own:
 * <ul>
 *   <li>while catching up from an old position it reads pages from the store;</li>
 *   <li>once caught up it reads from the feed's ring;</li>
 *   <li>if, once live, it stops asking while the ring moves on past it, it is told where it stopped and is
 *   disconnected, and can come back with {@code Last-Event-ID}. A subscriber that stops while still catching up
 *   holds nothing but its position, so it is left to resume reading at its own pace.</li>
 * </ul>
 */
final class FeedSubscription {

    private static final int PAGE = 256;

    private final IncidentFeed feed;
    private final FluxSink<FeedItem> sink;
    private final Predicate<TimelineEntry> filter;
    private final AtomicInteger wip = new AtomicInteger();
    private volatile long cursor;
    private volatile long lastDeliveredPosition;
    private volatile boolean live;
    private volatile boolean fetching;
    private volatile List<SentEntry> fetched;
    private final Runnable onLagging;
    private volatile boolean done;
    private volatile boolean heartbeatDue;

    FeedSubscription(IncidentFeed feed, FluxSink<FeedItem> sink, long afterSeq, long afterPosition,
                     Predicate<TimelineEntry> filter, Runnable onLagging) {
        this.onLagging = onLagging;
        this.feed = feed;
        this.sink = sink;
        this.cursor = afterSeq;
        this.lastDeliveredPosition = afterPosition;
        this.filter = filter;
    }

    /** Delivers what the subscriber has asked for; safe to call from any thread, any number of times. */
    void pump() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        do {
            drain();
        } while (wip.decrementAndGet() != 0);
    }

    private void drain() {
        while (!done && !sink.isCancelled()) {
            long demand = sink.requestedFromDownstream();
            if (heartbeatDue && demand > 0) {
                heartbeatDue = false;
                sink.next(new FeedItem.Heartbeat());
                continue;
            }
            if (!live && feed.covers(cursor)) {
                live = true;
            }
            List<SentEntry> page = fetched;
            if (page != null) {
                fetched = null;
            } else {
                if (live && feed.isBehind(cursor)) {
                    lagging();
                    return;
                }
                if (demand <= 0 || fetching) {
                    return;
                }
                page = feed.after(cursor, PAGE);
                if (page == null) {
                    fetchFromStore(PAGE);
                    return;
                }
                if (page.isEmpty()) {
                    return;
                }
            }
            List<SentEntry> passed = new ArrayList<>(page.size());
            for (SentEntry sent : page) {
                TimelineEntry entry = sent.entry();
                if (entry.seq() <= cursor) {
                    continue;
                }
                cursor = entry.seq();
                if (filter.test(entry)) {
                    lastDeliveredPosition = entry.position();
                    passed.add(sent);
                }
            }
            if (!passed.isEmpty()) {
                sink.next(new FeedItem.Entries(passed));
            }
        }
    }

    /** Sends a heartbeat if the subscriber is reading; one that is not gets none (nor anything else). */
    void heartbeat() {
        heartbeatDue = true;
        pump();
    }

    private void fetchFromStore(int max) {
        fetching = true;
        Mono<List<TimelineEntry>> page = feed.timeline().entriesAfter(feed.incidentId(), cursor, max).collectList();
        page.publishOn(feed.fanOut()).subscribe(entries -> {
            fetching = false;
            if (!entries.isEmpty()) {
                fetched = entries.stream().map(SentEntry::new).toList();
                pump();
            }
            // An empty page means the feed will pump us once it knows the timeline's end.
        }, failure -> {
            fetching = false;
            done = true;
            sink.error(failure);
        });
    }

    /** The node is stopping: the stream ends, and the screen reconnects (with Last-Event-ID) to one that is not. */
    void end() {
        done = true;
        sink.complete();
    }

    private void lagging() {
        done = true;
        // Held beyond demand on purpose: one small item the subscriber reads if it wakes up, then the stream ends.
        sink.next(new FeedItem.Lagging(lastDeliveredPosition));
        sink.complete();
        feed.remove(this);
        onLagging.run();
    }

    long cursor() {
        return cursor;
    }
}
