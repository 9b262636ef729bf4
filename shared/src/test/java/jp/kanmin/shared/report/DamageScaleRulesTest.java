package jp.kanmin.shared.report;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three plans' damage-scale tables at and around each threshold, for a district of 1,000 registered businesses.
 * Columns: rules, businesses without power, with light damage, with severe damage, unreachable, roads cut → scale.
 */
class DamageScaleRulesTest {

    @ParameterizedTest(name = "{0}: power {1}, light {2}, severe {3}, unreachable {4}, roads cut {5} → {6}")
    @CsvSource({
            // 002 牧之原: ~30% power / ~10% light / ~1% severe / unreachable / roads cut → large
            "makinohara-002, 300, 0, 0, 0, 0, LARGE",
            "makinohara-002, 299, 0, 0, 0, 0, DAMAGE",
            "makinohara-002,  50, 0, 0, 0, 0, DAMAGE",
            "makinohara-002,  49, 0, 0, 0, 0, ALMOST_NONE",
            "makinohara-002, 0, 100, 0, 0, 0, LARGE",
            "makinohara-002, 0,  99, 0, 0, 0, DAMAGE",
            "makinohara-002, 0,  10, 0, 0, 0, DAMAGE",
            "makinohara-002, 0,   9, 0, 0, 0, ALMOST_NONE",
            "makinohara-002, 0, 0, 10, 0, 0, LARGE",
            "makinohara-002, 0, 0,  9, 0, 0, DAMAGE",
            "makinohara-002, 0, 0,  1, 0, 0, DAMAGE",
            "makinohara-002, 0, 0,  0, 0, 0, ALMOST_NONE",
            "makinohara-002, 0, 0,  0, 1, 0, LARGE",
            "makinohara-002, 0, 0,  0, 0, 1, LARGE",
            // 003 馬路: ~10% light / ~1% severe / unreachable → large; ~1% light → damage; no power condition
            "chugei-003, 0, 100, 0, 0, 0, LARGE",
            "chugei-003, 0,  99, 0, 0, 0, DAMAGE",
            "chugei-003, 0,  10, 0, 0, 0, DAMAGE",
            "chugei-003, 0,   9, 0, 0, 0, ALMOST_NONE",
            "chugei-003, 0, 0, 10, 0, 0, LARGE",
            "chugei-003, 0, 0,  9, 0, 0, ALMOST_NONE",
            // the case 003 does not cover: severe damage below 1% counts toward the light-damage share (reading)
            "chugei-003, 0, 1,  9, 0, 0, DAMAGE",
            "chugei-003, 500, 0, 0, 0, 0, ALMOST_NONE",
            "chugei-003, 0, 0, 0, 1, 0, LARGE",
            "chugei-003, 0, 0, 0, 0, 1, LARGE",
            // 004 津山: ~10% light / ~1% severe / unreachable / roads cut → large; ~1% light / ~0.1% severe → damage
            "tsuyama-004, 0, 100, 0, 0, 0, LARGE",
            "tsuyama-004, 0,  99, 0, 0, 0, DAMAGE",
            "tsuyama-004, 0,  10, 0, 0, 0, DAMAGE",
            "tsuyama-004, 0,   9, 0, 0, 0, ALMOST_NONE",
            "tsuyama-004, 0, 0, 10, 0, 0, LARGE",
            "tsuyama-004, 0, 0,  9, 0, 0, DAMAGE",
            "tsuyama-004, 0, 0,  1, 0, 0, DAMAGE",
            "tsuyama-004, 0, 0,  0, 0, 0, ALMOST_NONE",
            "tsuyama-004, 300, 0, 0, 0, 0, ALMOST_NONE",
            "tsuyama-004, 0, 0, 0, 1, 0, LARGE",
            "tsuyama-004, 0, 0, 0, 0, 1, LARGE"})
    void aDistrictsFiguresGiveTheScaleOfItsPlan(String rules, int power, int light, int severe, int unreachable,
                                               int roadsCut, DamageScale expected) {
        DistrictFigures figures = new DistrictFigures(1000, 1000, power, light, severe, unreachable, roadsCut);

        DamageScaleRules.Suggestion suggestion = DamageScaleRules.defaults().suggest(rules, figures);

        assertThat(suggestion.scale()).isEqualTo(expected);
        assertThat(suggestion.conditions().isEmpty()).isEqualTo(expected == DamageScale.ALMOST_NONE);
    }

    @ParameterizedTest(name = "an unreachable area makes {0}'s scale large even with nothing surveyed")
    @CsvSource({"makinohara-002", "chugei-003", "tsuyama-004"})
    void anAreaThatCannotBeReachedIsTreatedAsLargeScaleDamage(String rules) {
        DamageScaleRules.Suggestion suggestion =
                DamageScaleRules.defaults().suggest(rules, new DistrictFigures(120, 0, 0, 0, 0, 1, 0));

        assertThat(suggestion.scale()).isEqualTo(DamageScale.LARGE);
        assertThat(suggestion.conditions()).extracting(DamageScaleRules.Met::metric)
                                           .containsExactly(DamageScaleRules.Metric.UNREACHABLE);
    }

    @org.junit.jupiter.api.Test
    void theRulesSayHowTheyAreReadAndWhatEachPlanLeavesUncovered() {
        DamageScaleRules rules = DamageScaleRules.defaults();

        assertThat(rules.reading()).contains("severely damaged business also counts as lightly damaged")
                                   .contains("not yet surveyed");
        assertThat(rules.ruleSet("chugei-003").uncovered()).contains("被害がある");
        assertThat(rules.all()).extracting(DamageScaleRules.RuleSet::id)
                               .containsExactly("makinohara-002", "chugei-003", "tsuyama-004");
    }
}
