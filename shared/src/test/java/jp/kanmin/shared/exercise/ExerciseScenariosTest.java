package jp.kanmin.shared.exercise;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped exercise scenarios (訓練シナリオ) read, and offsets are read as a workshop writes them. */
class ExerciseScenariosTest {

    @Test
    void bothShippedScenariosReadWithOneCoordinatingRoleAndInjectsInOrder() {
        ExerciseScenarios scenarios = ExerciseScenarios.shipped();
        assertThat(scenarios.all()).extracting(ExerciseScenario::id).containsExactly("earthquake-park",
                                                                                     "typhoon-river");
        ExerciseScenario typhoon = scenarios.find("typhoon-river").orElseThrow();
        assertThat(typhoon.start()).isEqualTo(Duration.ofHours(-72));
        assertThat(typhoon.coordinatingRole()).isEqualTo("hq");
        ExerciseScenario quake = scenarios.find("earthquake-park").orElseThrow();
        assertThat(quake.start()).isZero();
        assertThat(quake.roles()).containsOnlyKeys("hq", "park", "power", "chamber");
        assertThat(quake.injects()).filteredOn(inject -> inject.report() != null).hasSize(3);
    }

    @Test
    void offsetsAreHoursAndMinutesFromZeroHourOrIsoDurations() {
        assertThat(ExerciseScenarios.offset("+01:30")).isEqualTo(Duration.ofMinutes(90));
        assertThat(ExerciseScenarios.offset("-48:00")).isEqualTo(Duration.ofHours(-48));
        assertThat(ExerciseScenarios.offset("+100:05")).isEqualTo(Duration.ofHours(100).plusMinutes(5));
        assertThat(ExerciseScenarios.offset("-PT6H")).isEqualTo(Duration.ofHours(-6));
        assertThat(ExerciseScenarios.isOffset("+04:00")).isTrue();
        assertThat(ExerciseScenarios.isOffset("長田野地区")).isFalse();
        assertThatThrownBy(() -> ExerciseScenarios.offset("+1:75")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aScenarioThatCannotBePlayedIsRefusedSayingWhereAndWhy() {
        String header = """
                id: broken
                title: 壊れた訓練
                kind: EARTHQUAKE
                roles:
                  hq: {type: MUNICIPALITY, coordinating: true}
                injects:
                """;
        assertThatThrownBy(() -> read(header + "  - {at: \"+00:10\", role: chamber, text: 連絡途絶}\n"))
                .hasMessage("broken.yaml inject 1: role chamber is not one of [hq]");
        assertThatThrownBy(() -> read(header + "  - {at: \"+01:00\", role: hq, text: a}\n"
                                      + "  - {at: \"+00:10\", role: hq, text: b}\n"))
                .hasMessage("broken.yaml inject 2: injects must be in time order");
        assertThatThrownBy(() -> read(header + "  - {at: soon, role: hq, text: a}\n"))
                .hasMessage("broken.yaml inject 1: at must look like +01:30 or -48:00");
        assertThatThrownBy(() -> read(header.replace(", coordinating: true", "") + "  - {at: \"+00:00\", role: hq, text: a}\n"))
                .hasMessage("broken.yaml: exactly one role must be coordinating: true");
    }

    private static ExerciseScenario read(String yaml) {
        return ExerciseScenarios.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "broken.yaml");
    }
}
