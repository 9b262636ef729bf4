package jp.kanmin.ops.bench;

import jp.kanmin.ops.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark suite at tiny sizes, so the harness cannot rot between the runs that measure: every scenario runs,
 * nothing is lost on the way, and the JSON holds each figure with its baseline and, for acceptance lines, its
 * threshold and verdict. It asserts no speed: these machines are shared and noisy, and figures belong in
 * {@code ./kanmin bench}.
 */
class BenchmarkSuiteSmokeTest {

    @Test
    void everyScenarioRunsAtTinySizesAndWritesItsFiguresAsJson(@TempDir Path out) {
        // the application under test scans the test clock's configuration too; earlier tests may have moved it
        TestClock.INSTANCE.reset();

        BenchmarkSuite.Run run = BenchmarkSuite.run("--smoke=true", "--out=" + out,
                                                    "--only=eventstore,burst,feed,boards,notifications,replay,micro,soak");

        JsonNode json = JsonMapper.builder().build().readTree(run.json().toFile());
        assertThat(json.path("commit").asString()).isNotBlank();
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
        List<JsonNode> figures = new ArrayList<>();
        json.path("figures").forEach(figures::add);
        assertThat(figures).extracting(f -> f.path("scenario").asString().replaceAll(",.*", ""))
                           .contains("event store append", "burst", "feed", "feed across nodes", "boards", "notifications",
                                     "replay", "soak")
                           .anyMatch(scenario -> scenario.startsWith("micro CadenceSlots"))
                           .anyMatch(scenario -> scenario.startsWith("micro DamageSummary"))
                           .anyMatch(scenario -> scenario.startsWith("micro EventSerialisation"));
        assertThat(figures).allSatisfy(f -> assertThat(Double.isFinite(f.path("value").asDouble())).isTrue());

        assertThat(figure(figures, "burst", "HTTP commands, 16 in flight").path("ratio").asDouble()).isPositive();
        assertThat(figure(figures, "burst", "sustained rate").path("value").asDouble()).isPositive();
        assertThat(figure(figures, "feed", "deliveries missed").path("value").asDouble()).isZero();
        assertThat(figure(figures, "feed", "deliveries missed").path("baselineValue").asDouble()).isZero();
        assertThat(figure(figures, "feed", "command-to-SSE p99").path("value").asDouble()).isPositive();
        assertThat(figure(figures, "feed across nodes", "deliveries missed").path("value").asDouble()).isZero();
        assertThat(figure(figures, "boards", "command shown on a board p99").path("value").asDouble()).isPositive();
        assertThat(figure(figures, "boards", "entries waiting on a board at the end").path("value").asDouble())
                .isZero();
        assertThat(figure(figures, "notifications", "notifications delivered").path("note").asString())
                .doesNotStartWith("0 ");
        assertThat(figure(figures, "replay", "reports missing from the replay").path("value").asDouble()).isZero();
        assertThat(figure(figures, "replay", "fork of the incident").path("note").asString())
                .doesNotStartWith("0 ").endsWith("events copied");
        assertThat(figure(figures, "replay", "export of the incident").path("note").asString()).contains("lines");
        assertThat(figure(figures, "micro EventSerialisation", "serialise").path("baselineValue").asDouble())
                .isPositive();
        assertThat(figure(figures, "soak", "errors").path("value").asDouble()).isZero();
        assertThat(figure(figures, "soak", "events in the store before the run").path("value").asDouble())
                .isPositive();
        assertThat(figure(figures, "soak", "board refresh errors").path("value").asDouble()).isZero();
        // the issues' acceptance lines are printed and saved with their verdicts
        assertThat(figure(figures, "soak", "timeouts").path("threshold").asString()).isEqualTo("value ≤ 0.00");
        assertThat(figure(figures, "burst", "sustained rate").path("verdict").asString()).isIn("PASS", "FAIL");
        assertThat(figure(figures, "soak", "errors").path("verdict").isNull()).isTrue();
    }

    private static JsonNode figure(List<JsonNode> figures, String scenario, String metric) {
        return figures.stream()
                      .filter(f -> f.path("scenario").asString().startsWith(scenario)
                                   && f.path("metric").asString().equals(metric))
                      .findFirst()
                      .orElseThrow(() -> new AssertionError("no figure " + scenario + " / " + metric));
    }
}
