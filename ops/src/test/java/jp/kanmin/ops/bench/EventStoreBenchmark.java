package jp.kanmin.ops.bench;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntConsumer;

/**
 * Append and tracking throughput of our indexed engine beside axon-mongo's stock engine and a plain driver insert
 * of an equivalent document, on the same store in the same run.
 */
public final class EventStoreBenchmark {

    /** About the size of a staff-safety report's payload with its metadata. */
    private static final String PAYLOAD = "{\"participationId\":\"" + UUID.randomUUID() + ":osadano-park\",\"reportId\":\""
            + UUID.randomUUID() + "\",\"number\":3,\"safe\":182,\"injured\":2,\"missing\":0,\"unreachable\":3,"
            + "\"note\":\"団地内企業 12社中 10社から回答。2社未確認。\",\"observedAt\":\"2026-11-20T06:26:00Z\"}";

    private EventStoreBenchmark() {
    }

    public static void run(BenchStore store, BenchReport report, int events) {
        System.out.println("Event store: " + events + " events per measurement on " + store.description());
        appendOnce(store, Engines.Engine.INDEXED, 1, Math.min(events, 500)); // warm-up
        appendOnce(store, Engines.Engine.AXON_MONGO, 1, Math.min(events, 500));
        rawAppend(store, 1, Math.min(events, 500));
        for (int writers : new int[]{1, 8}) {
            double raw = rawAppend(store, writers, events);
            double indexed = appendOnce(store, Engines.Engine.INDEXED, writers, events);
            double stock = appendOnce(store, Engines.Engine.AXON_MONGO, writers, events);
            String scenario = "event store append, " + writers + (writers == 1 ? " writer" : " writers");
            report.add(scenario, "indexed engine", indexed, "events/s", "axon-mongo engine", stock, null);
            report.add(scenario, "indexed engine", indexed, "events/s", "raw driver insert", raw, null);
            report.add(scenario, "axon-mongo engine", stock, "events/s", "raw driver insert", raw, null);
        }
        double indexed = trackingRead(store, Engines.Engine.INDEXED, events);
        double stock = trackingRead(store, Engines.Engine.AXON_MONGO, events);
        report.add("event store tracking read", "indexed engine", indexed, "events/s", "axon-mongo engine", stock,
                   "one stream from the start to the end");
    }

    private static double appendOnce(BenchStore store, Engines.Engine kind, int writers, int events) {
        MongoDatabase database = store.client().getDatabase("bench-" + UUID.randomUUID());
        try {
            EventStorageEngine engine = Engines.engine(kind, store.client(), database.getName(), index -> {
            });
            return timed(writers, events, (writer) -> {
                String aggregate = "agg-" + writer;
                int perWriter = events / writers;
                for (int seq = 0; seq < perWriter; seq++) {
                    engine.appendEvents(new GenericDomainEventMessage<>("Bench", aggregate, seq, PAYLOAD));
                }
            });
        } finally {
            database.drop();
        }
    }

    static double rawAppend(BenchStore store, int writers, int events) {
        MongoDatabase database = store.client().getDatabase("bench-" + UUID.randomUUID());
        MongoCollection<Document> collection = database.getCollection("raw")
                                                       .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
        try {
            return timed(writers, events, writer -> {
                int perWriter = events / writers;
                for (int seq = 0; seq < perWriter; seq++) {
                    collection.insertOne(new Document("aggregateIdentifier", "agg-" + writer)
                                                 .append("sequenceNumber", (long) seq)
                                                 .append("timestamp", new java.util.Date())
                                                 .append("payloadType", "java.lang.String")
                                                 .append("payload", PAYLOAD)
                                                 .append("metaData", "{\"actor\":\"osadano-park\"}"));
                }
            });
        } finally {
            database.drop();
        }
    }

    private static double trackingRead(BenchStore store, Engines.Engine kind, int events) {
        MongoDatabase database = store.client().getDatabase("bench-" + UUID.randomUUID());
        try {
            EventStorageEngine engine = Engines.engine(kind, store.client(), database.getName(), index -> {
            });
            timed(8, events, writer -> {
                for (int seq = 0; seq < events / 8; seq++) {
                    engine.appendEvents(new GenericDomainEventMessage<>("Bench", "agg-" + writer, seq, PAYLOAD));
                }
            });
            long started = System.nanoTime();
            long read = engine.readEvents(null, false).count();
            double seconds = (System.nanoTime() - started) / 1e9;
            if (read != (events / 8) * 8L) {
                throw new IllegalStateException(kind + " read " + read + " of " + (events / 8) * 8 + " events");
            }
            return read / seconds;
        } finally {
            database.drop();
        }
    }

    /** Runs {@code work} on {@code threads} threads at once and answers events per second. */
    static double timed(int threads, int events, IntConsumer work) {
        List<Thread> workers = new ArrayList<>();
        Map<Integer, Throwable> failures = new java.util.concurrent.ConcurrentHashMap<>();
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int index = t;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    work.accept(index);
                } catch (Throwable failure) {
                    failures.put(index, failure);
                }
            }));
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("benchmark worker failed", failures.values().iterator().next());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return (events / threads) * threads / seconds;
    }
}
