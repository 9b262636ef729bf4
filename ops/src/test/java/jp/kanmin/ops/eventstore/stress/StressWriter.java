package jp.kanmin.ops.eventstore.stress;

import jp.kanmin.ops.bench.Engines;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One writer process of the stress test: {@code threads} threads each own some aggregates and append their events
 * in turn. A fraction of appends stalls for {@code delayMillis} after allocating its index (our engine) or after
 * its event was stamped (axon-mongo's engine), longer than axon-mongo's look-back window.
 * <p>
 * Arguments: uri database engine writerName threads aggregatesPerThread eventsPerAggregate delayedFraction
 * delayMillis
 */
public final class StressWriter {

    private static final ThreadLocal<Boolean> delayThisAppend = ThreadLocal.withInitial(() -> false);

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String database = args[1];
        Engines.Engine kind = Engines.Engine.valueOf(args[2]);
        String writer = args[3];
        int threads = Integer.parseInt(args[4]);
        int aggregatesPerThread = Integer.parseInt(args[5]);
        int eventsPerAggregate = Integer.parseInt(args[6]);
        double delayedFraction = Double.parseDouble(args[7]);
        long delayMillis = Long.parseLong(args[8]);

        AtomicInteger appended = new AtomicInteger();
        AtomicInteger delayed = new AtomicInteger();
        try (MongoClient client = MongoClients.create(uri)) {
            EventStorageEngine engine = Engines.engine(kind, client, database, index -> {
                if (delayThisAppend.get()) {
                    sleep(delayMillis);
                }
            });
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(Thread.ofPlatform().start(() -> {
                    for (int seq = 0; seq < eventsPerAggregate; seq++) {
                        for (int a = 0; a < aggregatesPerThread; a++) {
                            String aggregate = writer + "-t" + thread + "-a" + a;
                            var event = new GenericDomainEventMessage<>("Stress", aggregate, seq,
                                                                        aggregate + "#" + seq);
                            boolean delay = ThreadLocalRandom.current().nextDouble() < delayedFraction;
                            if (delay) {
                                delayed.incrementAndGet();
                                if (kind == Engines.Engine.AXON_MONGO) {
                                    sleep(delayMillis); // the event is already stamped with its timestamp
                                }
                            }
                            delayThisAppend.set(delay);
                            engine.appendEvents(event);
                            appended.incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread worker : workers) {
                worker.join();
            }
        }
        System.out.println("appended " + appended.get() + " delayed " + delayed.get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
