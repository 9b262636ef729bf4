package jp.kanmin.ops.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Sorts.ascending;

/**
 * An Axon event storage engine on MongoDB that gives every event a strictly increasing global index, so that
 * tracking never depends on clocks and never skips an event.
 *
 * <h2>Why not axon-mongo's engine</h2>
 * axon-mongo orders tracking reads by the creating node's clock and remembers only a short look-back window: an event
 * that becomes visible later than that window (clock skew, a slow unit of work, a majority-write wait during
 * failover, a GC pause) is skipped forever without an error.
 *
 * <h2>How this engine stores</h2>
 * <ul>
 *   <li>An append allocates a range of global indexes atomically from a counter document, then inserts <em>one
 *   document per commit</em> whose {@code _id} is the first index of the range. One document makes a unit of work
 *   atomic on any MongoDB deployment without transactions, including mongo-java-server.</li>
 *   <li>{@code streamKeys} holds {@code aggregate#firstSequenceNumber} for each aggregate in the commit under a unique
 *   multikey index: two writers extending one aggregate from the same version collide there, which Axon treats as a
 *   {@link ConcurrencyException} and retries. A stale writer always starts at an earlier commit's first sequence
 *   number, so this one key per aggregate and commit is enough.</li>
 *   <li>Readers look indexes up by exact {@code _id} ({@code $in} over the next window plus the token's gaps), which
 *   is an index point lookup on MongoDB and the one query shape mongo-java-server answers from an index.</li>
 * </ul>
 *
 * <h2>Gaps</h2>
 * An index allocated but not yet visible is a gap in the reader's {@link IndexToken}; the token keeps it (a commit's
 * range as one range, at most {@link IndexToken#MAX_GAP_RANGES} of them) and later reads pick it up when the commit
 * lands. A gap is never simply forgotten: a writer that fails after allocating
 * writes <em>tombstones</em> over its range, and a reader that has waited {@code gapTimeout} for a gap inserts a
 * tombstone itself. The tombstone's {@code _id} fences the late commit (its insert then fails with a duplicate key and
 * the command is retried with a new index), so an event that a client saw acknowledged is never skipped, however late
 * it became visible. Giving up a gap is logged and reported to the {@link GapListener}.
 *
 * <h2>Order</h2>
 * A reader does not pass a young gap: it hands out the events before it and waits (up to {@code gapHoldBack}) for the
 * commit in flight there, so that events reach processors in the order of their indexes, which is also the order a
 * rebuild reads them in. A read model that numbers or orders what it sees (the timeline's {@code seq}) then equals its
 * rebuild. Only a gap older than that (a stalled or dead writer) is passed and kept in the token, and its event, if it
 * lands, is handled late and out of order.
 */
public class IndexedMongoEventStorageEngine extends BatchingEventStorageEngine {

    private static final Logger logger = LoggerFactory.getLogger(IndexedMongoEventStorageEngine.class);

    /** Metadata key under which readers receive an event's global index (its position on every timeline). */
    public static final String GLOBAL_INDEX = jp.kanmin.shared.MessageMetadata.GLOBAL_INDEX;

    static final String ID = "_id";
    static final String LAST_INDEX = "lastIndex";
    static final String STREAM_KEYS = "streamKeys";
    static final String TIMESTAMP = "timestamp";
    static final String EVENTS = "events";
    static final String TOMBSTONE = "tombstone";
    static final String COUNTER_ID = "events";
    static final String COUNTER_VALUE = "value";

