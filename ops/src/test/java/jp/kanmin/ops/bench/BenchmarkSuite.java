package jp.kanmin.ops.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmarks on demand and prints their figures, each beside a baseline measured in the same run, then
 * writes them as JSON. Bounded in size and time; targets only the local machine unless a MongoDB URI is given.
 * <pre>
 * ./kanmin bench [--store=embedded|memory|mongodb://…] [--only=eventstore,burst,feed,boards,notifications,replay,micro,soak]
 *   [--events=5000]                                    event store appends per measurement
 *   [--organisations=300] [--burst-rates=25,50,…] [--step-seconds=10]   burst
 *   [--subscribers=1000,2000,5000] [--feed-rate=300] [--feed-seconds=20]   feed under load (at the burst's
 *                                                      sustained rate when that is lower and no rate is given)
 *   [--boards=200]                                     HQ boards following the feed (only when named in --only)
 *   [--replay-events=100000,1000000]                   replay and rebuild
 *   [--soak-minutes=60] [--soak-rate=50] [--soak-boards=1]   soak (only when named in --only), with board
 *   [--soak-history=50] [--soak-history-reports=4000]  refreshes a second, after that many closed incidents
 *   [--smoke=true]                                     tiny sizes, seconds: what the test suite runs
 *   [--out=bench-results]
 * </pre>
 */
public final class BenchmarkSuite {

    static final String DEFAULT_SCENARIOS = "eventstore,burst,feed,replay,micro";

    private BenchmarkSuite() {
    }

    public static void main(String[] args) {
        try {
            Path json = run(args).json();
            System.out.println("Figures written to " + json.toAbsolutePath());
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1); // the application under test leaves non-daemon threads behind
        }
        System.exit(0);
    }

    /** What one run measured and where its JSON went. */
    record Run(BenchReport report, Path json) {
    }

    static Run run(String... args) {
        Map<String, String> options = options(args);
        boolean smoke = Boolean.parseBoolean(options.getOrDefault("smoke", "false"));
        List<String> only = Arrays.asList(options.getOrDefault("only", DEFAULT_SCENARIOS).split(","));
        int organisations = integer(options, "organisations", smoke ? 12 : 300);
        try (BenchStore store = BenchStore.open(options.getOrDefault("store", smoke ? "memory" : "embedded"))) {
            BenchReport report = new BenchReport(store.description());
            if (only.contains("eventstore")) {
                EventStoreBenchmark.run(store, report, integer(options, "events", smoke ? 200 : 5_000));
            }
            double sustained = 0;
            int[] burstRates = integers(options, "burst-rates", smoke ? "5,10" : "25,50,75,100,150,200,250,300,400,600,800");
            if (only.contains("burst")) {
                sustained = BurstBenchmark.run(store, report, organisations, burstRates,
                                               Duration.ofSeconds(integer(options, "step-seconds", smoke ? 1 : 10)));
            }
            if (only.contains("feed") || only.contains("boards")) {
                // offered more than the node sustains, the feed would measure a growing backlog, not the fan-out
                int rate = integer(options, "feed-rate", smoke ? 10 : 300);
                if (only.contains("burst") && !options.containsKey("feed-rate")) {
                    double sustainable = sustained > 0 ? sustained : burstRates[0] / 2.0;
                    rate = Math.max(1, Math.min(rate, (int) sustainable));
                }
                int[] subscribers = only.contains("feed")
                        ? integers(options, "subscribers", smoke ? "5" : "1000,2000,5000") : new int[0];
                int boards = only.contains("boards") ? integer(options, "boards", smoke ? 2 : 200) : 0;
                FeedBenchmark.run(store, report, subscribers, organisations, rate,
                                  Duration.ofSeconds(integer(options, "feed-seconds", smoke ? 2 : 20)), boards);
            }
            if (only.contains("notifications")) {
                NotificationBenchmark.run(store, report, organisations, integer(options, "notification-rate",
                                                                                 smoke ? 5 : 50),
                                          Duration.ofSeconds(integer(options, "step-seconds", smoke ? 1 : 20)));
            }
            if (only.contains("replay")) {
                ReplayBenchmark.run(store, report, integers(options, "replay-events", smoke ? "500" : "100000"));
            }
            if (only.contains("micro")) {
                MicroBenchmarks.run(report, smoke);
            }
            if (only.contains("soak")) {
                SoakBenchmark.run(store, report, organisations, new SoakBenchmark.Setting(
                        integer(options, "soak-rate", smoke ? 10 : 50),
                        smoke ? Duration.ofSeconds(2) : Duration.ofMinutes(integer(options, "soak-minutes", 60)),
                        smoke ? Duration.ofSeconds(1) : Duration.ofMinutes(1),
                        integer(options, "soak-history", smoke ? 2 : 50),
                        integer(options, "soak-history-reports", smoke ? 50 : 4_000),
                        integer(options, "soak-boards", 1)));
            }
            System.out.println();
            System.out.println(report.table());
            return new Run(report, report.writeJson(Path.of(options.getOrDefault("out", "bench-results"))));
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, not " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }

    private static int integer(Map<String, String> options, String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
    }

    private static int[] integers(Map<String, String> options, String name, String fallback) {
        return Arrays.stream(options.getOrDefault(name, fallback).split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
