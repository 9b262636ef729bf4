package jp.kanmin.ops.bench;

import jp.kanmin.ops.KanminApplication;
import jp.kanmin.query.feed.IncidentFeeds;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Command-to-SSE latency with many HQ screens on one node while the first morning's load runs: M subscribers hold
 * the incident's whole feed open over HTTP, {@code N} organisations post the first-day mix at a steady offered rate
 * (see {@link FirstDay}), and every subscriber notes when each entry reached it. Latency runs from the moment the
 * command was due to be sent (stamped in its text) to the moment a subscriber has parsed the entry, so it contains the
 * command, the event store append, the timeline projection, the feed's fan-out and the SSE encoding. An entry that an
 * acknowledged command made and a subscriber never got is missed.
 * <p>
 * Baseline in the same run, measured after ours: {@link IdleSseServer}, a bare Netty SSE server fanning out entries of
 * the same size, as many a second as a subscriber of ours received, to as many {@link Screens} of the same kind:
 * the floor of fan-out cost. Server and screens share this JVM and its two cores (the screens on an event loop of
 * their own), so the figures are an upper bound for the server alone.
 */
final class FeedBenchmark {

    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final int ACROSS_NODES_SUBSCRIBERS = 100;

    private FeedBenchmark() {
    }

    /** What the subscribers saw of one load. */
    private record Deliveries(Histogram latency, Histogram lastReached, long missed, long expected,
                              double connectSeconds, long heapPerSubscriber, BurstBenchmark.Step load,
                              long entriesPerSubscriber) {
    }

    /** @param boards simulated HQ boards for {@link BoardsBenchmark} after the feed's rounds; 0 for none */
    static void run(BenchStore store, BenchReport report, int[] subscriberCounts, int organisations, int rate,
                    Duration duration, int boards) {
        int most = Math.max(boards, Arrays.stream(subscriberCounts).max().orElse(1));
        try (ConfigurableApplicationContext application = start(store, "kanmin-bench-feed")) {
            FirstDay day = FirstDay.prepare(application, organisations, most + 2_000);
            IncidentFeeds feeds = application.getBean(IncidentFeeds.class);
            String port = application.getEnvironment().getProperty("local.server.port");
            try (IdleSseServer idle = new IdleSseServer();
                 Screens screens = new Screens("http://localhost:" + port, most + 50);
                 Screens idleScreens = new Screens("http://localhost:" + idle.port(), most + 50)) {
                // a short round unmeasured, so that neither side is timed while the JIT compiles its paths
                int warmUp = subscriberCounts.length > 0 ? subscriberCounts[0] : boards;
                long start = headPosition(day.client(), day.cityToken(), day.incident());
                measure(screens, "/api/incidents/" + day.incident() + "/feed?after=" + start, start, day.cityToken(),
                        warmUp, () -> BurstBenchmark.offer(day, rate, WARM_UP));
                measure(idleScreens, "/feed", 0, null, warmUp, () -> idle.emit(rate, WARM_UP));
                // what posting costs with no screen open: the line posting under fan-out is held to
                BurstBenchmark.Step quiet = BurstBenchmark.offer(day, rate, duration);
                for (int subscribers : subscriberCounts) {
                    System.out.println("Feed: " + subscribers + " SSE subscribers, " + rate + " commands/s for "
                                       + duration.toSeconds() + " s from " + organisations + " organisations");
                    long laggingBefore = feeds.laggingCount();
                    long head = headPosition(day.client(), day.cityToken(), day.incident());
                    Deliveries ours = measure(screens, "/api/incidents/" + day.incident() + "/feed?after=" + head,
                                              head, day.cityToken(), subscribers,
                                              () -> BurstBenchmark.offer(day, rate, duration));
                    // a command makes one to three entries, and tasks make their own: the bare server sends as many
                    // entries as a screen of ours received, so both sides' client decodes the same number
                    int entryRate = (int) Math.max(rate, Math.round(ours.entriesPerSubscriber() * 1e3
                                                                       / duration.toMillis()));
                    Deliveries floor = measure(idleScreens, "/feed", 0, null, subscribers,
                                               () -> idle.emit(entryRate, duration));
                    add(report, subscribers, rate, ours, floor, quiet, feeds.laggingCount() - laggingBefore, entryRate);
                    sleep(Duration.ofSeconds(2)); // let the server notice the closed streams before the next round
                }
                if (boards > 0) {
                    BoardsBenchmark.run(application, day, report, boards, rate, duration);
                }
                if (subscriberCounts.length > 0) {
                    // last: closing the second node shuts the event loops this JVM's clients share
                    acrossNodes(store, report, day, rate, duration);
                }
            } finally {
                day.close();
            }
        }
    }

