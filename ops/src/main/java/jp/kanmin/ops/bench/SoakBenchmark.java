package jp.kanmin.ops.bench;

import org.springframework.context.ConfigurableApplicationContext;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A long steady morning: the first-day mix at a fixed offered rate for many minutes, one step per minute, noting each
 * minute's answer latency and the heap left after a full GC. What it looks for is drift: latency or heap that climbs
 * with the number of events, where a short benchmark would see nothing. The first minute is the baseline.
 */
final class SoakBenchmark {

    private SoakBenchmark() {
    }

    private record Minute(BurstBenchmark.Step step, long heapAfterGc) {
    }

    static void run(BenchStore store, BenchReport report, int organisations, int rate, Duration duration,
                    Duration window) {
        System.out.println("Soak: " + rate + " commands/s from " + organisations + " organisations for "
                           + duration.toMinutes() + " min");
        try (ConfigurableApplicationContext application = FeedBenchmark.start(store, "kanmin-bench-soak")) {
            FirstDay day = FirstDay.prepare(application, organisations, 1_000);
            try {
                List<Minute> minutes = new ArrayList<>();
                long windows = Math.max(2, duration.toMillis() / window.toMillis());
                for (int n = 1; n <= windows; n++) {
                    BurstBenchmark.Step step = BurstBenchmark.offer(day, rate, window);
                    Minute minute = new Minute(step, heapAfterGc());
                    minutes.add(minute);
                    System.out.printf(Locale.ROOT, "  window %3d: p50 %7.1f ms, p99 %7.1f ms, errors %d, heap after GC"
                                                   + " %6.1f MiB%n", n, step.p50(), step.p99(), step.errors(),
                                      minute.heapAfterGc() / 1048576.0);
                }
                Minute first = minutes.getFirst();
                Minute last = minutes.getLast();
                String scenario = "soak, " + rate + "/s for " + duration.toMinutes() + " min";
                report.add(scenario, "answer p99, last window", last.step().p99(), "ms", "first window",
                           first.step().p99(), "drift: ratio above 1 means slower with time");
                report.add(scenario, "answer p50, last window", last.step().p50(), "ms", "first window",
                           first.step().p50(), null);
                report.add(scenario, "heap after GC, last window", last.heapAfterGc() / 1048576.0, "MiB",
                           "first window", first.heapAfterGc() / 1048576.0,
                           "server, client and in-memory store share the heap");
                report.add(scenario, "errors", minutes.stream().mapToInt(m -> m.step().errors()).sum(), "count",
                           null, null, "of " + minutes.stream().mapToInt(m -> m.step().sent()).sum() + " commands");
                report.add(scenario, "worst window p99", minutes.stream().mapToDouble(m -> m.step().p99()).max()
                                                                .orElse(0), "ms");
            } finally {
                day.close();
            }
        }
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
