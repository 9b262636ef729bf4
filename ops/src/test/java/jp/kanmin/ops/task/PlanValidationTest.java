package jp.kanmin.ops.task;

import jp.kanmin.ops.testing.RunningApplication;
import jp.kanmin.ops.testing.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A plan file with a mistake stops the application at start-up, saying where and what. */
class PlanValidationTest {

    @TempDir
    Path plans;

    @Test
    void anInvalidPlanFileIsRefusedAtStartUpNamingTheFileTheTaskAndTheProblem() throws IOException {
        Path file = plans.resolve("kochi-2027.yaml");
        Files.writeString(file, """
                version: "kochi-2027"
                name: 高知 改訂案
                plans:
                  - name: all
                    incidentKinds: [EARTHQUAKE, TSUNAMI, TYPHOON, FLOOD, HEAVY_RAIN, VOLCANO, HEAVY_SNOW, PANDEMIC, OTHER]
                    organisations:
                      CHAMBER_OF_COMMERCE:
                        - {id: staff-safety, tier: 1, ja: 安否確認, en: Staff safety, due: PT2H, openWhen: HUGE}
                """);

        assertThatThrownBy(() -> RunningApplication.node(TestStore.uri(), "plan-validation",
                                                         "kanmin.plans.directory=" + plans))
                .rootCause()
                .hasMessageContaining(file.toString())
                .hasMessageContaining("task staff-safety")
                .hasMessageContaining("openWhen must be one of");
    }
}
