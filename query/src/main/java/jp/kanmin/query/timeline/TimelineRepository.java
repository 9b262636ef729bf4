package jp.kanmin.query.timeline;

import jp.kanmin.query.support.ReadModelMemory;
import org.bson.Document;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Stores timeline entries so that an incident's entries can be read from any point in order, cheaply on MongoDB and
 * on mongo-java-server alike: each entry's {@code slot} ({@code incident#seq}) is unique, and reads ask for the exact
 * slots they want.
 * <p>
 * Writes come from one projection segment per incident (the processor is sequenced by incident), so the next
 * {@code seq} is known from memory. After a restart or a claim moving between nodes the memory may be behind: the
 * unique slot then refuses the write and the head is found again from the store.
 */
@Repository
public class TimelineRepository implements ReadModelMemory {

    static final String HEADS = "timeline_heads";
    private static final String PENDING = TimelineRepository.class.getName() + ".pending";
    private static final int PAGE = 500;
    private static final java.time.Duration LATE_ARRIVAL = java.time.Duration.ofMinutes(5);

    private final MongoTemplate mongo;
    private final ReactiveMongoTemplate reactive;
    private final TimelineSignals signals;
    private final Map<String, Long> heads = new ConcurrentHashMap<>();

    TimelineRepository(MongoTemplate mongo, ReactiveMongoTemplate reactive, TimelineSignals signals) {
        this.mongo = mongo;
        this.reactive = reactive;
        this.signals = signals;
        mongo.indexOps(TimelineEntry.class).createIndex(new Index("slot", Sort.Direction.ASC).unique());
    }

