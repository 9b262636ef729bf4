package jp.kanmin.query.support;

import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Incident books kept on this node while they are read, brought up to date by reading only the entries changed since
 * (every entry carries the position of the last event that changed it). Two hundred HQ boards re-read the task,
 * exchange and damage books after nearly every entry at 50 commands/s, and each read fetched and decoded the whole
 * book (6,000 tasks for 300 organisations): the profile had a quarter of the node's samples in the driver mapping
 * those documents and a fifth in the store serving them, and boards showed a command two minutes after it was posted.
 * <p>
 * A kept book holds everything up to the position its read model had handled through when its last read began. A
 * request whose read-your-writes wait ended at position P is answered from the kept book at once when that is at or
 * past P; any other waits for the next read, which begins after the request arrived and so sees what it must. However
 * many requests wait, one read of a book runs at a time and one more is queued behind it. A kept book is read whole
 * again every minute (so a rebuild swapped in or an exercise deleted on another node shows within a minute), let go
 * after {@link #IDLE} without a reader, and not kept past {@link #MAX_ENTRIES} entries: such a book is read whole
 * every time, as before.
 */
final class BookCache {

    static final Duration IDLE = Duration.ofSeconds(30);
    static final Duration WHOLE_EVERY = Duration.ofMinutes(1);
    static final int MAX_ENTRIES = 20_000;
    /** Where a read asks how far its read model has got: that may read the token store. */
    private static final Executor BLOCKING = task -> Schedulers.boundedElastic().schedule(task);
    /** Merging a read into the kept book is CPU work: not on the store driver's I/O thread the reply arrived on. */
    private static final Executor MERGING = task -> Schedulers.parallel().schedule(task);

    /** One stored entry as last read; its value is converted once, on first use. */
    static final class Held {

        final String section;
        final long created;
        final long position;
        final Document value;
        private volatile Object converted;

        Held(String section, long created, long position, Document value) {
            this.section = section;
            this.created = created;
            this.position = position;
            this.value = value;
        }

        @SuppressWarnings("unchecked")
        <T> T as(Class<T> type, IncidentBooks books) {
            Object known = converted;
            if (!type.isInstance(known)) {
                known = books.read(type, value);
                converted = known;
            }
            return (T) known;
        }
    }

    /**
     * A book as one read left it: its entries by section, first written first, and what was built from them (one
     * folded book for every request the snapshot answers, so that what that book renders can be shared too).
     */
    record Snapshot(long through, Map<String, List<Held>> sections, Map<Class<?>, Object> built) {

        Snapshot(long through, Map<String, List<Held>> sections) {
            this(through, sections, new ConcurrentHashMap<>());
        }
    }

    private final ReactiveMongoTemplate reactive;
    private final ReadModelProgress progress;
    private final Consumer<String> indexChanges;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();
    private volatile long sweptAt = System.nanoTime();

    BookCache(ReactiveMongoTemplate reactive, ReadModelProgress progress, Consumer<String> indexChanges) {
        this.reactive = reactive;
        this.progress = progress;
        this.indexChanges = indexChanges;
    }

    /** The book, holding at least what the read model had written when it reached {@code atLeast} (0: now). */
    Mono<Snapshot> read(String readModel, String collection, String incidentId, long atLeast) {
        letIdleGo();
        return kept.computeIfAbsent(collection + "|" + incidentId, key -> new Kept(key, readModel, collection,
                                                                                     incidentId))
                   .read(atLeast);
    }

    void forget() {
        kept.clear();
    }

    private void letIdleGo() {
        long now = System.nanoTime();
        if (now - sweptAt > IDLE.toNanos()) {
            sweptAt = now;
            kept.values().removeIf(book -> now - book.askedAt > IDLE.toNanos());
        }
    }

    private final class Kept {

        private final String key;
        private final String readModel;
        private final String collection;
        private final String incidentId;
        /** By stored id; changed only by the one read running, each read after the one before has ended. */
        private final Map<String, Held> entries = new HashMap<>();
        private volatile Snapshot snapshot;
        private volatile long askedAt = System.nanoTime();
        private long wholeAt;
        private CompletableFuture<Snapshot> running;
        private CompletableFuture<Snapshot> queued;

        Kept(String key, String readModel, String collection, String incidentId) {
            this.key = key;
            this.readModel = readModel;
            this.collection = collection;
            this.incidentId = incidentId;
        }

        Mono<Snapshot> read(long atLeast) {
            askedAt = System.nanoTime();
            Snapshot current = snapshot;
            if (current != null && atLeast > 0 && current.through() >= atLeast) {
                return Mono.just(current);
            }
            // the read goes on for the requests queued behind it even if this one is cancelled; what the requests do
            // with the book (fold, render, encode their answers) runs off the store driver's I/O thread, which would
            // otherwise hold every other store reply of this node, a posting's token lookup among them, behind it
            return Mono.fromFuture(this::beginningAfterNow, true).publishOn(Schedulers.parallel());
        }

        /** A read that begins after this call: a new one if none is running, else the one queued behind it. */
        private synchronized CompletableFuture<Snapshot> beginningAfterNow() {
            if (running == null || running.isDone()) {
                CompletableFuture<Snapshot> read = load();
                running = read;
                read.whenComplete((book, failure) -> ended());
                return read;
            }
            if (queued == null) {
                queued = new CompletableFuture<>();
            }
            return queued;
        }

        private synchronized void ended() {
            if (running != null && !running.isDone()) {
                return; // a later read is running; the queue waits for it
            }
            CompletableFuture<Snapshot> waiting = queued;
            queued = null;
            running = null;
            if (waiting != null) {
                CompletableFuture<Snapshot> read = load();
                running = read;
                read.whenComplete((book, failure) -> {
                    if (failure != null) {
                        waiting.completeExceptionally(failure);
                    } else {
                        waiting.complete(book);
                    }
                    ended();
                });
            }
        }

        private CompletableFuture<Snapshot> load() {
            Snapshot before = snapshot;
            long startedAt = System.nanoTime();
            boolean whole = before == null || startedAt - wholeAt > WHOLE_EVERY.toNanos();
            try {
                return CompletableFuture.supplyAsync(() -> {
                    indexChanges.accept(collection);
                    return progress.handledThrough(readModel); // before the query: all it names is stored by then
                }, BLOCKING).thenCompose(through -> {
                    Criteria changed = where(IncidentBooks.INCIDENT).is(incidentId);
                    if (!whole) {
                        changed = changed.and(IncidentBooks.POSITION).gt(before.through());
                    }
                    return reactive.find(Query.query(changed), Document.class, collection).collectList().toFuture()
                                   .thenApplyAsync(found -> merged(whole, through, found, startedAt), MERGING);
                });
            } catch (RuntimeException failure) {
                return CompletableFuture.failedFuture(failure);
            }
        }

        private Snapshot merged(boolean whole, long through, List<Document> found, long startedAt) {
            if (whole) {
                entries.clear();
                wholeAt = startedAt;
            }
            for (Document entry : found) {
                long position = entry.get(IncidentBooks.POSITION, Number.class).longValue();
                Held known = entries.get(entry.getString("_id"));
                if (known == null || known.position < position) {
                    entries.put(entry.getString("_id"), new Held(
                            entry.getString(IncidentBooks.SECTION),
                            entry.get(IncidentBooks.CREATED, Number.class).longValue(), position,
                            entry.get(IncidentBooks.VALUE, Document.class)));
                }
            }
            Map<String, List<Held>> sections = new HashMap<>();
            entries.values().stream().sorted(Comparator.comparingLong(held -> held.created))
                   .forEach(held -> sections.computeIfAbsent(held.section, s -> new ArrayList<>()).add(held));
            Snapshot read = new Snapshot(through, sections);
            snapshot = read;
            if (entries.size() > MAX_ENTRIES) {
                kept.remove(key, this);
            }
            return read;
        }
    }
}
