package jp.kanmin.ops.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JMH micro-benchmarks of {@code jp.kanmin.ops.bench.micro} (cadence slots, damage summary, event
 * serialisation), run in a forked JVM as JMH intends and added to the run's figures; serialisation beside plain
 * Jackson on the same record. {@code smoke} runs each once, briefly and in this JVM, so the harness cannot rot.
 */
final class MicroBenchmarks {

    private static final Map<String, String> BASELINES = Map.of("serialise", "plainJacksonWrite",
                                                                "deserialise", "plainJacksonRead");

    private MicroBenchmarks() {
    }

    static void run(BenchReport report, boolean smoke) {
        System.out.println("Micro-benchmarks (JMH" + (smoke ? ", smoke" : "") + ")");
        ChainedOptionsBuilder options = new OptionsBuilder().include("jp\\.kanmin\\.ops\\.bench\\.micro\\..*")
                                                            .shouldFailOnError(true);
        if (smoke) {
            options.forks(0).warmupIterations(0).measurementIterations(1)
                   .measurementTime(TimeValue.milliseconds(100))
                   .param("businesses", "100").param("daysSinceZeroHour", "3");
        } else {
            options.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                   .measurementIterations(5).measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results;
        try {
            results = new Runner(options.build()).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH failed", e);
        }
        Map<String, RunResult> byName = results.stream().collect(Collectors.toMap(
                MicroBenchmarks::name, r -> r, (a, b) -> a, LinkedHashMap::new));
        byName.forEach((name, result) -> {
            String method = name.contains("(") ? name.substring(0, name.indexOf('(')) : name;
            String[] parts = method.split("\\.");
            String baselineMethod = BASELINES.get(parts[1]);
            RunResult baseline = baselineMethod == null ? null : byName.get(parts[0] + "." + baselineMethod);
            var score = result.getPrimaryResult();
            report.add("micro " + parts[0].replace("Benchmark", ""), name.substring(parts[0].length() + 1),
                       score.getScore(), score.getScoreUnit(),
                       baseline == null ? null : baselineMethod,
                       baseline == null ? null : baseline.getPrimaryResult().getScore(),
                       Double.isNaN(score.getScoreError()) ? null : "± %.3f (99.9%%)".formatted(score.getScoreError()));
        });
    }

    /** {@code Class.method} with its parameters, e.g. {@code DamageSummaryBenchmark.summary(businesses=1000)}. */
    private static String name(RunResult result) {
        var params = result.getParams();
        String benchmark = params.getBenchmark();
        String simple = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        String parameters = params.getParamsKeys().stream().map(key -> key + "=" + params.getParam(key))
                                  .collect(Collectors.joining(","));
        return parameters.isEmpty() ? simple : simple + "(" + parameters + ")";
    }
}