    /**
     * Records an entry. Within a unit of work the entries are kept until {@link #writeBatch()} (the projection calls it
     * when a processor's batch has handled its last event, before the processor stores its token) or, at the latest,
     * until the unit of work commits: one insert and one head update per incident instead of two round trips per
     * entry, which is what makes a replay or rebuild of a large store fast.
     */
    void append(TimelineEntry entry) {
        if (!CurrentUnitOfWork.isStarted()) {
            write(List.of(entry));
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        batch.<List<TimelineEntry>>getOrComputeResource(PENDING, key -> {
            List<TimelineEntry> pending = new ArrayList<>();
            batch.onPrepareCommit(committing -> write(pending));
            return pending;
        }).add(entry);
    }

    /** Writes the entries the current unit of work has recorded so far. */
    void writeBatch() {
        if (CurrentUnitOfWork.isStarted()) {
            List<TimelineEntry> pending = CurrentUnitOfWork.get().root().getResource(PENDING);
            if (pending != null && !pending.isEmpty()) {
                write(List.copyOf(pending));
                pending.clear();
            }
        }
    }

    private void write(List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Map<String, Long> next = new LinkedHashMap<>();
        List<TimelineEntry> placed = new ArrayList<>(entries.size());
        for (TimelineEntry entry : entries) {
            long seq = next.computeIfAbsent(entry.incidentId(), incident -> heads.computeIfAbsent(incident,
                                                                                                 this::storedHead)) + 1;
            next.put(entry.incidentId(), seq);
            placed.add(entry.atSeq(seq));
        }
        try {
            mongo.insert(placed, TimelineEntry.class);
        } catch (DuplicateKeyException | BulkOperationException redeliveredOrBehind) {
            // some were there already (a redelivered batch) or memory was behind the store: one at a time, carefully
            next.keySet().forEach(heads::remove);
            entries.forEach(this::appendOne);
            return;
        }
        next.forEach(this::advanceHead);
    }

    private void appendOne(TimelineEntry entry) {
        String incident = entry.incidentId();
        long seq = heads.computeIfAbsent(incident, this::storedHead) + 1;
        while (true) {
            try {
                mongo.insert(entry.atSeq(seq));
                break;
            } catch (DuplicateKeyException e) {
                if (mongo.exists(query(where("_id").is(entry.position())), TimelineEntry.class)) {
                    return; // this event is on the timeline already: a redelivery
                }
                seq = probeHead(incident, seq) + 1;
            }
        }
        advanceHead(incident, seq);
    }

    /** The incident's timeline now ends at {@code seq}: remembered, stored, and told to the feeds. */
    private void advanceHead(String incident, long seq) {
        heads.put(incident, seq);
        mongo.upsert(query(where("_id").is(incident)), new Update().max("seq", seq), HEADS);
        signals.appended(incident, seq);
    }

    private long storedHead(String incident) {
        Document head = mongo.findById(incident, Document.class, HEADS);
        return head == null ? 0 : ((Number) head.get("seq")).longValue();
    }

    /** The stored head may lag the entries (a crash between the two writes): walk forward to the last slot. */
    private long probeHead(String incident, long from) {
        long seq = Math.max(from, storedHead(incident));
        while (mongo.exists(query(where("slot").is(TimelineEntry.slot(incident, seq + 1))), TimelineEntry.class)) {
            seq++;
        }
        return seq;
    }

    void deleteAll() {
        mongo.dropCollection(TimelineEntry.class);
        mongo.dropCollection(HEADS);
        mongo.indexOps(TimelineEntry.class).createIndex(new Index("slot", Sort.Direction.ASC).unique());
        heads.clear();
    }

    /** Removes an incident's whole timeline (a deleted exercise). */
    void remove(String incidentId) {
        if (CurrentUnitOfWork.isStarted()) {
            List<TimelineEntry> pending = CurrentUnitOfWork.get().root().getResource(PENDING);
            if (pending != null) {
                pending.removeIf(entry -> entry.incidentId().equals(incidentId));
            }
        }
        mongo.remove(query(where("incidentId").is(incidentId)), TimelineEntry.class);
        mongo.remove(query(where("_id").is(incidentId)), HEADS);
        heads.remove(incidentId);
    }

    @Override
    public void forget() {
        heads.clear();
    }

    /** Entries {@code afterSeq + 1 … afterSeq + limit} of an incident, in timeline order. */
    public Flux<TimelineEntry> entriesAfter(String incidentId, long afterSeq, int limit) {
        List<String> slots = LongStream.rangeClosed(afterSeq + 1, afterSeq + limit)
                                       .mapToObj(seq -> TimelineEntry.slot(incidentId, seq))
                                       .toList();
        return reactive.find(query(where("slot").in(slots)), TimelineEntry.class)
                       .sort((a, b) -> Long.compare(a.seq(), b.seq()));
    }

    /**
     * Every entry of an incident after {@code afterSeq}, in timeline order, a page at a time as demanded; each page is
     * let go once taken: a chain of {@code concatWith} kept every page it passed until the end, and a replay of 300,000
     * entries ran the node out of its 512 MiB.
     */
    public Flux<List<TimelineEntry>> pagesFrom(String incidentId, long afterSeq) {
        return pagesAfter(incidentId, afterSeq, page -> page.size() == PAGE);
    }

    /**
     * Every entry of an incident recorded at or before {@code asOf}, in timeline order: what the timeline held at that
     * instant, since entries are appended in the order they are recorded.
     */
    public Flux<TimelineEntry> entriesUpTo(String incidentId, Instant asOf) {
        // Entries come in the order the system learned of them; one that became visible late (a gap filled) may
        // carry an earlier time than those before it, but never by more than the store's gap timeout.
        Instant surelyPast = asOf.plus(LATE_ARRIVAL);
        return pagesAfter(incidentId, 0, page -> page.size() == PAGE
                                                 && !page.stream().allMatch(e -> e.recordedAt().isAfter(surelyPast)))
                .concatMapIterable(page -> page.stream().filter(e -> !e.recordedAt().isAfter(asOf)).toList(), 1);
    }

    private Flux<List<TimelineEntry>> pagesAfter(String incidentId, long afterSeq,
                                                 Predicate<List<TimelineEntry>> readOn) {
        return Flux.defer(() -> entriesAfter(incidentId, afterSeq, PAGE).collectList())
                   .expand(page -> readOn.test(page)
                           ? entriesAfter(incidentId, page.getLast().seq(), PAGE).collectList()
                           : Mono.empty());
    }

    public Mono<TimelineEntry> at(long position) {
        return reactive.findById(position, TimelineEntry.class);
    }

    public Mono<Long> head(String incidentId) {
        return reactive.findById(incidentId, Document.class, HEADS)
                       .map(head -> ((Number) head.get("seq")).longValue())
                       .defaultIfEmpty(0L);
    }

    static Query bySlot(String slot) {
        return query(where("slot").is(slot));
    }
}