    /**
     * Screens on a second node of the same store, which projects nothing (the first node holds every processor's
     * segments): each entry reaches them through that node's poll of the timeline, while commands go to the first.
     */
    private static void acrossNodes(BenchStore store, BenchReport report, FirstDay day, int rate, Duration duration) {
        int subscribers = ACROSS_NODES_SUBSCRIBERS;
        System.out.println("Feed across nodes: " + subscribers + " SSE subscribers on a second node, " + rate
                           + " commands/s to the first");
        try (ConfigurableApplicationContext second = start(store, "kanmin-bench-feed",
                                                           "--kanmin.store.single-node=false",
                                                           "--kanmin.sample-data.enabled=false");
             Screens far = new Screens("http://localhost:" + second.getEnvironment().getProperty("local.server.port"),
                                       subscribers + 50)) {
            long head = headPosition(day.client(), day.cityToken(), day.incident());
            Deliveries across = measure(far, "/api/incidents/" + day.incident() + "/feed?after=" + head, head,
                                        day.cityToken(), subscribers, () -> BurstBenchmark.offer(day, rate, duration));
            String scenario = "feed across nodes, " + subscribers + " subscribers, " + rate + "/s";
            for (double percentile : new double[]{50, 99, 100}) {
                report.add(scenario, "command-to-SSE " + (percentile == 100 ? "max" : "p" + (int) percentile),
                           millis(across.latency(), percentile), "ms");
            }
            report.add(scenario, "deliveries missed", across.missed(), "count", null, null,
                       "of " + across.expected() + " expected");
            BurstBenchmark.Step step = across.load();
            report.add(scenario, "POST answer p99", step.p99(), "ms", null, null,
                       step.ok() + " commands answered, " + step.errors() + " failed");
        }
    }

    private static void add(BenchReport report, int subscribers, int rate, Deliveries ours, Deliveries floor,
                            BurstBenchmark.Step quiet, long dropped, int entryRate) {
        String scenario = "feed, " + subscribers + " subscribers, " + rate + "/s";
        for (double percentile : new double[]{50, 95, 99, 100}) {
            String name = percentile == 100 ? "max" : "p" + (int) percentile;
            report.add(scenario, "command-to-SSE " + name, millis(ours.latency(), percentile), "ms",
                       "idle SSE server " + name, millis(floor.latency(), percentile), null);
        }
        report.add(scenario, "every subscriber reached p99", millis(ours.lastReached(), 99), "ms",
                   "idle SSE server", millis(floor.lastReached(), 99), "time until the last subscriber had the entry");
        report.add(scenario, "deliveries missed", ours.missed(), "count", "idle SSE server", (double) floor.missed(),
                   "of " + ours.expected() + " expected");
        report.add(scenario, "slow subscribers let go", dropped, "count");
        report.add(scenario, "entries a second to each subscriber", entryRate, "entries/s", null, null,
                   "what the feed sent at " + rate + " commands/s; the idle SSE server sent as many");
        BurstBenchmark.Step step = ours.load();
        report.add(scenario, "POST answer p99 under fan-out", step.p99(), "ms", "no subscriber", quiet.p99(),
                   step.ok() + " commands answered, " + step.errors() + " failed (no subscriber: " + quiet.ok()
                   + ", " + quiet.errors() + ")");
        report.add(scenario, "connect all subscribers", ours.connectSeconds(), "s", "idle SSE server",
                   floor.connectSeconds(), null);
        report.add(scenario, "heap per subscriber", ours.heapPerSubscriber(), "bytes", "idle SSE server",
                   (double) floor.heapPerSubscriber(), "client and server side together, after GC");
    }

