package jp.kanmin.ops.store;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * mongo-java-server's H2 backend, made to keep its word: a write's acknowledgement leaves the server only once the
 * write is committed and synced to disk.
 * <p>
 * As shipped, the backend relies on MVStore's auto-commit, which runs up to a second after a write, so a
 * {@code kill -9} loses writes the client already saw acknowledged. Here every write gets a ticket when it has been
 * applied in memory; its answer is held back at the connection (a handler at the front of its pipeline) until a
 * commit and fsync covers that ticket. One syncer thread commits and syncs whenever writes are waiting, so
 * concurrent writers share a sync (group commit), and the store's worker threads never wait for the disk: they go
 * on serving reads and other writes while a sync runs. A profile of the burst benchmark had found those threads
 * queued behind one another's fsyncs (18 ms each, median).
 * <p>
 * A write that waived the journal ({@code j: false}) is answered at once: it reaches the disk with the next sync,
 * since an MVStore commit stores every change made before it.
 */
public class DurableH2Backend extends H2Backend {

    private static final Logger logger = LoggerFactory.getLogger(DurableH2Backend.class);
    private static final Set<String> WRITE_COMMANDS = Set.of(
            "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes", "drop", "create",
            "dropdatabase", "renamecollection", "bulkwrite");
    private static final String HANDLER = "kanmin-durable-acknowledgements";

    private final MVStore store;
    private final AtomicLong writesApplied = new AtomicLong();
    private final Object syncs = new Object();
    /** Guarded by {@link #syncs}. */
    private long writesDurable;
    private long writesAwaited;
    private boolean closed;
    private final Set<HeldAnswers> holding = ConcurrentHashMap.newKeySet();
    private final Thread syncer;

    public DurableH2Backend(MVStore store) {
        super(store);
        this.store = store;
        this.syncer = Thread.ofPlatform().daemon().name("embedded-store-sync").start(this::syncWhenAsked);
    }

    /** Its databases order index keys by value (see {@link IndexKeyOrder}). */
    @Override
    protected de.bwaldvogel.mongo.MongoDatabase openOrCreateDatabase(String databaseName) {
        return DurableH2Database.open(databaseName, getMvStore(), getCursorRegistry());
    }

    /** How many stored documents queries on a collection have looked at since the store started. */
    public long documentsExamined(String database, String collection) {
        return resolveDatabase(database) instanceof DurableH2Database durable
                ? durable.documentsExamined(collection) : 0;
    }

    public static DurableH2Backend open(String fileName) {
        return new DurableH2Backend(new MVStore.Builder().fileName(fileName).open());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        Document response = super.handleCommand(channel, databaseName, command, query);
        if (WRITE_COMMANDS.contains(command.toLowerCase(Locale.ROOT)) && !journalWaived(query)) {
            long ticket = writesApplied.incrementAndGet();
            if (channel != null) {
                answersOf(channel).holdNextUntil(ticket);
            }
            synchronized (syncs) {
                writesAwaited = Math.max(writesAwaited, ticket);
                syncs.notifyAll();
                while (channel == null && writesDurable < ticket && !closed) {
                    waitForSync(); // a caller with no connection to hold an answer on waits itself
                }
            }
        }
        return response;
    }

    /**
     * Like MongoDB, a write whose write concern says {@code j: false} is acknowledged without waiting for the disk;
     * it becomes durable with the next sync. Every other write waits, whatever the client asked.
     */
    private static boolean journalWaived(Document command) {
        return command.get("writeConcern") instanceof Document concern && Boolean.FALSE.equals(concern.get("j"));
    }

    /** Called on the channel's own thread, before its answer is written. */
    private HeldAnswers answersOf(Channel channel) {
        HeldAnswers held = (HeldAnswers) channel.pipeline().get(HANDLER);
        if (held == null) {
            held = new HeldAnswers();
            channel.pipeline().addFirst(HANDLER, held);
        }
        return held;
    }

    private void syncWhenAsked() {
        while (true) {
            long covered;
            synchronized (syncs) {
                while (!closed && writesAwaited <= writesDurable) {
                    try {
                        syncs.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
            }
            // every write numbered up to here has been applied in memory, so this commit contains it
            covered = writesApplied.get();
            try {
                store.commit();
                store.sync();
            } catch (RuntimeException e) {
                logger.error("The embedded store could not commit and sync; answers stay held", e);
                sleep();
                continue;
            }
            synchronized (syncs) {
                writesDurable = covered;
                syncs.notifyAll();
            }
            long durable = covered;
            holding.forEach(answers -> answers.release(durable));
        }
    }

    private void waitForSync() {
        try {
            syncs.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the disk", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long durable() {
        synchronized (syncs) {
            return writesDurable;
        }
    }

    @Override
    public void close() {
        synchronized (syncs) {
            closed = true;
            syncs.notifyAll();
        }
        try {
            syncer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.close();
    }

    /**
     * A connection's answers to durable writes, held until the disk has them. Answers leave in the order they were
     * written: once one is held, those after it wait behind it.
     */
    private final class HeldAnswers extends ChannelOutboundHandlerAdapter {

        private record Held(Object message, ChannelPromise promise, long ticket) {
        }

        /** Touched on the channel's own thread only. */
        private final ArrayDeque<Held> held = new ArrayDeque<>();
        private long nextTicket;
        private ChannelHandlerContext context;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            context = ctx;
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            holding.remove(this);
        }

        void holdNextUntil(long ticket) {
            nextTicket = ticket;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
            long ticket = nextTicket;
            nextTicket = 0;
            if (held.isEmpty() && ticket <= durable()) {
                ctx.write(message, promise);
                return;
            }
            held.add(new Held(message, promise, ticket));
            holding.add(this);
            release(durable()); // a sync may have finished between the two looks
        }

        /** From any thread: writes out, on the channel's thread, what {@code durable} covers. */
        void release(long durable) {
            if (!context.executor().inEventLoop()) {
                context.executor().execute(() -> release(durable));
                return;
            }
            boolean wrote = false;
            while (!held.isEmpty() && held.peek().ticket() <= durable) {
                Held answer = held.poll();
                context.write(answer.message(), answer.promise());
                wrote = true;
            }
            if (held.isEmpty()) {
                holding.remove(this);
            }
            if (wrote) {
                context.flush();
            }
        }
    }
}
