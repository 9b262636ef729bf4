package jp.kanmin.ops.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The event store as pooled processors read it, telling them when there are events to read.
 * <p>
 * Axon's embedded event store offers its streams no "events available" callback, so a pooled processor that has
 * caught up looked again only every 500 ms: every read model trailed a command by up to half a second before doing
 * any work, and a board or a phone waiting for its own write ({@code atLeast}) waited for the slowest of them. Here
 * one watcher per node tails the store's head and wakes the processor of every open stream shortly after it sees new
 * events (appended on this node, or fetched from the store for another node's), late enough for a batch to gather.
 * It also wakes them every 500 ms when nothing comes, as Axon's own poll did, so that an idle processor still extends
 * its claims and stores its progress on time.
 */
public final class EventsAvailable implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(EventsAvailable.class);
    /** What Axon's own poll waited: idle processors extend their claims and store their progress this often. */
    public static final Duration AXONS_POLL = Duration.ofMillis(500);
    /** Events passed over between two wake-ups while the store is busy, so that a burst cannot hold them back. */
    private static final int DRAIN = 256;

    private final Supplier<? extends StreamableMessageSource<TrackedEventMessage<?>>> storeSupplier;
    private volatile StreamableMessageSource<TrackedEventMessage<?>> store;
    private final int idleWakeMillis;
    private final int gatherMillis;
    private final Set<Runnable> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private Thread watcher;

    /**
     * @param store    the event store, asked for when first read (it is built from the processors' configuration)
     * @param idleWake how often readers are woken when nothing arrives
     * @param gather   how long after an arrival readers are woken, so that they take what arrives meanwhile with it
     */
    public EventsAvailable(Supplier<? extends StreamableMessageSource<TrackedEventMessage<?>>> store,
                           Duration idleWake, Duration gather) {
        this.storeSupplier = store;
        this.idleWakeMillis = Math.toIntExact(idleWake.toMillis());
        this.gatherMillis = Math.toIntExact(gather.toMillis());
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        watchOnce();
        return new Woken(store.openStream(token));
    }

    @Override
    public TrackingToken createTailToken() {
        return store().createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store().createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store().createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store().createTokenSince(duration);
    }

    private StreamableMessageSource<TrackedEventMessage<?>> store() {
        StreamableMessageSource<TrackedEventMessage<?>> known = store;
        if (known == null) {
            known = storeSupplier.get();
            store = known;
        }
        return known;
    }

    /**
     * Started with the first stream (the processors start after the application, when the store is reachable), from
     * the head as it is then: nothing appended after that stream was opened goes unseen.
     */
    private synchronized void watchOnce() {
        StreamableMessageSource<TrackedEventMessage<?>> events = store();
        if (watcher == null && !closed) {
            TrackingToken head = events.createHeadToken();
            watcher = Thread.ofPlatform().daemon().name("events-available").start(() -> watch(head));
        }
    }

    private void watch(TrackingToken from) {
        TrackingToken head = from;
        while (!closed) {
            try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(head)) {
                while (!closed) {
                    boolean arrived = stream.hasNextAvailable(idleWakeMillis, TimeUnit.MILLISECONDS);
                    if (arrived) {
                        // what else arrives meanwhile goes in the same batch: woken per event, ten processors each
                        // stored a token and wrote their books for every event, and under load fell behind
                        Thread.sleep(gatherMillis);
                    }
                    wakeAll();
                    for (int passed = 0; arrived && passed < DRAIN && stream.hasNextAvailable(); passed++) {
                        head = stream.nextAvailable().trackingToken();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the store is away: processors find out for themselves; keep them looking as often as before
                logger.debug("Cannot watch the event store's head; waking its readers on the clock", e);
                wakeAll();
                pause();
            }
        }
    }

    private void wakeAll() {
        for (Runnable wake : waiting) {
            try {
                wake.run();
            } catch (RuntimeException e) {
                logger.warn("A processor's wake-up failed", e);
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(idleWakeMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (watcher != null) {
            watcher.interrupt();
        }
    }

    /** A stream of the store that takes its reader's "wake me" callback. */
    private final class Woken implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> stream;
        private volatile Runnable wake;

        Woken(BlockingStream<TrackedEventMessage<?>> stream) {
            this.stream = stream;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            Runnable before = wake;
            if (before != null) {
                waiting.remove(before);
            }
            wake = callback;
            waiting.add(callback);
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public boolean hasNextAvailable() {
            return stream.hasNextAvailable();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return stream.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return stream.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            Runnable callback = wake;
            if (callback != null) {
                waiting.remove(callback);
            }
            stream.close();
        }
    }
}
