package jp.kanmin.ops.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmarks on demand and prints their figures: {@code ./kanmin bench [--store=embedded|memory|<uri>]
 * [--events=N] [--only=eventstore,...] [--out=bench-results]}. Bounded in size and time; targets only the local
 * machine unless a MongoDB URI is given.
 */
public final class BenchmarkSuite {

    private BenchmarkSuite() {
    }

    public static void main(String[] args) {
        Map<String, String> options = options(args);
        String storeKind = options.getOrDefault("store", "embedded");
        int events = Integer.parseInt(options.getOrDefault("events", "5000"));
        List<String> only = Arrays.asList(options.getOrDefault("only", "eventstore").split(","));
        try (BenchStore store = BenchStore.open(storeKind)) {
            BenchReport report = new BenchReport(store.description());
            if (only.contains("eventstore")) {
                EventStoreBenchmark.run(store, report, events);
            }
            System.out.println();
            System.out.println(report.table());
            Path json = report.writeJson(Path.of(options.getOrDefault("out", "bench-results")));
            System.out.println("Figures written to " + json.toAbsolutePath());
        }
        System.exit(0);
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
