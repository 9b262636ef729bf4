package jp.kanmin.ops.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmarks on demand and prints their figures: {@code ./kanmin bench [--store=embedded|memory|<uri>]
 * [--events=N] [--subscribers=1000,5000] [--reports=50] [--replay-events=100000] [--only=eventstore,feed,replay]
 * [--out=bench-results]}. Bounded in size and time; targets only the local
 * machine unless a MongoDB URI is given.
 */
public final class BenchmarkSuite {

    private BenchmarkSuite() {
    }

    public static void main(String[] args) {
        try {
            runAll(args);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1); // the application under test leaves non-daemon threads behind
        }
        System.exit(0);
    }

    private static void runAll(String[] args) {
        Map<String, String> options = options(args);
        String storeKind = options.getOrDefault("store", "embedded");
        int events = Integer.parseInt(options.getOrDefault("events", "5000"));
        List<String> only = Arrays.asList(options.getOrDefault("only", "eventstore,feed,replay").split(","));
        try (BenchStore store = BenchStore.open(storeKind)) {
            BenchReport report = new BenchReport(store.description());
            if (only.contains("eventstore")) {
                EventStoreBenchmark.run(store, report, events);
            }
            if (only.contains("feed")) {
                int[] subscribers = Arrays.stream(options.getOrDefault("subscribers", "1000,5000").split(","))
                                          .mapToInt(Integer::parseInt).toArray();
                FeedBenchmark.run(store, report, subscribers, Integer.parseInt(options.getOrDefault("reports", "50")));
            }
            if (only.contains("replay")) {
                ReplayBenchmark.run(store, report, Arrays.stream(options.getOrDefault("replay-events", "100000")
                                                                       .split(",")).mapToInt(Integer::parseInt).toArray());
            }
            System.out.println();
            System.out.println(report.table());
            Path json = report.writeJson(Path.of(options.getOrDefault("out", "bench-results")));
            System.out.println("Figures written to " + json.toAbsolutePath());
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        return options;
    }
}