    /**
     * Connects {@code subscribers} to {@code path}, runs {@code load} and waits until every subscriber has every
     * entry the load's acknowledged commands made (or a minute has passed).
     */
    private static Deliveries measure(Screens screens, String path, long after, String token, int subscribers,
                                      java.util.function.Supplier<BurstBenchmark.Step> load) {
        long heapBefore = usedHeapAfterGc();
        Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
        Map<Long, LongAccumulator> lastArrival = new ConcurrentHashMap<>();
        List<Received> received = new ArrayList<>(subscribers);
        CountDownLatch connected = new CountDownLatch(subscribers);
        List<Disposable> streams = new ArrayList<>(subscribers);
        long connectStart = System.nanoTime();
        for (int i = 0; i < subscribers; i++) {
            Received positions = new Received(after);
            received.add(positions);
            streams.add(screens.open(path, token, new Screens.Listener() {
                @Override
                public void connected() {
                    connected.countDown();
                }

                @Override
                public void event(long position, String type, long sent, long now) {
                    positions.add(position);
                    if (sent > 0) {
                        latency.recordValue(TimeUnit.NANOSECONDS.toMicros(now - sent));
                        lastArrival.computeIfAbsent(position, p -> new LongAccumulator(Math::max, 0))
                                   .accumulate(now - sent);
                    }
                }
            }));
        }
        await(connected, Duration.ofMinutes(3), "subscribers to connect");
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        long heapConnected = usedHeapAfterGc();

        BurstBenchmark.Step step = load.get();
        long[] expected = step.positions().clone();
        Arrays.sort(expected);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // each screen's first missing position, so that waiting does not rescan what has arrived
        int[] confirmed = new int[subscribers];
        while (unconfirmed(received, expected, confirmed) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(200));
        }
        long missed = missing(received, expected);
        streams.forEach(Disposable::dispose);
        Histogram lastReached = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        lastArrival.values().forEach(nanos -> lastReached.recordValue(TimeUnit.NANOSECONDS.toMicros(nanos.get())));
        return new Deliveries(latency, lastReached, missed, (long) expected.length * subscribers, connectSeconds,
                              (heapConnected - heapBefore) / subscribers, step,
                              received.isEmpty() ? 0 : received.getFirst().count());
    }

    private static boolean unconfirmed(List<Received> received, long[] expected, int[] confirmed) {
        boolean waiting = false;
        for (int i = 0; i < confirmed.length; i++) {
            Received positions = received.get(i);
            while (confirmed[i] < expected.length && positions.contains(expected[confirmed[i]])) {
                confirmed[i]++;
            }
            waiting |= confirmed[i] < expected.length;
        }
        return waiting;
    }

    private static long missing(List<Received> received, long[] expected) {
        long missing = 0;
        for (Received positions : received) {
            for (long position : expected) {
                if (!positions.contains(position)) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /** The positions one subscriber got, as bits past where it started: thousands of subscribers, little heap. */
    private static final class Received {
        private final long after;
        private final BitSet bits = new BitSet();

        Received(long after) {
            this.after = after;
        }

        synchronized void add(long position) {
            if (position > after) {
                bits.set(Math.toIntExact(position - after));
            }
        }

        synchronized int count() {
            return bits.cardinality();
        }

        synchronized boolean contains(long position) {
            return position > after && bits.get(Math.toIntExact(position - after));
        }
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1e3;
    }

    /** The whole application on {@code store}, with the sample exercise, in a database of its own. */
    static ConfigurableApplicationContext start(BenchStore store, String database, String... overrides) {
        Path dataDirectory = temporaryDirectory();
        // arguments rather than default properties, which application.yml would override
        List<String> arguments = new ArrayList<>(List.of(
                     "--spring.mongodb.uri=" + store.uri(), "--kanmin.store.database=" + database,
                     "--kanmin.store.data-dir=" + dataDirectory, "--server.port=0",
                     // one node on a store of its own, as the embedded deployment runs; a MongoDB store is measured
                     // as production runs it, shared by nodes
                     "--kanmin.store.single-node=" + store.isBenchOwned(),
                     "--kanmin.sample-data.enabled=true",
                     // the benchmark measures the feed, not the per-organisation request limits
                     "--kanmin.limits.reads-per-minute=100000000", "--kanmin.limits.writes-per-minute=100000000",
                     "--kanmin.limits.streams-per-organisation=1000000",
                     // every simulated screen connects from this machine's one address
                     "--kanmin.limits.connections=1000000", "--kanmin.limits.connections-per-address=1000000",
                     "--logging.level.root=WARN"));
        for (String override : overrides) {
            // a property given twice would be read as both values joined by a comma
            arguments.removeIf(argument -> argument.startsWith(override.substring(0, override.indexOf('=') + 1)));
            arguments.add(override);
        }
        return new SpringApplicationBuilder(KanminApplication.class).registerShutdownHook(false)
                                                                    .initializers(StoreReplies.counting())
                                                                    .run(arguments.toArray(String[]::new));
    }

    static void awaitSampleIncident(WebClient client, String token, String incident) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Boolean ready = client.get().uri("/api/incidents/{id}/timeline?limit=1", incident)
                                  .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                                  .exchangeToMono(response -> Mono.just(response.statusCode().is2xxSuccessful()))
                                  .onErrorReturn(false).block();
            if (Boolean.TRUE.equals(ready)) {
                return;
            }
            sleep(Duration.ofMillis(250));
        }
        String answer = client.get().uri("/api/incidents/{id}/timeline?limit=1", incident)
                              .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                              .exchangeToMono(response -> response.bodyToMono(String.class)
                                                                  .map(body -> response.statusCode() + " " + body))
                              .block();
        throw new IllegalStateException("the sample incident did not become readable: " + answer);
    }

    @SuppressWarnings("unchecked")
    private static long headPosition(WebClient client, String token, String incident) {
        long after = 0;
        while (true) {
            Map<String, Object> page = client.get().uri("/api/incidents/{id}/timeline?limit=1000&after={after}",
                                                        incident, after)
                                             .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                                             .retrieve().bodyToMono(Map.class).block(Duration.ofSeconds(30));
            Object last = page.get("lastPosition");
            if (last == null || ((Number) last).longValue() == after) {
                return after;
            }
            after = ((Number) last).longValue();
            if (page.get("nextAfter") == null) {
                return after;
            }
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(Duration.ofMillis(200));
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    static void await(CountDownLatch latch, Duration timeout, String what) {
        try {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("timed out waiting for " + what + ": " + latch.getCount() + " left");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("kanmin-bench-feed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
