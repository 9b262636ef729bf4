package jp.kanmin.command.plan;

import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.plan.TimelinePlan;

import java.util.Optional;

/**
 * The timeline plans by version. New incidents take the current version and keep it: a plan published later never
 * changes the tasks of a running incident.
 */
public interface PlanCatalogue {

    String currentVersion();

    Optional<TimelinePlan> find(String version);

    default TimelinePlan version(String version) {
        return find(version).orElseThrow(() -> RuleViolation.conflict(
                "unknown-plan-version", "timeline plan version " + version + " is not in the catalogue"));
    }
}
