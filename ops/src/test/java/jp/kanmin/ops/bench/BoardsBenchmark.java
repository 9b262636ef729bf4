package jp.kanmin.ops.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * HQ boards while the first morning's load runs: each simulated board follows the feed as the real page does
 * ({@code board.js}): an entry marks the panels whose read models it changed ({@code /api/read-models}), and at most
 * once a second the board re-reads those panels with {@code atLeast} at the newest such entry and
 * {@code If-None-Match}. A command is shown on a board when the entry has arrived and every panel it changed has been
 * read after it. Store reads are the node's MongoDB read commands, with boards against the same load without.
 */
final class BoardsBenchmark {

    private static final Duration AT_MOST_EVERY = Duration.ofSeconds(1);
    /** The page's panels, the endpoints each reads, and the read models behind them (as in boardview.js). */
    private static final Map<String, List<String>> ENDPOINTS = Map.of(
            "tasks", List.of("/overview"), "exchanges", List.of("/exchanges/matrix"), "damage", List.of("/damage"),
            "support", List.of("/support-requests?open=true"), "silent", List.of("/silent", "/staff-safety/missing"));
    private static final Map<String, List<String>> READ_MODELS = Map.of(
            "tasks", List.of("tasks", "incidents"), "exchanges", List.of("exchanges", "directory"),
            "damage", List.of("damage", "directory"), "support", List.of("exchanges", "directory"),
            "silent", List.of("exchanges", "tasks"));
    private static final Set<String> READS = Set.of("find", "aggregate", "count", "getMore", "distinct");
    /** How long each panel's reads took during the step, by endpoint: where a board's cycle goes. */
    private static final Map<String, Histogram> READ_TIMES = new ConcurrentHashMap<>();

    private BoardsBenchmark() {
    }

    static void run(ConfigurableApplicationContext application, FirstDay day, BenchReport report, int boards,
                    int rate, Duration duration) {
        System.out.println("Boards: " + boards + " HQ boards following the feed, " + rate + " commands/s");
        MeterRegistry registry = application.getBean(MeterRegistry.class);
        String port = application.getEnvironment().getProperty("local.server.port");
        WebClient client = day.client();
        String base = "/api/incidents/" + day.incident();
        @SuppressWarnings("unchecked")
        Map<String, List<String>> byEntryType = (Map<String, List<String>>) client.get().uri("/api/read-models")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + day.cityToken()).retrieve().bodyToMono(Map.class)
                .block(Duration.ofSeconds(30)).get("byEntryType");

        long readsBefore = storeReads(registry);
        BurstBenchmark.Step quiet = BurstBenchmark.offer(day, rate, duration);
        double quietReadsPerCommand = (storeReads(registry) - readsBefore) / (double) Math.max(1, quiet.ok());