    private static final String AGGREGATE = "aggregateIdentifier";
    private static final String TYPE = "type";
    private static final String SEQUENCE = "sequenceNumber";
    private static final String EVENT_ID = "eventIdentifier";
    private static final String PAYLOAD_TYPE = "payloadType";
    private static final String PAYLOAD_REVISION = "payloadRevision";
    private static final String PAYLOAD = "payload";
    private static final String META_DATA = "metaData";
    private static final int MAX_GAPS_PER_FETCH = 1_000;
    private static final int HEAD_TOKEN_LOOK_BACK = 10_000;
    /**
     * The most events one unit of work may append: a reader that stopped inside a commit finds the commit again by
     * looking this far back (exact {@code _id} lookups). Commands append a handful; batch uploads a few hundred.
     */
    static final int MAX_EVENTS_PER_COMMIT = 4_096;
    private static final int KNOWN_COMMIT_ENDS = 100_000;

    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> snapshots;
    private final MongoCollection<Document> counters;
    private final MongoCollection<Document> trackingReads;
    private final Duration gapTimeout;
    private final Duration gapHoldBack;
    private final Clock clock;
    private final GapListener gapListener;
    private final LongConsumer afterIndexAllocation;
    private final Map<Long, Instant> gapsFirstSeen = new ConcurrentHashMap<>();
    /** Indexes known to be the last of their commit: a reader there needs no look back for the rest of a commit. */
    private final java.util.Set<Long> commitEnds = java.util.Collections.newSetFromMap(
            java.util.Collections.synchronizedMap(new LinkedHashMap<Long, Boolean>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                    return size() > KNOWN_COMMIT_ENDS;
                }
            }));
    private final ReentrantLock allocationLock = new ReentrantLock();
    /**
     * Where this node's latest appends landed, by aggregate event: the HTTP answer to a command asks for the position
     * of the event it has just stored, and a store round trip to learn what the append already knew is wasted.
     */
    private final Map<String, Long> recentlyAppended = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(1024) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                    return size() > 10_000;
                }
            });
    private final Queue<Allocation> pendingAllocations = new ConcurrentLinkedQueue<>();
    /** The counter's value as this process last set or read it; -1 when unknown. Guarded by allocationLock. */
    private long knownCounter = -1;

    protected IndexedMongoEventStorageEngine(Builder builder) {
        super(builder);
        MongoDatabase database = builder.database;
        WriteConcern writeConcern = builder.writeConcern;
        this.commits = database.getCollection(builder.eventsCollection).withWriteConcern(writeConcern);
        this.trackingReads = commits.withReadConcern(builder.readConcern);
        this.snapshots = database.getCollection(builder.snapshotsCollection).withWriteConcern(writeConcern);
        // The counter need not wait for the journal: a commit that uses an index is written after the counter
        // update that allocated it, on the same server, so the commit's durability covers the counter's. A counter
        // update lost in a failover only means an index is allocated twice, and the unique _id refuses the second.
        this.counters = database.getCollection(builder.countersCollection)
                                .withWriteConcern(WriteConcern.W1.withJournal(false));
        this.gapTimeout = builder.gapTimeout;
        this.gapHoldBack = builder.gapHoldBack;
        this.clock = builder.clock;
        this.gapListener = builder.gapListener;
        this.afterIndexAllocation = builder.afterIndexAllocation;
        if (builder.ensureIndexes) {
            ensureIndexes();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Creates the indexes this engine relies on; safe to call on every start. */
    public void ensureIndexes() {
        commits.createIndex(Indexes.ascending(STREAM_KEYS), new IndexOptions().unique(true).sparse(true)
                                                                              .name("uniqueAggregateSequence"));
        // Used by createTokenAt on MongoDB; mongo-java-server ignores non-unique indexes, where it scans instead.
        commits.createIndex(Indexes.ascending(TIMESTAMP), new IndexOptions().name("commitTimestamp"));
    }

    // ---------------------------------------------------------------------------------------------- appending

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        if (events.size() > MAX_EVENTS_PER_COMMIT) {
            throw new IllegalArgumentException("A unit of work may append at most " + MAX_EVENTS_PER_COMMIT
                                               + " events; this one has " + events.size());
        }
        List<Document> entries = new ArrayList<>(events.size());
        Map<String, Long> firstSequencePerAggregate = new LinkedHashMap<>();
        for (EventMessage<?> event : events) {
            entries.add(entryOf(event, serializer));
            if (event instanceof DomainEventMessage<?> domainEvent) {
                firstSequencePerAggregate.putIfAbsent(domainEvent.getAggregateIdentifier(),
                                                      domainEvent.getSequenceNumber());
            } else {
                firstSequencePerAggregate.putIfAbsent("event:" + event.getIdentifier(), 0L);
            }
        }
        List<String> streamKeys = firstSequencePerAggregate.entrySet().stream()
                                                           .map(e -> streamKey(e.getKey(), e.getValue()))
                                                           .toList();
        long lastIndex = allocate(events.size());
        long firstIndex = lastIndex - events.size() + 1;
        Document commit = new Document(ID, firstIndex)
                .append(LAST_INDEX, lastIndex)
                .append(STREAM_KEYS, streamKeys)
                .append(TIMESTAMP, Date.from(events.getFirst().getTimestamp()))
                .append(EVENTS, entries);
        try {
            afterIndexAllocation.accept(firstIndex);
            commits.insertOne(commit);
        } catch (RuntimeException failure) {
            if (!landedDespite(failure, firstIndex, lastIndex)) {
                throw translate(failure, firstIndex, events.getFirst());
            }
        }
        for (int offset = 0; offset < events.size(); offset++) {
            if (events.get(offset) instanceof DomainEventMessage<?> domainEvent) {
                recentlyAppended.put(domainEvent.getAggregateIdentifier() + "#" + domainEvent.getSequenceNumber(),
                                     firstIndex + offset);
            }
        }
    }

    /**
     * Takes the next {@code count} indexes. Concurrent appenders of this process are served together: whoever gets
     * the lock takes indexes for every request queued so far with one compare-and-set on the counter document, so
     * under load one round trip serves many commits.
     */
    private long allocate(int count) {
        Allocation mine = new Allocation(count);
        pendingAllocations.add(mine);
        allocationLock.lock();
        try {
            if (mine.last == 0 && mine.failure == null) {
                serveQueuedAllocations();
            }
        } finally {
            allocationLock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.last;
    }

    private void serveQueuedAllocations() {
        List<Allocation> batch = new ArrayList<>();
        for (Allocation next; (next = pendingAllocations.poll()) != null; ) {
            batch.add(next);
        }
        int total = batch.stream().mapToInt(allocation -> allocation.count).sum();
        try {
            long next = compareAndSetCounter(total) - total;
            for (Allocation allocation : batch) {
                next += allocation.count;
                allocation.last = next;
            }
        } catch (RuntimeException failure) {
            batch.forEach(allocation -> allocation.failure = failure);
        }
    }

    /**
     * Advances the counter by {@code total} with a conditional update: it changes the counter only if it still holds
     * the value this process last saw. MongoDB's {@code $inc} through findAndModify would do in one step, but
     * mongo-java-server answers concurrent findAndModify calls with documents other calls have changed since,
     * handing two writers the same index; a conditional update is atomic on both. Another process moving the counter
     * only costs a re-read.
     */
    private long compareAndSetCounter(int total) {
        while (true) {
            if (knownCounter < 0) {
                Document counter = counters.find(eq(ID, COUNTER_ID)).first();
                if (counter == null) {
                    try {
                        counters.insertOne(new Document(ID, COUNTER_ID).append(COUNTER_VALUE, 0L));
                    } catch (MongoWriteException e) {
                        if (!isDuplicateKey(e)) {
                            throw e;
                        }
                    }
                    continue;
                }
                knownCounter = ((Number) counter.get(COUNTER_VALUE)).longValue();
            }
            if (counters.updateOne(and(eq(ID, COUNTER_ID), eq(COUNTER_VALUE, knownCounter)),
                                   new Document("$set", new Document(COUNTER_VALUE, knownCounter + total)))
                        .getModifiedCount() == 1) {
                knownCounter += total;
                return knownCounter;
            }
            knownCounter = -1;
        }
    }

    private static final class Allocation {

        final int count;
        volatile long last;
        volatile RuntimeException failure;

        Allocation(int count) {
            this.count = count;
        }
    }

    /**
     * After a failed insert we do not know whether the commit landed (a lost acknowledgement looks like a timeout).
     * A tombstone on the first index settles it: either it takes the place, and the commit can never appear, or the
     * commit is already there.
     */
    private boolean landedDespite(RuntimeException failure, long firstIndex, long lastIndex) {
        try {
            commits.insertOne(tombstone(firstIndex, "append failed: " + failure.getClass().getSimpleName()));
        } catch (MongoWriteException e) {
            if (isDuplicateKey(e)) {
                Document there = commits.find(eq(ID, firstIndex)).first();
                boolean ours = there != null && !there.getBoolean(TOMBSTONE, false)
                        && there.getLong(LAST_INDEX) == lastIndex;
                if (ours && !isDuplicateKey(failure)) {
                    logger.info("Commit at index {} landed although its insert reported {}", firstIndex,
                                failure.toString());
                    return true;
                }
                return false;
            }
            logger.warn("Could not fence failed append at index {}; readers will give it up after {}",
                        firstIndex, gapTimeout, e);
            return false;
        } catch (MongoException e) {
            logger.warn("Could not fence failed append at index {}; readers will give it up after {}",
                        firstIndex, gapTimeout, e);
            return false;
        }
        for (long index = firstIndex + 1; index <= lastIndex; index++) {
            insertTombstoneQuietly(index, "append failed");
        }
        return false;
    }

    private RuntimeException translate(RuntimeException failure, long firstIndex, EventMessage<?> firstEvent) {
        if (isDuplicateKey(failure)) {
            String which = failure.getMessage() != null && failure.getMessage().contains(STREAM_KEYS)
                    ? "another writer extended the same aggregate first"
                    : "a reader fenced index " + firstIndex + " after waiting for it too long";
            return new ConcurrencyException("Could not append " + describe(firstEvent) + ": " + which, failure);
        }
        return new EventStoreException("Could not append " + describe(firstEvent), failure);
    }

    private static String describe(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> d
                ? "event " + d.getSequenceNumber() + " of aggregate " + d.getAggregateIdentifier()
                : "event " + event.getIdentifier();
    }

    private Document entryOf(EventMessage<?> event, Serializer serializer) {
        SerializedObject<String> payload = event.serializePayload(serializer, String.class);
        SerializedObject<String> metaData = event.serializeMetaData(serializer, String.class);
        Document entry = new Document(EVENT_ID, event.getIdentifier());
        if (event instanceof DomainEventMessage<?> domainEvent) {
            entry.append(AGGREGATE, domainEvent.getAggregateIdentifier())
                 .append(TYPE, domainEvent.getType())
                 .append(SEQUENCE, domainEvent.getSequenceNumber());
        }
        return entry.append(TIMESTAMP, event.getTimestamp().toString())
                    .append(PAYLOAD_TYPE, payload.getType().getName())
                    .append(PAYLOAD_REVISION, payload.getType().getRevision())
                    .append(PAYLOAD, payload.getData())
                    .append(META_DATA, metaData.getData());
    }

    static String streamKey(String aggregateIdentifier, long sequenceNumber) {
        return aggregateIdentifier + "#" + sequenceNumber;
    }

    private Document tombstone(long index, String reason) {
        return new Document(ID, index).append(LAST_INDEX, index).append(TOMBSTONE, true)
                                      .append("reason", reason).append(TIMESTAMP, Date.from(clock.instant()));
    }

    private boolean insertTombstoneQuietly(long index, String reason) {
        try {
            commits.insertOne(tombstone(index, reason));
            return true;
        } catch (MongoException e) {
            return false;
        }
    }

    private static boolean isDuplicateKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return true;
            }
            if (t instanceof MongoException m && ErrorCategory.fromErrorCode(m.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------ tracking

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        // a token stored by an earlier version is Axon's gap-aware one: same position, read on as ours
        IndexToken token = lastToken == null ? IndexToken.at(0) : IndexToken.of(unwrap(lastToken));
        fenceExpiredGaps(token);
        long windowEnd = token.index() + batchSize;
        List<Document> documents = fetchWindow(token, token.index() + 1, batchSize);
        Document unfinished = unfinishedCommit(token, documents);
        if (unfinished != null) {
            // The reader stopped inside a commit (its token was stored mid-batch): the rest of it comes first.
            documents.add(unfinished);
            documents.sort(java.util.Comparator.comparing(d -> d.getLong(ID)));
        } else if (documents.stream().noneMatch(d -> d.getLong(ID) > token.index())
                   && allocatedIndex() > windowEnd) {
            // A whole window of allocated indexes is missing (say a writer crashed holding a large range): jump to
            // the next commit; the skipped indexes become gaps and are waited for like any other.
            Document next = trackingReads.find(gt(ID, token.index())).sort(ascending(ID)).limit(1).first();
            if (next != null && next.getLong(ID) > windowEnd) {
                documents = fetchWindow(token, next.getLong(ID), batchSize);
            }
        }
        return toTrackedEvents(token, documents);
    }

    /**
     * The commit that holds the token's index and goes on beyond it, if any. Commits are keyed by their first index,
     * so a reader that resumes from a token in the middle of a commit would not find the rest of it by the indexes
     * after the token; it is looked up (up to {@link #MAX_EVENTS_PER_COMMIT} back) unless the index is known to end
     * its commit or the next index starts one.
     */
    private Document unfinishedCommit(IndexToken token, List<Document> window) {
        long index = token.index();
        if (index < 0 || commitEnds.contains(index) || window.stream().anyMatch(d -> d.getLong(ID) == index + 1)) {
            return null;
        }
        Document containing = commitFrom(index);
        if (containing == null) {
            return null;
        }
        long last = containing.getLong(LAST_INDEX);
        if (last <= index) {
            commitEnds.add(last);
            return null;
        }
        return containing;
    }

    /** The commit that starts at or up to {@link #MAX_EVENTS_PER_COMMIT} before {@code index}, the latest such. */
    private Document commitFrom(long index) {
        // Most commits hold a few events: look a little way back first, then further (each look is exact _id lookups,
        // and one of 4,096 of them took 160 ms on the embedded store)
        Document containing = null;
        for (int back = 16; containing == null && back <= MAX_EVENTS_PER_COMMIT; back *= 16) {
            List<Long> candidates = LongStream.rangeClosed(Math.max(0, index - back + 1), index).boxed().toList();
            containing = trackingReads.find(in(ID, candidates))
                                      .sort(com.mongodb.client.model.Sorts.descending(ID)).first();
        }
        return containing;
    }

    private static TrackingToken unwrap(TrackingToken token) {
        return org.axonframework.eventhandling.WrappedToken.unwrapLowerBound(token);
    }

    private List<Document> fetchWindow(IndexToken token, long from, int batchSize) {
        List<Long> wanted = new ArrayList<>(batchSize + (int) Math.min(token.gapCount(), MAX_GAPS_PER_FETCH));
        token.gaps().limit(MAX_GAPS_PER_FETCH).forEach(wanted::add);
        LongStream.range(from, from + batchSize).forEach(wanted::add);
        return trackingReads.find(in(ID, wanted)).sort(ascending(ID)).into(new ArrayList<>());
    }

    private List<TrackedEventData<?>> toTrackedEvents(IndexToken start, List<Document> documents) {
        List<TrackedEventData<?>> result = new ArrayList<>();
        IndexToken token = start;
        Instant now = clock.instant();
        for (Document document : documents) {
            long first = document.getLong(ID);
            if (first > token.index() + 1
                && (isYoung(token.index() + 1, now) || token.gapRangeCount() >= IndexToken.MAX_GAP_RANGES)) {
                // a commit is in flight before this one: hand out what comes before it, in order; and never keep
                // more than so many commits in flight as gaps (the oldest are fenced after the gap timeout)
                break;
            }
            commitEnds.add(document.getLong(LAST_INDEX));
            if (document.getLong(LAST_INDEX) <= token.index() && !token.isGap(first)) {
                continue; // read already, or a tombstone written over part of a commit that had landed after all
            }
            if (document.getBoolean(TOMBSTONE, false)) {
                token = token.advancedTo(first);
                gapsFirstSeen.remove(first);
                continue;
            }
            List<Document> entries = document.getList(EVENTS, Document.class);
            for (int offset = 0; offset < entries.size(); offset++) {
                long index = first + offset;
                if (index <= token.index() && !token.isGap(index)) {
                    continue;
                }
                token = token.advancedTo(index);
                gapsFirstSeen.remove(index);
                result.add(new TrackedDomainEventData<>(token, domainEntryOf(entries.get(offset), index)));
            }
        }
        return result;
    }

    private boolean isYoung(long gap, Instant now) {
        return Duration.between(gapsFirstSeen.computeIfAbsent(gap, g -> now), now).compareTo(gapHoldBack) < 0;
    }

    /**
     * A gap that stays open for {@code gapTimeout} is fenced with a tombstone, which the next read turns into
     * progress. If the commit arrives first the fence fails and the commit is read as usual.
     */
    private void fenceExpiredGaps(IndexToken token) {
        if (!token.hasGaps()) {
            return;
        }
        Instant now = clock.instant();
        for (long gap : (Iterable<Long>) token.gaps().limit(MAX_GAPS_PER_FETCH)::iterator) {
            Instant firstSeen = gapsFirstSeen.computeIfAbsent(gap, g -> now);
            if (Duration.between(firstSeen, now).compareTo(gapTimeout) < 0) {
                continue;
            }
            if (!insertTombstoneQuietly(gap, "gap open for longer than " + gapTimeout)) {
                return; // something landed there: read it before fencing anything after it
            }
            logger.warn("Gave up waiting for global index {} after {}: fenced it with a tombstone", gap, gapTimeout);
            gapListener.gapGivenUp(gap);
        }
        if (gapsFirstSeen.size() > 100_000) {
            Instant stale = now.minus(gapTimeout.multipliedBy(10));
            gapsFirstSeen.values().removeIf(seen -> seen.isBefore(stale));
        }
    }

    private GenericDomainEventEntry<String> domainEntryOf(Document entry, Long globalIndex) {
        String eventId = entry.getString(EVENT_ID);
        String aggregate = entry.getString(AGGREGATE);
        String metaData = entry.getString(META_DATA);
        if (globalIndex != null) {
            metaData = withGlobalIndex(metaData, globalIndex);
        }
        return new GenericDomainEventEntry<>(entry.getString(TYPE), aggregate == null ? eventId : aggregate,
                                             aggregate == null ? 0 : entry.getLong(SEQUENCE), eventId,
                                             entry.getString(TIMESTAMP), entry.getString(PAYLOAD_TYPE),
                                             entry.getString(PAYLOAD_REVISION), entry.getString(PAYLOAD), metaData);
    }

    /** Readers learn each event's own position even when a gap fills late and the token's index is already past it. */
    static String withGlobalIndex(String metaDataJson, long globalIndex) {
        String trimmed = metaDataJson == null ? "{}" : metaDataJson.trim();
        String field = "\"" + GLOBAL_INDEX + "\":" + globalIndex;
        if (trimmed.equals("{}")) {
            return "{" + field + "}";
        }
        return "{" + field + "," + trimmed.substring(1);
    }

    /** The highest global index handed out so far (some may still be in flight). */
    public long allocatedIndex() {
        Document counter = counters.find(eq(ID, COUNTER_ID)).first();
        return counter == null ? 0 : ((Number) counter.get(COUNTER_VALUE)).longValue();
    }

    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    /** The newest index, with every allocated-but-invisible index among the latest ones kept as a gap. */
    @Override
    public TrackingToken createHeadToken() {
        return tokenBefore(allocatedIndex() + 1, HEAD_TOKEN_LOOK_BACK);
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        Document first = trackingReads.find(gte(TIMESTAMP, Date.from(dateTime))).sort(ascending(ID)).limit(1).first();
        return first == null ? createHeadToken() : tokenBefore(first.getLong(ID), HEAD_TOKEN_LOOK_BACK);
    }

    /** Before {@code index}, with gaps among the last {@code lookBack} indexes. */
    TrackingToken tokenBefore(long index, int lookBack) {
        long head = index - 1;
        if (head <= 0) {
            return null;
        }
        long from = Math.max(1, head - lookBack + 1);
        List<Long> window = LongStream.rangeClosed(from, head).boxed().toList();
        SortedSet<Long> missing = new TreeSet<>(window);
        List<Document> commits = trackingReads.find(in(ID, window)).projection(new Document(LAST_INDEX, 1))
                                              .into(new ArrayList<>());
        if (commits.stream().noneMatch(d -> d.getLong(ID) == from)) {
            // the window may begin inside a commit, whose first index (its _id) lies before it: not a gap
            Optional.ofNullable(commitFrom(from)).ifPresent(commits::add);
        }
        for (Document d : commits) {
            LongStream.rangeClosed(d.getLong(ID), d.getLong(LAST_INDEX)).forEach(missing::remove);
        }
        missing.removeIf(gap -> gap >= head);
        return IndexToken.withGaps(head, missing);
    }

    // ------------------------------------------------------------------------------------------ aggregates

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                   long firstSequenceNumber, int batchSize) {
        List<String> keys = LongStream.range(firstSequenceNumber, firstSequenceNumber + batchSize)
                                      .mapToObj(sequence -> streamKey(aggregateIdentifier, sequence))
                                      .toList();
        List<DomainEventData<?>> result = new ArrayList<>();
        for (Document commit : commits.find(in(STREAM_KEYS, keys)).sort(ascending(ID))) {
            for (Document entry : commit.getList(EVENTS, Document.class)) {
                if (aggregateIdentifier.equals(entry.getString(AGGREGATE))
                        && entry.getLong(SEQUENCE) >= firstSequenceNumber) {
                    result.add(domainEntryOf(entry, null));
                }
            }
        }
        return result;
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        Long last = null;
        long next = 0;
        int window = batchSize();
        while (true) {
            List<? extends DomainEventData<?>> batch = fetchDomainEvents(aggregateIdentifier, next, window);
            if (batch.isEmpty()) {
                return Optional.ofNullable(last);
            }
            last = batch.getLast().getSequenceNumber();
            next = last + 1;
        }
    }

    /** The global index of an aggregate's event: what the HTTP API answers as the event's timeline position. */
    public Optional<Long> globalIndexOf(String aggregateIdentifier, long sequenceNumber) {
        Long appendedHere = recentlyAppended.get(aggregateIdentifier + "#" + sequenceNumber);
        if (appendedHere != null) {
            return Optional.of(appendedHere);
        }
        // The event's commit starts at this sequence number or, for a multi-event commit, a little before it.
        List<String> keys = LongStream.rangeClosed(Math.max(0, sequenceNumber - batchSize()), sequenceNumber)
                                      .mapToObj(sequence -> streamKey(aggregateIdentifier, sequence))
                                      .toList();
        for (Document commit : commits.find(in(STREAM_KEYS, keys))) {
            List<Document> entries = commit.getList(EVENTS, Document.class);
            for (int offset = 0; offset < entries.size(); offset++) {
                Document entry = entries.get(offset);
                if (aggregateIdentifier.equals(entry.getString(AGGREGATE))
                        && entry.getLong(SEQUENCE) == sequenceNumber) {
                    return Optional.of(commit.getLong(ID) + offset);
                }
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------------------- snapshots

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        Document entry = entryOf(snapshot, serializer);
        entry.put(ID, snapshot.getAggregateIdentifier());
        Bson olderOrAbsent = and(eq(ID, snapshot.getAggregateIdentifier()), lt(SEQUENCE, snapshot.getSequenceNumber()));
        try {
            snapshots.replaceOne(olderOrAbsent, entry, new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            // a newer snapshot is already stored
        }
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        Document snapshot = snapshots.find(eq(ID, aggregateIdentifier)).first();
        return snapshot == null ? Stream.empty() : Stream.of(domainEntryOf(snapshot, null));
    }

    /** Told when a reader gives up waiting for an index and fences it; operations count these. */
    @FunctionalInterface
    public interface GapListener {

        void gapGivenUp(long globalIndex);
    }

    public static class Builder extends BatchingEventStorageEngine.Builder {

        private MongoDatabase database;
        private String eventsCollection = "domainevents";
        private String snapshotsCollection = "snapshotevents";
        private String countersCollection = "eventcounters";
        private WriteConcern writeConcern = WriteConcern.MAJORITY.withJournal(true);
        private ReadConcern readConcern = ReadConcern.MAJORITY;
        private Duration gapTimeout = Duration.ofSeconds(60);
        private Duration gapHoldBack = Duration.ofSeconds(2);
        private Clock clock = Clock.systemUTC();
        private GapListener gapListener = index -> {
        };
        private LongConsumer afterIndexAllocation = index -> {
        };
        private boolean ensureIndexes = true;

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            return this;
        }

        @Override
        public Builder upcasterChain(org.axonframework.serialization.upcasting.event.EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        @Override
        public Builder persistenceExceptionResolver(PersistenceExceptionResolver resolver) {
            super.persistenceExceptionResolver(resolver);
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        public Builder database(MongoDatabase database) {
            this.database = database;
            return this;
        }

        public Builder collections(String events, String snapshots, String counters) {
            this.eventsCollection = events;
            this.snapshotsCollection = snapshots;
            this.countersCollection = counters;
            return this;
        }

        /** Majority with journal by default: an acknowledged append survives a primary's failover. */
        public Builder writeConcern(WriteConcern writeConcern) {
            this.writeConcern = writeConcern;
            return this;
        }

        /** Majority by default: a tracking read never sees a commit that a failover could roll back. */
        public Builder readConcern(ReadConcern readConcern) {
            this.readConcern = readConcern;
            return this;
        }

        /** How long a reader waits for an allocated index before fencing it; far above any commit delay. */
        public Builder gapTimeout(Duration gapTimeout) {
            this.gapTimeout = gapTimeout;
            return this;
        }

        /**
         * How long a reader waits at a gap before it hands out the events after it (keeping the gap in the token);
         * above a commit's usual time in flight, far below {@link #gapTimeout}.
         */
        public Builder gapHoldBack(Duration gapHoldBack) {
            this.gapHoldBack = gapHoldBack;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder gapListener(GapListener gapListener) {
            this.gapListener = gapListener;
            return this;
        }

        /** For tests that delay a writer between allocating its index and inserting its commit. */
        public Builder afterIndexAllocation(LongConsumer afterIndexAllocation) {
            this.afterIndexAllocation = afterIndexAllocation;
            return this;
        }

        public Builder ensureIndexes(boolean ensureIndexes) {
            this.ensureIndexes = ensureIndexes;
            return this;
        }

        public IndexedMongoEventStorageEngine build() {
            Objects.requireNonNull(database, "database");
            return new IndexedMongoEventStorageEngine(this);
        }
    }
}
