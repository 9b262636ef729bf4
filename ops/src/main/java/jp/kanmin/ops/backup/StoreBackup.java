package jp.kanmin.ops.backup;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import jp.kanmin.ops.access.AdministratorBootstrap;
import jp.kanmin.ops.calendar.CalendarSubscriptions;
import jp.kanmin.ops.config.StoreProperties;
import jp.kanmin.ops.eventstore.IndexedMongoEventStorageEngine;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentScoped;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static com.mongodb.client.model.Filters.eq;

/**
 * Backup and restore as NDJSON: a header line, one line per event in store order, the state that is not derived from
 * events (deadlines, plan versions, access tokens, idempotency keys) when the whole store is exported, and an end line
 * with the counts, so that a truncated file is refused before anything is written. Read models are not exported: they
 * are rebuilt from the events by the processors once the events are in.
 * <p>
 * The format is the events' own JSON (the serializer's payloads and metadata), not the storage engine's documents,
 * so a file stays readable by people and importable after the engine's layout changes.
 */
@Component
public class StoreBackup {

    private static final Logger logger = LoggerFactory.getLogger(StoreBackup.class);

    static final String FORMAT = "kanmin-timeline-export";
    static final int VERSION = 1;
    /** Collections whose documents are state of their own, not read models: lost unless exported. */
    static final List<String> STATE = List.of("deadlines", "plan_versions", "api_tokens", "idempotency_keys",
                                              CalendarSubscriptions.COLLECTION);
    private static final int EVENTS_PER_COMMIT = 500;
    private static final int PROGRESS_EVERY = 10_000;
    /** Imports begun, and whether each is done: a stopped one is finished by importing its file again. */
    static final String IMPORTS = "imports";
    private static final String DONE = "done";
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED)
                                                                          .build();

    /** What an import did, or how far it has come. */
    /**
     * @param events         events of the file now in the store
     * @param alreadyPresent of those, events the store held before (the operator's registration)
     * @param state          state documents written
     */
    public record Progress(long events, long alreadyPresent, long state, boolean done) {
    }

    /** A file that cannot be imported, named by line and rule; nothing has been written. */
    public static final class InvalidExport extends RuntimeException {
        InvalidExport(long line, String message) {
            super(line > 0 ? "line " + line + ": " + message : message);
        }
    }

    /** The store already holds events: an import is a restore into an empty store, never a merge. */
    public static final class StoreNotEmpty extends RuntimeException {
        StoreNotEmpty() {
            super("the event store already holds events; import restores into an empty store only (or finishes an "
                  + "import of the same file that stopped midway)");
        }
    }

    private final EventStorageEngine engine;
    private final EventStore events;
    private final Serializer serializer;
    private final MongoDatabase database;
    private final JsonMapper json;
    private final Clock clock;
    private final Cache aggregates;

    StoreBackup(EventStorageEngine engine, @Qualifier("eventStore") EventStore events,
                @Qualifier("eventSerializer") Serializer serializer, MongoClient mongo, StoreProperties store,
                JsonMapper json, Clock clock, @Qualifier("aggregateCache") Cache aggregates) {
        this.engine = engine;
        this.aggregates = aggregates;
        this.events = events;
        this.serializer = serializer;
        this.database = mongo.getDatabase(store.database());
        this.json = json;
        this.clock = clock;
    }

    /**
     * The whole store, or one incident's events when {@code incident} is given, line by line. The stream is lazy and
     * must be closed: each line is read from the store when it is asked for, so an export of any size is written in
     * the memory of a few pages, as fast as its reader takes it.
     */
    public Stream<String> export(IncidentId incident) {
        ObjectNode header = json.createObjectNode().put("format", FORMAT).put("version", VERSION)
                                .put("exportedAt", clock.instant().toString())
                                .put("scope", incident == null ? "store" : "incident");
        if (incident != null) {
            header.put("incident", incident.value());
        }
        AtomicLong eventCount = new AtomicLong();
        AtomicLong stateCount = new AtomicLong();
        Stream<? extends TrackedEventMessage<?>> stored = engine.readEvents(null, false);
        Stream<String> events = stored.filter(event -> incident == null || incident.equals(incidentOf(event)))
                                      .map(event -> {
                                          if (eventCount.incrementAndGet() % PROGRESS_EVERY == 0) {
                                              logger.info("Export: {} events written", eventCount.get());
                                          }
                                          return json.createObjectNode().set("event", eventLine(event)).toString();
                                      });
        Stream<String> state = Stream.empty();
        if (incident == null) {
            for (String collection : STATE) {
                // concatenated, not flat-mapped: a flat map's iterator buffers a whole collection
                state = Stream.concat(state, StreamSupport.stream(
                        () -> database.getCollection(collection).find().spliterator(), Spliterator.ORDERED, false)
                        .map(document -> {
                            stateCount.incrementAndGet();
                            return "{\"state\":\"" + collection + "\",\"document\":" + document.toJson(CANONICAL) + "}";
                        }));
            }
        }
        Stream<String> end = Stream.of("end").map(last -> {
            logger.info("Export finished: {} events, {} state documents", eventCount.get(), stateCount.get());
            return json.createObjectNode().set("end", json.createObjectNode().put("events", eventCount.get())
                                                          .put("state", stateCount.get())).toString();
        });
        return Stream.concat(Stream.concat(Stream.of(header.toString()), events), Stream.concat(state, end))
                     .onClose(stored::close);
    }

    private static IncidentId incidentOf(EventMessage<?> event) {
        return event.getPayload() instanceof IncidentScoped scoped ? scoped.incidentId() : null;
    }

    private ObjectNode eventLine(TrackedEventMessage<?> event) {
        SerializedObject<String> payload = event.serializePayload(serializer, String.class);
        // the position is the store's, given again on reading: not part of what the event said
        SerializedObject<String> metaData = serializer.serialize(
                event.getMetaData().withoutKeys(Set.of(IndexedMongoEventStorageEngine.GLOBAL_INDEX)), String.class);
        ObjectNode line = json.createObjectNode();
        line.put("position", event.trackingToken().position().orElse(-1));
        line.put("id", event.getIdentifier());
        if (event instanceof DomainEventMessage<?> domain) {
            line.put("aggregateType", domain.getType()).put("aggregateId", domain.getAggregateIdentifier())
                .put("sequence", domain.getSequenceNumber());
        }
        line.put("timestamp", event.getTimestamp().toString())
            .put("payloadType", payload.getType().getName())
            .put("payloadRevision", payload.getType().getRevision());
        line.set("payload", json.readTree(payload.getData()));
        line.set("metaData", json.readTree(metaData.getData()));
        return line;
    }

    /**
     * Checks the whole file first (header, every line's shape and payload type, the end line's counts), then appends
     * its events in their order and upserts its state documents. {@code open} is called once per pass.
     * <p>
     * An import that stopped midway (the node stopped, the store went away) is finished by importing the same file
     * again: its events land a commit at a time and in the file's order, so the store holds a beginning of the file's
     * events, which the retry checks event by event and skips. Which file was being imported is kept in
     * {@value #IMPORTS} until it is done; a finished import is never resumed, so a second import of it is refused.
     */
    public Progress importFrom(ReaderSource open, Consumer<Progress> progress) throws IOException {
        String file;
        try (BufferedReader reader = open.open()) {
            file = check(reader);
        }
        Document started = database.getCollection(IMPORTS).find(eq("_id", file)).first();
        boolean resuming = started != null && !started.getBoolean(DONE, false);
        Present present = present(open, resuming);
        database.getCollection(IMPORTS).replaceOne(eq("_id", file), new Document("_id", file).append(DONE, false)
                                                                                            .append("at", Date.from(clock.instant())),
                                                   new ReplaceOptions().upsert(true));
        long eventCount = 0;
        long skipped = 0;
        long stateCount = 0;
        long imported = present.imported();
        List<EventMessage<?>> commit = new ArrayList<>(EVENTS_PER_COMMIT);
        try (BufferedReader reader = open.open()) {
            reader.readLine();
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                JsonNode line = json.readTree(text);
                if (line.has("event")) {
                    if (present.operator().contains(key(line.get("event"))) || imported-- > 0) {
                        skipped++;
                        continue;
                    }
                    commit.add(message(line.get("event")));
                    if (commit.size() == EVENTS_PER_COMMIT) {
                        eventCount += publish(commit);
                        progress.accept(new Progress(eventCount + skipped, skipped, stateCount, false));
                    }
                } else if (line.has("state")) {
                    Document document = Document.parse(line.get("document").toString());
                    database.getCollection(line.get("state").asString())
                            .replaceOne(eq("_id", document.get("_id")), document, new ReplaceOptions().upsert(true));
                    stateCount++;
                }
            }
        }
        eventCount += publish(commit);
        database.getCollection(IMPORTS).updateOne(eq("_id", file), new Document("$set", new Document(DONE, true)));
        // the events went around the aggregates: the operator's, kept since this node registered it, is stale now
        aggregates.removeAll();
        Progress done = new Progress(eventCount + skipped, skipped, stateCount, true);
        progress.accept(done);
        logger.info("Import finished: {} events, {} state documents{}", eventCount, stateCount,
                    resuming ? " (finishing an import that stopped after " + present.imported() + " events)" : "");
        return done;
    }

    /**
     * What of the file the store holds already: the operator organisation's registration, which every node writes
     * when it starts (it is in the file too, and not appended twice), and, when {@code resuming}, the first
     * {@code imported} of the file's other events. Anything else: the store is not empty, and nothing is written.
     */
    private record Present(Set<String> operator, long imported) {
    }

    private Present present(ReaderSource open, boolean resuming) throws IOException {
        Set<String> operator = new HashSet<>();
        engine.readEvents(AdministratorBootstrap.OPERATOR.value()).asStream().forEach(event -> operator.add(key(event)));
        long imported = 0;
        BufferedReader reader = null;
        try (Stream<? extends TrackedEventMessage<?>> existing = engine.readEvents(null, false)) {
            for (var stored = existing.iterator(); stored.hasNext(); ) {
                String key = key(stored.next());
                if (operator.contains(key)) {
                    continue;
                }
                if (!resuming) {
                    throw new StoreNotEmpty();
                }
                if (reader == null) {
                    reader = open.open();
                    reader.readLine();
                }
                if (!key.equals(nextEventKey(reader, operator))) {
                    throw new StoreNotEmpty();
                }
                imported++;
            }
        } finally {
            if (reader != null) {
                reader.close();
            }
        }
        return new Present(operator, imported);
    }

    /** The key of the file's next event that is not the operator's; null at the end. */
    private String nextEventKey(BufferedReader reader, Set<String> operator) throws IOException {
        for (String text = reader.readLine(); text != null; text = reader.readLine()) {
            JsonNode line = json.readTree(text);
            if (line.has("event") && !operator.contains(key(line.get("event")))) {
                return key(line.get("event"));
            }
        }
        return null;
    }

    private static String key(JsonNode event) {
        return event.has("aggregateId") ? event.get("aggregateId").asString() + "#" + event.get("sequence").asLong()
                : event.get("id").asString();
    }

    private static String key(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain
                ? domain.getAggregateIdentifier() + "#" + domain.getSequenceNumber()
                : event.getIdentifier();
    }

    /** Opens the file being imported; it is read twice, to check it and to import it. */
    @FunctionalInterface
    public interface ReaderSource {
        BufferedReader open() throws IOException;
    }

    private int publish(List<EventMessage<?>> commit) {
        int size = commit.size();
        if (size > 0) {
            events.publish(List.copyOf(commit));
            commit.clear();
        }
        return size;
    }

    /** Checks the file; answers what tells it apart from other exports (when it was written, what it holds). */
    private String check(BufferedReader reader) throws IOException {
        long number = 1;
        JsonNode header = parse(reader.readLine(), number);
        if (header == null || !FORMAT.equals(header.path("format").asString(null))) {
            throw new InvalidExport(1, "the first line must be the header of a " + FORMAT + " file");
        }
        if (header.path("version").asInt(0) != VERSION) {
            throw new InvalidExport(1, "version " + header.path("version") + " is not supported (" + VERSION + " is)");
        }
        long eventCount = 0;
        long stateCount = 0;
        JsonNode end = null;
        for (String text = reader.readLine(); text != null; text = reader.readLine()) {
            number++;
            if (end != null) {
                throw new InvalidExport(number, "nothing may follow the end line");
            }
            JsonNode line = parse(text, number);
            if (line.has("event")) {
                message(line.get("event"), number);
                eventCount++;
            } else if (line.has("state")) {
                if (!STATE.contains(line.get("state").asString("")) || !line.path("document").isObject()) {
                    throw new InvalidExport(number, "a state line names one of " + STATE + " and holds a document");
                }
                stateCount++;
            } else if (line.has("end")) {
                end = line.get("end");
            } else {
                throw new InvalidExport(number, "a line holds an event, a state document or the end");
            }
        }
        if (end == null) {
            throw new InvalidExport(number, "the end line is missing: the file is truncated");
        }
        if (end.path("events").asLong(-1) != eventCount || end.path("state").asLong(-1) != stateCount) {
            throw new InvalidExport(number, "the end line counts " + end + " but the file holds " + eventCount
                                            + " events and " + stateCount + " state documents");
        }
        return header.path("exportedAt").asString("") + " " + header.path("scope").asString("") + " "
               + header.path("incident").asString("") + " " + eventCount + " events " + stateCount + " state";
    }

    private JsonNode parse(String text, long number) {
        if (text == null) {
            throw new InvalidExport(number, "the file is empty");
        }
        try {
            return json.readTree(text);
        } catch (RuntimeException e) {
            throw new InvalidExport(number, "not a JSON object: " + e.getMessage());
        }
    }

    private EventMessage<?> message(JsonNode event, long number) {
        try {
            return message(event);
        } catch (RuntimeException e) {
            throw new InvalidExport(number, "not an event this version can read: " + e.getMessage());
        }
    }

    private EventMessage<?> message(JsonNode event) {
        String revision = event.path("payloadRevision").isNull() ? null : event.path("payloadRevision").asString(null);
        Object payload = serializer.deserialize(new SimpleSerializedObject<>(
                event.required("payload").toString(), String.class, event.required("payloadType").asString(),
                revision));
        Map<String, ?> metaData = serializer.deserialize(new SimpleSerializedObject<>(
                event.required("metaData").toString(), String.class, MetaData.class.getName(), null));
        Instant timestamp = Instant.parse(event.required("timestamp").asString());
        String id = event.required("id").asString();
        if (event.has("aggregateId")) {
            return new GenericDomainEventMessage<>(event.required("aggregateType").asString(),
                                                   event.get("aggregateId").asString(),
                                                   event.required("sequence").asLong(), payload, metaData, id,
                                                   timestamp);
        }
        return new GenericEventMessage<>(id, payload, metaData, timestamp);
    }
}
