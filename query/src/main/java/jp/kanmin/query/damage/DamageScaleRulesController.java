package jp.kanmin.query.damage;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.shared.report.DamageScaleRules;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * 被害規模の目安: the damage-scale tables of the plans, with how they are read and how each reads a case its plan
 * does not cover, so that a suggested scale can be checked by hand against what the plans say.
 */
@Tag(name = "Damage")
@RestController
@ReadsFrom({})
class DamageScaleRulesController {

    record Rules(String reading, List<DamageScaleRules.RuleSet> ruleSets) {
    }

    @Operation(summary = "Read the damage-scale rules (被害規模の目安)", description = """
            The damage-scale tables of the plans, with how they are read and how each reads a case its plan
            does not cover, so that a suggested scale can be checked by hand.""")
    @GetMapping("/api/damage-scale-rules")
    Rules rules() {
        DamageScaleRules rules = DamageScaleRules.defaults();
        return new Rules(rules.reading(), rules.all());
    }
}
