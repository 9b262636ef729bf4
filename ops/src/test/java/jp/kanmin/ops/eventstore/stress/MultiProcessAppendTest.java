package jp.kanmin.ops.eventstore.stress;

import jp.kanmin.ops.bench.Engines;

import jp.kanmin.ops.testing.JavaProcess;
import jp.kanmin.ops.testing.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two writer processes with several threads each append concurrently to one store while a tracking processor in a
 * third process consumes. One append in twenty stalls for 1.5 s between taking its place and landing, longer than
 * axon-mongo's 1 s look-back window. Every event must be handled exactly once, in per-aggregate order.
 */
class MultiProcessAppendTest {

    static final int THREADS = 4;
    static final int AGGREGATES_PER_THREAD = 4;
    static final int EVENTS_PER_AGGREGATE = 15;
    static final int EXPECTED = 2 * THREADS * AGGREGATES_PER_THREAD * EVENTS_PER_AGGREGATE;

    record Outcome(int handled, int duplicates, int outOfOrder, Map<String, Integer> perAggregate) {
    }

    @Test
    void concurrentWritersInTwoProcessesNeverMakeTheTrackingProcessorSkipAnEvent() {
        Outcome outcome = run(Engines.Engine.INDEXED);

        assertThat(outcome.handled()).isEqualTo(EXPECTED);
        assertThat(outcome.duplicates()).isZero();
        assertThat(outcome.outOfOrder()).isZero();
        assertThat(outcome.perAggregate()).hasSize(2 * THREADS * AGGREGATES_PER_THREAD)
                                          .allSatisfy((aggregate, count) -> assertThat(count)
                                                  .isEqualTo(EVENTS_PER_AGGREGATE));
    }

    /**
     * The skip this engine fixes, shown on axon-mongo's own engine. Not run by default because it demonstrates a
     * defect rather than guarding a behaviour: {@code -Dkanmin.demonstrate.axon-mongo-skips=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "kanmin.demonstrate.axon-mongo-skips", matches = "true")
    void axonMongosOwnEngineSkipsEventsThatBecomeVisibleLate() {
        Outcome outcome = run(Engines.Engine.AXON_MONGO);

        System.out.printf("axon-mongo engine: %d of %d events handled, %d skipped%n", outcome.handled(), EXPECTED,
                          EXPECTED - outcome.handled());
        assertThat(outcome.handled()).isLessThan(EXPECTED);
    }

    private static Outcome run(Engines.Engine engine) {
        String database = "stress-" + UUID.randomUUID();
        String uri = TestStore.uri();
        JavaProcess consumer = JavaProcess.start(StressConsumer.class, uri, database, engine.name(),
                                                 Integer.toString(EXPECTED), "15");
        JavaProcess[] writers = new JavaProcess[2];
        for (int w = 0; w < writers.length; w++) {
            writers[w] = JavaProcess.start(StressWriter.class, uri, database, engine.name(), "w" + w,
                                           Integer.toString(THREADS), Integer.toString(AGGREGATES_PER_THREAD),
                                           Integer.toString(EVENTS_PER_AGGREGATE), "0.05", "1500");
        }
        for (JavaProcess writer : writers) {
            assertThat(writer.awaitOutput(180)).contains("appended " + EXPECTED / 2);
        }
        return parse(consumer.awaitOutput(240));
    }

    private static Outcome parse(String output) {
        Matcher summary = Pattern.compile("handled (\\d+) duplicates (\\d+) outOfOrder (\\d+)").matcher(output);
        assertThat(summary.find()).as("consumer output:\n%s", output).isTrue();
        Map<String, Integer> perAggregate = Arrays.stream(output.split("\n"))
                                                  .filter(line -> line.startsWith("aggregate "))
                                                  .map(line -> line.split(" "))
                                                  .collect(Collectors.toMap(parts -> parts[1],
                                                                            parts -> Integer.parseInt(parts[2].trim())));
        return new Outcome(Integer.parseInt(summary.group(1)), Integer.parseInt(summary.group(2)),
                           Integer.parseInt(summary.group(3)), perAggregate);
    }
}
