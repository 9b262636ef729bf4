package jp.kanmin.ops.eventstore.stress;

import jp.kanmin.ops.bench.Engines;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consuming process of the stress test: an Axon tracking processor with two segments, tokens in MongoDB, that
 * records what it handles. It stops once it has handled {@code expected} events or nothing new came for
 * {@code quietSeconds}, and prints per-aggregate counts and order violations.
 * <p>
 * Arguments: uri database engine expected quietSeconds
 */
public final class StressConsumer {

    @ProcessingGroup("stress")
    static final class Recorder {

        final Map<String, Long> lastSequence = new ConcurrentHashMap<>();
        final Map<String, Integer> counts = new ConcurrentHashMap<>();
        final Map<String, Boolean> seen = new ConcurrentHashMap<>();
        final AtomicInteger handled = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger outOfOrder = new AtomicInteger();
        final AtomicLong lastProgress = new AtomicLong(System.nanoTime());

        @EventHandler
        void on(String payload) {
            String aggregate = payload.substring(0, payload.indexOf('#'));
            long sequence = Long.parseLong(payload.substring(payload.indexOf('#') + 1));
            if (seen.putIfAbsent(payload, true) != null) {
                duplicates.incrementAndGet();
                return;
            }
            Long previous = lastSequence.put(aggregate, sequence);
            if (previous != null && sequence <= previous) {
                outOfOrder.incrementAndGet();
            }
            counts.merge(aggregate, 1, Integer::sum);
            handled.incrementAndGet();
            lastProgress.set(System.nanoTime());
        }
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String database = args[1];
        Engines.Engine kind = Engines.Engine.valueOf(args[2]);
        int expected = Integer.parseInt(args[3]);
        Duration quiet = Duration.ofSeconds(Long.parseLong(args[4]));

        Recorder recorder = new Recorder();
        try (MongoClient client = MongoClients.create(uri)) {
            Configurer configurer = DefaultConfigurer.defaultConfiguration()
                    .configureSerializer(c -> Engines.serializer())
                    .configureEmbeddedEventStore(c -> Engines.engine(kind, client, database, index -> {
                    }));
            configurer.eventProcessing()
                      .registerTokenStore(c -> MongoTokenStore.builder()
                                                              .mongoTemplate(DefaultMongoTemplate.builder()
                                                                                                 .mongoDatabase(client, database)
                                                                                                 .build())
                                                              .serializer(c.serializer())
                                                              .nodeId("stress-consumer")
                                                              .build())
                      .registerTrackingEventProcessor("stress", Configuration::eventStore,
                                                      c -> TrackingEventProcessorConfiguration
                                                              .forParallelProcessing(2)
                                                              .andInitialSegmentsCount(2)
                                                              .andBatchSize(50))
                      .registerEventHandler(c -> recorder);
            Configuration configuration = configurer.start();
            while (recorder.handled.get() < expected
                    && System.nanoTime() - recorder.lastProgress.get() < quiet.toNanos()) {
                Thread.sleep(100);
            }
            Thread.sleep(1000); // anything handled twice would show up now
            configuration.shutdown();
        }
        StringBuilder report = new StringBuilder();
        new TreeMap<>(recorder.counts).forEach((aggregate, count) ->
                report.append("aggregate ").append(aggregate).append(' ').append(count).append('\n'));
        report.append("handled ").append(recorder.handled.get())
              .append(" duplicates ").append(recorder.duplicates.get())
              .append(" outOfOrder ").append(recorder.outOfOrder.get());
        System.out.println(report);
    }
}
