package jp.kanmin.query.support;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.Comparator;
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
 */
@Component
public class IncidentBooks {

    private static final String INCIDENT = "incidentId";
    private static final String SECTION = "section";
    private static final String VALUE = "value";
    private static final String POSITION = "position";
    private static final String CREATED = "created";

    private final MongoTemplate mongo;
    private final ReactiveMongoTemplate reactive;
    private final Set<String> indexed = ConcurrentHashMap.newKeySet();

    IncidentBooks(MongoTemplate mongo, ReactiveMongoTemplate reactive) {
        this.mongo = mongo;
        this.reactive = reactive;
    }

    /** A key made of parts; '|' separates them in the entry's id. */
    public static String key(String... parts) {
        return String.join("|", parts);
    }

    /** The stored entry and the position it was last changed at; both null when there is none. */
    public record Stored<T>(T value, Long position) {
    }

    public <T> Stored<T> get(String collection, String incidentId, String section, String key, Class<T> type) {
        Document found = mongo.findById(id(incidentId, section, key), Document.class, collection);
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
        ensureIndexed(collection);
        mongo.upsert(Query.query(where("_id").is(id(incidentId, section, key))),
                     new Update().set(VALUE, value).set(POSITION, position)
                                 .setOnInsert(INCIDENT, incidentId).setOnInsert(SECTION, section)
                                 .setOnInsert(CREATED, position),
                     collection);
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

    /** The entries of one section of a book read by {@link #sections}, in the order they were first written. */
    public <T> List<T> entries(Map<String, List<Document>> sections, String section, Class<T> type) {
        return sections.getOrDefault(section, List.of()).stream().map(entry -> read(type, entry)).toList();
    }

    /** The stored entries of the named sections of an incident's book (every section when none is named). */
    public Mono<Map<String, List<Document>>> sections(String collection, String incidentId, String... sections) {
        Criteria criteria = where(INCIDENT).is(incidentId);
        if (sections.length > 0) {
            criteria = criteria.and(SECTION).in((Object[]) sections);
        }
        return reactive.find(Query.query(criteria), Document.class, collection)
                       .collectList()
                       .map(found -> {
                           // first written first, as a client reading the book expects; sorted here rather than
                           // by the store, which would need an index on the sort key as well
                           found.sort(Comparator.comparingLong(entry -> entry.get(CREATED, Number.class).longValue()));
                           Map<String, List<Document>> bySection = new LinkedHashMap<>();
                           for (Document entry : found) {
                               bySection.computeIfAbsent(entry.getString(SECTION), s -> new java.util.ArrayList<>())
                                        .add(entry.get(VALUE, Document.class));
                           }
                           return bySection;
                       });
    }

    public <T> T read(Class<T> type, Document document) {
        return mongo.getConverter().read(type, document);
    }

    /** Removes an incident's whole book (a deleted exercise). */
    public void remove(String collection, String incidentId) {
        mongo.remove(Query.query(where(INCIDENT).is(incidentId)), collection);
    }

    public void drop(String collection) {
        mongo.dropCollection(collection);
        indexed.remove(collection);
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
}
