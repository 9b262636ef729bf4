package jp.kanmin.ops.bench;

import jp.kanmin.ops.bench.BenchReport.Threshold;
import org.springframework.context.ConfigurableApplicationContext;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

/**
 * A long incident on a store that has lived: the store first holds earlier closed incidents and exercises
 * ({@link History}), then the first-day mix arrives at a fixed offered rate for many minutes while the city's board
 * refreshes, noting each minute's answer latency and the heap left after a full GC. The incident's zero hour lies
 * almost twelve hours back and every participant has agreed to share its damage picture twice a day, so the tasks'
 * deadlines and 300 sharing slots fall due during the run, as they do on a real day. What it looks for is drift:
 * latency or heap that climbs with the number of events, where a short benchmark would see nothing.
 * <p>
 * Issue 26's acceptance lines: p99 of the last ten minutes at most 1.25 × the first ten's (or 250 ms, whichever is
 * larger), no timeouts, heap after GC in the last window at most 1.2 × minute ten's.
 */
final class SoakBenchmark {

    static final double DRIFT_LIMIT = 1.25;
    static final double DRIFT_FLOOR_MS = 250;
    static final double HEAP_LIMIT = 1.2;
    static final long HISTORY_TARGET = 200_000;
    private static final int SPAN = 10;

    private SoakBenchmark() {
    }

    private record Window(BurstBenchmark.Step commands, BurstBenchmark.Step boards, long heapAfterGc) {
    }

    /** How much history the store holds before the run, and how hard the boards read during it. */
    record Setting(int rate, Duration duration, Duration window, int historyIncidents, int historyReports,
                   int boardRefreshes) {
    }

    static void run(BenchStore store, BenchReport report, int organisations, Setting setting) {
        System.out.println("Soak: " + setting.rate() + " commands/s from " + organisations + " organisations for "
                           + setting.duration().toMinutes() + " min, " + setting.boardRefreshes()
                           + " board refreshes/s, after " + setting.historyIncidents() + " closed incidents");
        String scenario = "soak, " + setting.rate() + "/s for " + setting.duration().toMinutes() + " min";
        try (ConfigurableApplicationContext application = FeedBenchmark.start(store, "kanmin-bench-soak")) {
            long history = History.fill(application, setting.historyIncidents(), setting.historyReports());
            report.check(scenario, "events in the store before the run", history, "events", null, null,
                         setting.historyIncidents() + " closed incidents and exercises",
                         setting.historyIncidents() >= 50 ? Threshold.atLeast(HISTORY_TARGET) : null);
            long windows = Math.max(2, setting.duration().toMillis() / setting.window().toMillis());
            // the twelve-hour sharing slot falls due halfway through the run
            Duration sinceZeroHour = Duration.ofHours(12).minus(setting.duration().dividedBy(2));
            FirstDay day = FirstDay.prepare(application, organisations, 1_000, sinceZeroHour, true);
            try {
                List<Window> run = new ArrayList<>();
                for (int n = 1; n <= windows; n++) {
                    CompletableFuture<BurstBenchmark.Step> boards = CompletableFuture.supplyAsync(
                            () -> BurstBenchmark.offer(day::readBoard, setting.boardRefreshes(), setting.window()));
                    BurstBenchmark.Step commands = BurstBenchmark.offer(day, setting.rate(), setting.window());
                    Window window = new Window(commands, boards.join(), heapAfterGc());
                    run.add(window);
                    System.out.printf(Locale.ROOT, "  window %3d: p50 %7.1f ms, p99 %7.1f ms, errors %d %s, board p99"
                                                   + " %7.1f ms, heap after GC %6.1f MiB%n", n, commands.p50(),
                                      commands.p99(), commands.errors(),
                                      commands.failures().isEmpty() ? "" : commands.failures(), window.boards().p99(),
                                      window.heapAfterGc() / 1048576.0);
                }
                figures(report, scenario, run);
            } finally {
                day.close();
            }
        }
    }

    private static void figures(BenchReport report, String scenario, List<Window> run) {
        int span = Math.max(1, Math.min(SPAN, run.size() / 2));
        List<Window> first = run.subList(0, span);
        List<Window> last = run.subList(run.size() - span, run.size());
        double firstP99 = p99(first);
        String spans = span + " min";
        report.check(scenario, "answer p99, last " + spans, p99(last), "ms", "first " + spans, firstP99,
                     "limit: the larger of %.2f × the first and %.0f ms".formatted(DRIFT_LIMIT, DRIFT_FLOOR_MS),
                     Threshold.atMost(Math.max(DRIFT_LIMIT * firstP99, DRIFT_FLOOR_MS)));
        report.add(scenario, "answer p50, last window", run.getLast().commands().p50(), "ms", "first window",
                   run.getFirst().commands().p50(), null);
        long timeouts = run.stream().mapToLong(w -> w.commands().failures().entrySet().stream()
                .filter(f -> f.getKey().endsWith(" 599")).mapToLong(java.util.Map.Entry::getValue).sum()).sum();
        int sent = run.stream().mapToInt(w -> w.commands().sent()).sum();
        report.check(scenario, "timeouts", timeouts, "count", null, null,
                     "no answer within 30 s, or the connection failed, of " + sent + " commands",
                     Threshold.atMost(0));
        report.add(scenario, "errors", run.stream().mapToInt(w -> w.commands().errors()).sum(), "count",
                   null, null, "of " + sent + " commands");
        Window minuteTen = run.get(span - 1);
        report.check(scenario, "heap after GC, last window", run.getLast().heapAfterGc() / 1048576.0, "MiB",
                     "window " + span, minuteTen.heapAfterGc() / 1048576.0,
                     "server, client and in-memory store share the heap", Threshold.ratioAtMost(HEAP_LIMIT));
        report.add(scenario, "worst window p99", run.stream().mapToDouble(w -> w.commands().p99()).max()
                                                    .orElse(0), "ms");
        if (run.stream().anyMatch(w -> w.boards().sent() > 0)) {
            report.add(scenario, "board refresh p99, last " + spans, boardP99(last), "ms", "first " + spans,
                       boardP99(first), "8 reads at once, as board.html refreshes");
            report.add(scenario, "board refresh errors", run.stream().mapToInt(w -> w.boards().errors()).sum(),
                       "count");
        }
    }

    private static double p99(List<Window> windows) {
        return Percentiles.millis(sorted(windows.stream().map(w -> w.commands().nanos())), 99);
    }

    private static double boardP99(List<Window> windows) {
        return Percentiles.millis(sorted(windows.stream().map(w -> w.boards().nanos())), 99);
    }

    private static long[] sorted(java.util.stream.Stream<long[]> samples) {
        long[] all = samples.flatMapToLong(LongStream::of).toArray();
        Arrays.sort(all);
        return all;
    }

    /** Heap in use after a full collection: what the application keeps, not what it has yet to collect. */
    static long heapAfterGc() {
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }
}