        Histogram shown = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
        Histogram arrived = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
        LongAdder gets = new LongAdder();
        LongAdder notModified = new LongAdder();
        LongAdder failed = new LongAdder();
        CountDownLatch connected = new CountDownLatch(boards);
        List<Board> all = new ArrayList<>();
        List<Disposable> streams = new ArrayList<>();
        try (Screens screens = new Screens("http://localhost:" + port, boards + 50)) {
            for (int i = 0; i < boards; i++) {
                Board board = new Board(byEntryType, shown, arrived, connected);
                all.add(board);
                streams.add(screens.open(base + "/feed", day.cityToken(), board));
            }
            long opening = System.nanoTime();
            FeedBenchmark.await(connected, Duration.ofMinutes(2), "boards to connect");
            // every board draws every panel once, as a page does when it opens
            Flux.fromIterable(all).flatMap(board -> board.read(client, base, day.cityToken(), ENDPOINTS.keySet(), 0,
                                                              gets, notModified, failed), 50)
                .blockLast(Duration.ofMinutes(2));
            Disposable ticker = Flux.interval(Duration.ofMillis(100)).subscribe(tick -> all.forEach(
                    board -> board.readIfDue(client, base, day.cityToken(), gets, notModified, failed)));
            // a board's feed begins with the incident's history (its chart is drawn from it): what is measured is a
            // board that has opened, so the step waits for every board to have taken the history and read its panels
            long history = java.util.Arrays.stream(quiet.positions()).max().orElse(0);
            long openDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (all.stream().anyMatch(board -> board.waiting(history)) && System.nanoTime() < openDeadline) {
                FeedBenchmark.sleep(Duration.ofMillis(200));
            }
            double openSeconds = (System.nanoTime() - opening) / 1e9;
            READ_TIMES.clear();
            long measuringFrom = System.nanoTime();
            all.forEach(board -> board.measureFrom(measuringFrom));
            gets.reset();
            notModified.reset();
            failed.reset();
            readsBefore = storeReads(registry);
            Map<String, double[]> storeTimeBefore = storeTime(registry);
            Map<String, Long> repliesBefore = StoreReplies.INSTANCE.counts();
            BurstBenchmark.Step step = BurstBenchmark.offer(day, rate, duration);
            long last = java.util.Arrays.stream(step.positions()).max().orElse(0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (all.stream().anyMatch(board -> board.waiting(last)) && System.nanoTime() < deadline) {
                FeedBenchmark.sleep(Duration.ofMillis(200));
            }
            double readsPerCommand = (storeReads(registry) - readsBefore) / (double) Math.max(1, step.ok());
            printStoreTime(storeTimeBefore, storeTime(registry));
            System.out.println("Documents the store's replies carried to the node in the step (collection, command):");
            StoreReplies.INSTANCE.counts().entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), e.getValue() - repliesBefore.getOrDefault(e.getKey(), 0L)))
                        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(10)
                        .forEach(e -> System.out.printf("  %-40s %10d%n", e.getKey(), e.getValue()));
            System.out.println("Panel reads during the step (endpoint: count, p50 ms, p99 ms):");
            READ_TIMES.forEach((path, times) -> System.out.printf("  %-28s %7d %8.0f %8.0f%n", path,
                    times.getTotalCount(), times.getValueAtPercentile(50) / 1e3, times.getValueAtPercentile(99) / 1e3));
            ticker.dispose();
            streams.forEach(Disposable::dispose);

            String scenario = "boards, " + boards + " boards, " + rate + "/s";
            report.add(scenario, "boards opened (history taken, panels read)", openSeconds, "s", null, null,
                       all.stream().filter(board -> board.newest < history).count()
                       + " boards had not taken the history when the step began");
            for (double percentile : new double[]{50, 99, 100}) {
                String which = percentile == 100 ? "max" : "p" + (int) percentile;
                report.add(scenario, "command shown on a board " + which,
                           shown.getTotalCount() == 0 ? 0 : shown.getValueAtPercentile(percentile) / 1e3, "ms");
                // the part of it the feed takes: when the entry reached the board, before any panel read
                report.add(scenario, "command's entry reached a board " + which,
                           arrived.getTotalCount() == 0 ? 0 : arrived.getValueAtPercentile(percentile) / 1e3, "ms");
            }
            report.add(scenario, "store reads per command caused by boards", readsPerCommand - quietReadsPerCommand,
                       "reads", null, null, String.format("%.1f with boards, %.1f without", readsPerCommand,
                                                          quietReadsPerCommand));
            report.add(scenario, "board reads per command", gets.sum() / (double) Math.max(1, step.ok()), "requests",
                       null, null, notModified.sum() + " of " + gets.sum() + " answered 304, " + failed.sum()
                                   + " failed or not caught up in time");
            report.add(scenario, "POST answer p99 with boards", step.p99(), "ms", "no board", quiet.p99(),
                       step.ok() + " commands answered, " + step.errors() + " failed");
            report.add(scenario, "entries waiting on a board at the end", all.stream().mapToInt(Board::pending).sum(),
                       "count", null, null, all.stream().filter(board -> board.newest < last).count()
                                            + " boards had not received the last command's entry after 90 s");
        }
    }

    /** One simulated board: the panels it must read again, and the stamped entries they have not shown yet. */
    private static final class Board implements Screens.Listener {

        private final Map<String, List<String>> byEntryType;
        private final Histogram shown;
        private final Histogram arrived;
        private final CountDownLatch connected;
        private final Map<String, String> tags = new ConcurrentHashMap<>();
        private final Set<String> dirty = new HashSet<>();
        private final List<Long> unshown = new ArrayList<>();
        private long atLeast;
        private volatile long newest;
        /** Commands sent before this (System.nanoTime) are history to the board, not measured. */
        private volatile long measuringFrom = Long.MAX_VALUE;
        private long lastRead;
        private boolean reading;

        Board(Map<String, List<String>> byEntryType, Histogram shown, Histogram arrived, CountDownLatch connected) {
            this.byEntryType = byEntryType;
            this.shown = shown;
            this.arrived = arrived;
            this.connected = connected;
        }

        @Override
        public void connected() {
            connected.countDown();
        }

        @Override
        public synchronized void event(long position, String type, long sent, long now) {
            newest = Math.max(newest, position);
            boolean measured = sent > 0 && sent >= measuringFrom;
            if (measured) {
                arrived.recordValue(TimeUnit.NANOSECONDS.toMicros(now - sent));
            }
            List<String> readModels = byEntryType.get(type);
            List<String> panels = READ_MODELS.entrySet().stream()
                    .filter(panel -> readModels == null || panel.getValue().stream().anyMatch(readModels::contains))
                    .map(Map.Entry::getKey).toList();
            if (panels.isEmpty()) {
                if (measured) {
                    shown.recordValue(TimeUnit.NANOSECONDS.toMicros(now - sent));
                }
                return;
            }
            dirty.addAll(panels);
            atLeast = Math.max(atLeast, position);
            if (measured) {
                unshown.add(sent);
            }
        }

        void measureFrom(long nanoTime) {
            measuringFrom = nanoTime;
        }

        /** Whether the board has yet to receive the entry at {@code last}, or to show what it received. */
        synchronized boolean waiting(long last) {
            return newest < last || !unshown.isEmpty() || !dirty.isEmpty() || reading;
        }

        synchronized int pending() {
            return unshown.size();
        }

        void readIfDue(WebClient client, String base, String token, LongAdder gets, LongAdder notModified,
                       LongAdder failed) {
            Set<String> panels;
            List<Long> covered;
            long position;
            synchronized (this) {
                long now = System.nanoTime();
                if (reading || dirty.isEmpty() || now - lastRead < AT_MOST_EVERY.toNanos()) {
                    return;
                }
                reading = true;
                lastRead = now;
                panels = Set.copyOf(dirty);
                dirty.clear();
                covered = List.copyOf(unshown);
                unshown.clear();
                position = atLeast;
            }
            read(client, base, token, panels, position, gets, notModified, failed).subscribe(unread -> {
                long done = System.nanoTime();
                synchronized (this) {
                    reading = false;
                    if (unread) { // try again with the next read
                        dirty.addAll(panels);
                        unshown.addAll(covered);
                        return;
                    }
                }
                covered.forEach(sent -> shown.recordValue(TimeUnit.NANOSECONDS.toMicros(done - sent)));
            });
        }

        /** Reads the panels' endpoints; answers whether any could not be read. */
        Mono<Boolean> read(WebClient client, String base, String token, Set<String> panels, long position,
                           LongAdder gets, LongAdder notModified, LongAdder failed) {
            return Flux.fromIterable(panels).flatMapIterable(ENDPOINTS::get).flatMap(path -> {
                String uri = base + path + (path.contains("?") ? "&" : "?") + "atLeast=" + position;
                gets.increment();
                long started = System.nanoTime();
                return client.get().uri(uri).headers(headers -> {
                    headers.setBearerAuth(token);
                    String tag = tags.get(path);
                    if (tag != null) {
                        headers.setIfNoneMatch(tag);
                    }
                }).exchangeToMono(response -> {
                    String tag = response.headers().asHttpHeaders().getETag();
                    if (tag != null) {
                        tags.put(path, tag);
                    }
                    if (response.statusCode().value() == 304) {
                        notModified.increment();
                    }
                    READ_TIMES.computeIfAbsent(path, p -> new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3))
                              .recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started));
                    boolean ok = response.statusCode().is2xxSuccessful() || response.statusCode().value() == 304;
                    if (!ok) {
                        failed.increment();
                    }
                    return response.releaseBody().thenReturn(!ok);
                }).onErrorResume(error -> {
                    failed.increment();
                    return Mono.just(true);
                });
            }).reduce(false, Boolean::logicalOr);
        }
    }

    /** The node's time waiting on store commands so far, by collection and command: {count, seconds}. */
    private static Map<String, double[]> storeTime(MeterRegistry registry) {
        Map<String, double[]> time = new java.util.HashMap<>();
        registry.find("mongodb.driver.commands").timers().forEach(timer -> time.merge(
                timer.getId().getTag("collection") + " " + timer.getId().getTag("command"),
                new double[]{timer.count(), timer.totalTime(TimeUnit.SECONDS)},
                (a, b) -> new double[]{a[0] + b[0], a[1] + b[1]}));
        return time;
    }

    /** Where the node waited on the store while the boards ran: what to look at when freshness is short. */
    private static void printStoreTime(Map<String, double[]> before, Map<String, double[]> after) {
        System.out.println("Store commands while the boards ran, by time waited (collection, command: count, s):");
        after.entrySet().stream()
             .map(e -> Map.entry(e.getKey(), new double[]{
                     e.getValue()[0] - before.getOrDefault(e.getKey(), new double[2])[0],
                     e.getValue()[1] - before.getOrDefault(e.getKey(), new double[2])[1]}))
             .sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1])).limit(12)
             .forEach(e -> System.out.printf("  %-40s %8.0f %8.1f%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
    }

    /** The node's MongoDB read commands so far (finds, aggregations, counts, cursor pages). */
    private static long storeReads(MeterRegistry registry) {
        return registry.find("mongodb.driver.commands").timers().stream()
                       .filter(timer -> READS.contains(timer.getId().getTag("command")))
                       .mapToLong(Timer::count).sum();
    }
}
