package jp.kanmin.query.support;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Per-incident read models stored as one document per incident with keyed entries ({@code section.key}), read in one
 * lookup by id and written one entry at a time. Each entry remembers the store position of the last event applied
 * to it, so a redelivered event changes nothing. Keys are escaped: MongoDB field names must not contain '.' or
 * start with '$'.
 */
@Component
public class IncidentBooks {

    private final MongoTemplate mongo;
    private final ReactiveMongoTemplate reactive;

    IncidentBooks(MongoTemplate mongo, ReactiveMongoTemplate reactive) {
        this.mongo = mongo;
        this.reactive = reactive;
    }

    public static String key(String... parts) {
        return String.join("|", parts).replace("%", "%25").replace(".", "%2E").replace("$", "%24");
    }

    /** The stored entry and the position it was last changed at; both null when there is none. */
    public record Stored<T>(T value, Long position) {
    }

    public <T> Stored<T> get(String collection, String incidentId, String section, String key, Class<T> type) {
        Query query = Query.query(where("_id").is(incidentId));
        query.fields().include(section + "." + key).include("positions." + section + "." + key);
        Document found = mongo.findOne(query, Document.class, collection);
        if (found == null) {
            return new Stored<>(null, null);
        }
        Document entries = found.get(section, Document.class);
        Document positions = found.get("positions", Document.class);
        Object raw = entries == null ? null : entries.get(key);
        Number position = positions == null || positions.get(section, Document.class) == null ? null
                : positions.get(section, Document.class).get(key, Number.class);
        T value = raw == null ? null : mongo.getConverter().read(type, (Document) raw);
        return new Stored<>(value, position == null ? null : position.longValue());
    }

    /** Stores the entry unless an event at or after {@code position} already did. */
    public <T> void put(String collection, String incidentId, String section, String key, T value, long position) {
        mongo.upsert(Query.query(where("_id").is(incidentId)),
                     new Update().set(section + "." + key, value).set("positions." + section + "." + key, position),
                     collection);
    }

    /**
     * Changes one entry by {@code transition} (given null when there is none yet), unless an event at or after
     * {@code position} already changed it; a transition that answers null leaves the entry as it is.
     */
    public <T> void update(String collection, String incidentId, String section, String rawKey, Class<T> type,
                           long position, UnaryOperator<T> transition) {
        String key = key(rawKey);
        Stored<T> stored = get(collection, incidentId, section, key, type);
        if (stored.position() != null && stored.position() >= position) {
            return; // redelivered
        }
        T next = transition.apply(stored.value());
        if (next != null) {
            put(collection, incidentId, section, key, next, position);
        }
    }

    /** The entries of one section of a book read by {@link #sections}. */
    public <T> List<T> entries(Map<String, Document> sections, String section, Class<T> type) {
        Document entries = sections.get(section);
        return entries == null ? List.of()
                : entries.values().stream().map(entry -> read(type, (Document) entry)).toList();
    }

    /** Every entry of every section of an incident's book, as stored documents. */
    public Mono<Map<String, Document>> sections(String collection, String incidentId) {
        return reactive.findById(incidentId, Document.class, collection)
                       .map(document -> {
                           Map<String, Document> sections = new java.util.LinkedHashMap<>();
                           document.forEach((name, value) -> {
                               if (value instanceof Document section && !"positions".equals(name)) {
                                   sections.put(name, section);
                               }
                           });
                           return sections;
                       })
                       .defaultIfEmpty(Map.of());
    }

    public <T> T read(Class<T> type, Document document) {
        return mongo.getConverter().read(type, document);
    }

    /** Removes an incident's whole book (a deleted exercise). */
    public void remove(String collection, String incidentId) {
        mongo.remove(Query.query(where("_id").is(incidentId)), collection);
    }

    public void drop(String collection) {
        mongo.dropCollection(collection);
    }
}
