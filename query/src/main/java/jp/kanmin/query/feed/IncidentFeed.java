package jp.kanmin.query.feed;

import jp.kanmin.query.timeline.TimelineEntry;
import jp.kanmin.query.timeline.TimelineRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One incident's live feed on this node: the newest entries in a bounded ring that every subscriber reads from at
 * its own pace. Memory per incident is the ring, whatever the number of subscribers; a subscriber that is not
 * keeping up falls off the ring's tail and is told so (see {@link FeedSubscription}).
 * <p>
 * The ring is filled from the timeline read model, never from events directly, so the feed delivers exactly what
 * the timeline holds and in its order: entries written by this node's projection arrive at once through a signal,
 * entries written by another node through the periodic refresh.
 */
final class IncidentFeed {

    private static final Logger logger = LoggerFactory.getLogger(IncidentFeed.class);
    private static final int REFRESH_BATCH = 500;

    private final String incidentId;
    private final TimelineRepository timeline;
    private final Scheduler fanOut;
    private final Duration gather;
    private final int capacity;
    /** The newest entries, each at its seq modulo the capacity: a subscriber finds its place without a search. */
    private final SentEntry[] ring;
    private int size;
    private final Set<FeedSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicBoolean refreshAgain = new AtomicBoolean();
    private final AtomicBoolean gathering = new AtomicBoolean();
    /** The seq of the newest entry read from the store; -1 until the feed knows where the timeline ends. */
    private long lastSeq = -1;

    IncidentFeed(String incidentId, TimelineRepository timeline, Scheduler fanOut, Duration gather, int capacity) {
        this.incidentId = incidentId;
        this.timeline = timeline;
        this.fanOut = fanOut;
        this.gather = gather;
        this.capacity = capacity;
        this.ring = new SentEntry[capacity];
    }

    String incidentId() {
        return incidentId;
    }

    TimelineRepository timeline() {
        return timeline;
    }

    /** Where subscribers are handed entries: off the store driver's threads, which the command path waits on. */
    Scheduler fanOut() {
        return fanOut;
    }

    void add(FeedSubscription subscription) {
        subscriptions.add(subscription);
    }

    /** @return whether the feed has no subscribers left */
    boolean remove(FeedSubscription subscription) {
        subscriptions.remove(subscription);
        return subscriptions.isEmpty();
    }

    void end() {
        subscriptions.forEach(FeedSubscription::end);
    }

    void heartbeat() {
        subscriptions.forEach(FeedSubscription::heartbeat);
    }

    boolean hasSubscribers() {
        return !subscriptions.isEmpty();
    }

    synchronized int buffered() {
        return size;
    }

    int subscriberCount() {
        return subscriptions.size();
    }

    /**
     * Entries after {@code seq}, at most {@code max}, from the ring; {@code null} when {@code seq} lies before the
     * ring (or the feed does not know the timeline's end yet) and the caller must read the store instead.
     */
    synchronized List<SentEntry> after(long seq, int max) {
        if (lastSeq < 0) {
            return null;
        }
        if (seq >= lastSeq) {
            return List.of();
        }
        if (seq < oldest() - 1) {
            return null;
        }
        long last = Math.min(lastSeq, seq + max);
        List<SentEntry> result = new ArrayList<>((int) (last - seq));
        for (long next = seq + 1; next <= last; next++) {
            result.add(ring[slot(next)]);
        }
        return result;
    }

    /** Whether the ring holds everything after {@code seq}: a subscriber there is following the live feed. */
    synchronized boolean covers(long seq) {
        return lastSeq >= 0 && seq >= oldest() - 1;
    }

    /** Whether a subscriber positioned at {@code seq} has been overtaken by the ring. */
    synchronized boolean isBehind(long seq) {
        return lastSeq >= 0 && size > 0 && seq < oldest() - 1;
    }

    private long oldest() {
        return lastSeq - size + 1;
    }

    private int slot(long seq) {
        return (int) Math.floorMod(seq, (long) capacity);
    }

    /** Refreshes once the gathering window has passed, once for every entry recorded meanwhile. */
    void refreshSoon() {
        if (gathering.compareAndSet(false, true)) {
            fanOut.schedule(() -> {
                gathering.set(false);
                refresh();
            }, gather.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Reads what the store has beyond the ring; runs once at a time, and again if asked meanwhile. */
    void refresh() {
        if (!refreshing.compareAndSet(false, true)) {
            refreshAgain.set(true);
            return;
        }
        long from;
        synchronized (this) {
            from = lastSeq;
        }
        if (from < 0) {
            // Start the ring with the newest entries, so that a subscriber that was nearly caught up follows live.
            timeline.head(incidentId).publishOn(fanOut).subscribe(head -> {
                synchronized (this) {
                    lastSeq = Math.max(0, head - capacity);
                }
                finishRefresh(head > 0);
            }, this::refreshFailed);
            return;
        }
        Mono<List<TimelineEntry>> read = timeline.entriesAfter(incidentId, from, REFRESH_BATCH).collectList();
        read.publishOn(fanOut).subscribe(entries -> {
            synchronized (this) {
                for (TimelineEntry entry : entries) {
                    if (entry.seq() != lastSeq + 1) {
                        break; // a slot not yet written: the rest waits for the next refresh
                    }
                    ring[slot(entry.seq())] = new SentEntry(entry);
                    lastSeq = entry.seq();
                    size = Math.min(size + 1, capacity);
                }
            }
            finishRefresh(entries.size() == REFRESH_BATCH);
        }, this::refreshFailed);
    }

    private void finishRefresh(boolean moreAvailable) {
        refreshing.set(false);
        subscriptions.forEach(FeedSubscription::pump);
        if (refreshAgain.getAndSet(false) || moreAvailable) {
            refresh();
        }
    }

    private void refreshFailed(Throwable failure) {
        logger.warn("Could not refresh the feed of incident {}: {}", incidentId, failure.toString());
        refreshing.set(false);
    }
}
