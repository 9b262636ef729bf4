package jp.kanmin.query.support;

import com.google.common.hash.BloomFilter;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Per-incident read models kept as keyed entries in sections, one document per entry
 * ({@code _id = incident|section|key}), so an event reads and writes only the entry it changes, whatever the size of
 * the incident: a book kept as one document per incident cost a rewrite of the whole incident per event (seconds per
 * batch at 20,000 reports, and MongoDB's 16 MB document limit not far beyond). Each entry remembers the store
 * position of the last event applied to it, so a redelivered event changes nothing. A book is read back with one
 * query on the incident (indexed), in the order its entries were first written.
 * <p>
 * Within a unit of work (a processor's batch, a rebuild's batch) entries are kept and written together by
 * {@link #writeBatch()}: one bulk write per book instead of a round trip per event. The processors call it when a
 * batch has handled its last event, before they store their token; the unit of work's commit writes whatever is left.
 */
@Component
public class IncidentBooks implements ReadModelMemory {

    static final String INCIDENT = "incidentId";
    static final String SECTION = "section";
    static final String VALUE = "value";
    static final String POSITION = "position";
    static final String CREATED = "created";

    private final MongoTemplate mongo;
    private final ReactiveMongoTemplate reactive;
    private final Set<String> indexed = ConcurrentHashMap.newKeySet();
    /** Set on a rebuild's own books: see {@link #writtenOnlyHere()}. */
    private volatile WrittenHere writtenHere;
    /** The unit-of-work resource holding this instance's unwritten entries (a rebuild has an instance of its own). */
    private final String pendingResource = IncidentBooks.class.getName() + ".pending@" + System.identityHashCode(this);

    private record Entry(String collection, String id) {
    }

    /**
     * {@code created}: the position of the batch's first write of the entry, which orders a new entry in its book;
     * {@code absent}: the entry is known not to be stored yet (see {@link #writtenOnlyHere()}), so it is inserted.
     */
    private record Pending(String incidentId, String section, Object value, long position, long created,
                           boolean absent) {
    }

    private final BookCache kept;

    IncidentBooks(MongoTemplate mongo, ReactiveMongoTemplate reactive, ReadModelProgress progress) {
        this.mongo = mongo;
        this.reactive = reactive;
        this.kept = new BookCache(reactive, progress, this::ensureChangesIndexed);
    }

    /** The stored entry and the position it was last changed at; both null when there is none. */
    public record Stored<T>(T value, Long position) {
    }

    /**
     * These books are written by nobody else (a rebuild's shadow collections): what they wrote is remembered, so an
     * event's read of its entry seldom asks the store. A rebuild read the store once per entry per event before, and
     * spent most of its time waiting on those reads (JFR of a report rebuild at 1,000,000 events).
     */
    public void writtenOnlyHere() {
        writtenHere = new WrittenHere();
    }

    public <T> Stored<T> get(String collection, String incidentId, String section, String key, Class<T> type) {
        String id = id(incidentId, section, key);
        Entry entry = new Entry(collection, id);
        Map<Entry, Pending> pending = pending(false);
        Pending unwritten = pending == null ? null : pending.get(entry);
        if (unwritten != null) {
            return new Stored<>(type.cast(unwritten.value()), unwritten.position());
        }
        WrittenHere written = writtenHere;
        if (written != null) {
            Pending remembered = written.recent(entry);
            if (remembered != null) {
                return new Stored<>(type.cast(remembered.value()), remembered.position());
            }
            if (!written.mayHave(entry)) {
                return new Stored<>(null, null);
            }
        }
        Document found = mongo.findById(id, Document.class, collection);
        if (found == null) {
            return new Stored<>(null, null);
        }
        Object raw = found.get(VALUE);
        Number position = found.get(POSITION, Number.class);
        return new Stored<>(raw == null ? null : read(type, (Document) raw),
                            position == null ? null : position.longValue());
    }

    /** Stores the entry unless an event at or after {@code position} already did. */
    public <T> void put(String collection, String incidentId, String section, String key, T value, long position) {
        String id = id(incidentId, section, key);
        Map<Entry, Pending> pending = pending(true);
        Entry entry = new Entry(collection, id);
        if (pending != null) {
            pending.merge(entry, new Pending(incidentId, section, value, position, position, knownAbsent(entry)),
                          (earlier, later) -> new Pending(incidentId, section, value, position, earlier.created(),
                                                          earlier.absent()));
            return;
        }
        ensureIndexed(collection);
        Pending change = new Pending(incidentId, section, value, position, position, false);
        mongo.upsert(Query.query(where("_id").is(id)), upsert(change), collection);
        remember(entry, change);
    }

    /** Whether a book written by nobody else has never written the entry: then it can be inserted, not upserted. */
    private boolean knownAbsent(Entry entry) {
        WrittenHere written = writtenHere;
        return written != null && !written.mayHave(entry);
    }

    private void remember(Entry entry, Pending change) {
        WrittenHere written = writtenHere;
        if (written != null) {
            written.wrote(entry, change);
        }
    }

    /**
     * Writes the entries the current unit of work has changed so far: one unordered bulk write per book, the books in
     * the order the unit of work first wrote to each (a book owner may rely on that for what a crash leaves).
     */
    public void writeBatch() {
        Map<Entry, Pending> pending = pending(false);
        if (pending == null || pending.isEmpty()) {
            return;
        }
        Map<String, BulkOperations> bulks = new LinkedHashMap<>();
        pending.forEach((entry, change) -> {
            BulkOperations bulk = bulks.computeIfAbsent(entry.collection(), collection -> {
                ensureIndexed(collection);
                return mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection);
            });
            if (change.absent()) {
                // a rebuild's new entry: an insert costs the store less than an upsert (no lookup, no update)
                bulk.insert(inserted(entry.id(), change));
            } else {
                bulk.upsert(Query.query(where("_id").is(entry.id())), upsert(change));
            }
        });
        bulks.values().forEach(BulkOperations::execute);
        pending.forEach(this::remember);
        pending.clear();
    }

    /** The document {@link #upsert} would store for an entry not stored yet. */
    private Document inserted(String id, Pending change) {
        return new Document("_id", id).append(VALUE, mongo.getConverter().convertToMongoType(
                change.value(), org.springframework.data.core.TypeInformation.of(Object.class)))
                                      .append(POSITION, change.position()).append(INCIDENT, change.incidentId())
                                      .append(SECTION, change.section()).append(CREATED, change.created());
    }

    private static Update upsert(Pending change) {
        return new Update().set(VALUE, change.value()).set(POSITION, change.position())
                           .setOnInsert(INCIDENT, change.incidentId()).setOnInsert(SECTION, change.section())
                           .setOnInsert(CREATED, change.created());
    }

    /** This unit of work's unwritten entries; null outside one (or when none yet and {@code create} is false). */
    private Map<Entry, Pending> pending(boolean create) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        if (!create) {
            return root.getResource(pendingResource);
        }
        return root.getOrComputeResource(pendingResource, key -> {
            root.onPrepareCommit(committing -> writeBatch());
            return new LinkedHashMap<>();
        });
    }

    /**
     * Changes one entry by {@code transition} (given null when there is none yet), unless an event at or after
     * {@code position} already changed it; a transition that answers null leaves the entry as it is.
     */
    public <T> void update(String collection, String incidentId, String section, String key, Class<T> type,
                           long position, UnaryOperator<T> transition) {
        Stored<T> stored = get(collection, incidentId, section, key, type);
        if (stored.position() != null && stored.position() >= position) {
            return; // redelivered
        }
        T next = transition.apply(stored.value());
        if (next != null) {
            put(collection, incidentId, section, key, next, position);
        }
    }

    /**
     * An incident's book kept by {@code readModel}, with everything the read model had written when it reached the
     * position the request waited for (read-your-writes), or when the request arrived if it waited for none. Read
     * through this node's {@link BookCache}: a book read again reads only what changed.
     */
    public Mono<Sections> sections(String readModel, String collection, String incidentId) {
        return Mono.deferContextual(context -> kept.read(readModel, collection, incidentId,
                                                          context.getOrDefault(SharedReads.AT_LEAST, 0L)))
                   .map(book -> new Sections(book, this));
    }

    /** A book as read by {@link #sections}. */
    public static final class Sections {

        private final BookCache.Snapshot snapshot;
        private final IncidentBooks books;

        private Sections(BookCache.Snapshot snapshot, IncidentBooks books) {
            this.snapshot = snapshot;
            this.books = books;
        }

        /**
         * What {@code build} makes of these entries, built once for every request this read answers: the same
         * object each time, so build only what no reader changes.
         */
        public <T> T built(Class<T> type, java.util.function.Function<Sections, T> build) {
            return type.cast(snapshot.built().computeIfAbsent(type, t -> build.apply(this)));
        }

        /** The entries of one section, in the order they were first written. */
        public <T> List<T> entries(String section, Class<T> type) {
            return snapshot.sections().getOrDefault(section, List.of()).stream().map(held -> held.as(type, books))
                           .toList();
        }
    }

    /** The entries of a section under the given keys, in the order of the keys; keys without an entry are left out. */
    public <T> Mono<List<T>> entries(String collection, String incidentId, String section, List<String> keys,
                                     Class<T> type) {
        return entriesByKey(collection, incidentId, section, keys, type)
                .map(found -> keys.stream().map(found::get).filter(java.util.Objects::nonNull).toList());
    }

    /** The entries of a section under the given keys, by key; keys without an entry are left out. */
    public <T> Mono<Map<String, T>> entriesByKey(String collection, String incidentId, String section,
                                                 List<String> keys, Class<T> type) {
        if (keys.isEmpty()) {
            return Mono.just(Map.of());
        }
        Map<String, String> keyOfId = new java.util.HashMap<>();
        keys.forEach(key -> keyOfId.put(id(incidentId, section, key), key));
        // by _id: served by the unique index of every store, whatever else the collection holds
        return reactive.find(Query.query(where("_id").in(List.copyOf(keyOfId.keySet()))), Document.class, collection)
                       .collectMap(entry -> keyOfId.get(entry.getString("_id")),
                                   entry -> read(type, entry.get(VALUE, Document.class)));
    }

    /** A page of entries and how many there are in all. */
    public record Page<T>(List<T> entries, long total) {
    }

    /**
     * One page of a section's entries whose values match every filter (fields under {@code value.}), in
     * {@code order}: the store filters, sorts, skips and counts, so the node holds the page, never the whole book.
     * A book owner that pages declares the index serving its order with {@link #ensureIndex}.
     */
    public <T> Mono<Page<T>> page(String collection, String incidentId, String section, List<Criteria> filters,
                                  Sort order, long offset, int limit, Class<T> type) {
        // the incident and section stay top-level equalities: the embedded store's index serves only those
        Criteria criteria = where(INCIDENT).is(incidentId).and(SECTION).is(section);
        if (!filters.isEmpty()) {
            criteria = criteria.andOperator(filters);
        }
        Document filter = Query.query(criteria).getQueryObject();
        Mono<List<T>> entries = reactive.find(new BasicQuery(filter).with(order).skip(offset).limit(limit),
                                              Document.class, collection)
                                        .map(entry -> read(type, entry.get(VALUE, Document.class)))
                                        .collectList();
        // the count command, not countDocuments: an aggregation's $match is not served by the embedded store's
        // indexes, and the count then looked at every entry of every incident (StoreGrowthTest)
        Document count = new Document("count", collection).append("query", filter);
        Mono<Long> total = reactive.getMongoDatabase()
                                   .flatMap(database -> Mono.from(database.runCommand(count)))
                                   .map(answer -> ((Number) answer.get("n")).longValue());
        return Mono.zip(entries, total).map(found -> new Page<>(found.getT1(), found.getT2()));
    }

    /**
     * The index that serves {@link #page} with {@code order} when the filters are equalities on {@code valueFields}:
     * the incident, the section, those fields, then the order's own keys in its directions (idempotent). With every
     * sort key in the index a store walks the index and stops after the page; with one missing (the thread's
     * {@code created} that breaks ties) MongoDB sorts the incident's whole book in memory on every read.
     */
    public void ensureIndex(String collection, Sort order, String... valueFields) {
        String name = collection + "|" + String.join(",", valueFields) + "|" + order;
        if (indexed.add(name)) {
            mongo.indexOps(collection).createIndex(indexFor(order, valueFields));
        }
    }

    static Index indexFor(Sort order, String... valueFields) {
        Index index = new Index().on(INCIDENT, Sort.Direction.ASC).on(SECTION, Sort.Direction.ASC);
        for (String field : valueFields) {
            index.on(valueField(field), Sort.Direction.ASC);
        }
        order.forEach(key -> index.on(key.getProperty(), key.getDirection()));
        return index;
    }

    /** A filter for {@link #page}: the entries whose value has {@code value} in {@code field}. */
    public static Criteria valueIs(String field, Object value) {
        return where(valueField(field)).is(value);
    }

    /** The path of a field of the entries' values, for {@link #page}'s filter and order. */
    public static String valueField(String field) {
        return VALUE + "." + field;
    }

    public <T> T read(Class<T> type, Document document) {
        return mongo.getConverter().read(type, document);
    }

    /** Removes an incident's whole book (a deleted exercise). */
    public void remove(String collection, String incidentId) {
        Map<Entry, Pending> pending = pending(false);
        if (pending != null) {
            pending.entrySet().removeIf(e -> e.getKey().collection().equals(collection)
                                             && e.getValue().incidentId().equals(incidentId));
        }
        mongo.remove(Query.query(where(INCIDENT).is(incidentId)), collection);
        kept.forget();
        if (writtenHere != null) {
            writtenHere.forgetRecent(); // the filter may keep saying "maybe" for what is gone: a read tells
        }
    }

    public void drop(String collection) {
        mongo.dropCollection(collection);
        indexed.removeIf(name -> name.equals(collection) || name.startsWith(collection + "|"));
        kept.forget();
        if (writtenHere != null) {
            writtenHere.forgetRecent();
        }
    }

    /** A rebuilt read model has replaced the stored one: what this node kept of its books is read again. */
    @Override
    public void forget() {
        kept.forget();
    }

    private static String id(String incidentId, String section, String key) {
        return incidentId + "|" + section + "|" + key;
    }

    /** The index a book is read back by; created once per collection (idempotent on the store). */
    private void ensureIndexed(String collection) {
        if (indexed.add(collection)) {
            mongo.indexOps(collection).createIndex(new Index().on(INCIDENT, Sort.Direction.ASC)
                                                              .on(SECTION, Sort.Direction.ASC));
        }
    }

    /** The index a kept book's changes are read by (see {@link BookCache}). */
    private void ensureChangesIndexed(String collection) {
        if (indexed.add(collection + "|changes")) {
            mongo.indexOps(collection).createIndex(new Index().on(INCIDENT, Sort.Direction.ASC)
                                                              .on(POSITION, Sort.Direction.ASC));
        }
    }

    /**
     * What books written by nobody else have written: the latest entries (a few thousand, as an entry can hold a long
     * history), and a Bloom filter over every entry written, so that an entry never written is known absent without
     * asking the store (a false "maybe" costs one read).
     */
    private static final class WrittenHere {

        private static final int RECENT = 2_000;

        private final Map<Entry, Pending> recent = new LinkedHashMap<>(RECENT, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<IncidentBooks.Entry, Pending> eldest) {
                return size() > RECENT;
            }
        };
        // about 2 MB: 3 % false "maybe" at two million entries, more beyond
        private final BloomFilter<Entry> written = BloomFilter.create(
                (entry, into) -> into.putUnencodedChars(entry.collection()).putChar('/').putUnencodedChars(entry.id()),
                2_000_000, 0.03);

        synchronized void forgetRecent() {
            recent.clear();
        }

        synchronized Pending recent(Entry entry) {
            return recent.get(entry);
        }

        synchronized boolean mayHave(Entry entry) {
            return written.mightContain(entry);
        }

        synchronized void wrote(Entry entry, Pending change) {
            recent.put(entry, change);
            written.put(entry);
        }
    }
}
