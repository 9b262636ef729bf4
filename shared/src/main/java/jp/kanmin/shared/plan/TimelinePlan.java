package jp.kanmin.shared.plan;

import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.organisation.OrganisationType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A versioned set of timeline plans (タイムライン計画): for each kind of incident and each type of organisation, its
 * tiered tasks with due offsets from zero hour. An incident keeps the version it was opened with; a later edit of
 * the plans never changes a running incident.
 */
public record TimelinePlan(String version, String name, String reading, List<KindPlan> plans) {

    /** The plan for some incident kinds: the tasks of each organisation type. */
    public record KindPlan(String name, Set<IncidentKind> incidentKinds,
                           Map<OrganisationType, List<PlannedTask>> organisations) {
    }

    public List<PlannedTask> tasksFor(IncidentKind kind, OrganisationType type) {
        return planFor(kind).map(plan -> plan.organisations().getOrDefault(type, List.of())).orElse(List.of());
    }

    public Optional<KindPlan> planFor(IncidentKind kind) {
        return plans.stream().filter(plan -> plan.incidentKinds().contains(kind)).findFirst();
    }
}
