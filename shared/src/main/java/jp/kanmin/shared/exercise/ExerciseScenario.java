package jp.kanmin.shared.exercise;

import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.organisation.OrganisationType;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A workshop exercise (訓練シナリオ): the roles it needs and the injects (状況付与) it plays on a clock relative to zero
 * hour, negative before it (a typhoon's approach). Each role is played by one organisation chosen when the exercise
 * starts; exactly one role coordinates (the HQ).
 */
public record ExerciseScenario(String id, String title, IncidentKind kind, String description,
                               Map<String, Role> roles, List<Inject> injects) {

    public ExerciseScenario {
        roles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(roles)); // in the file's order
        injects = List.copyOf(injects);
    }

    /** @param coordinating whether this role is the coordinating HQ (調整本部) */
    public record Role(OrganisationType type, boolean coordinating, String description) {
    }

    /**
     * One inject: at {@code at} from zero hour, {@code role} is told {@code text}; with a {@code report}, the
     * scenario also posts that report (the body the report API takes) in the role's name, e.g. the outage the power
     * operator's systems detected. Offsets inside the report ("+03:00") are times on the exercise's clock.
     */
    public record Inject(Duration at, String role, String text, Map<String, Object> report) {

        public Inject {
            report = report == null ? null : Map.copyOf(report);
        }
    }

    public String coordinatingRole() {
        return roles.entrySet().stream().filter(role -> role.getValue().coordinating()).map(Map.Entry::getKey)
                    .findFirst().orElseThrow();
    }

    /** The earliest inject, or zero hour: where the exercise begins. */
    public Duration start() {
        return injects.stream().map(Inject::at).min(Duration::compareTo).filter(Duration::isNegative)
                      .orElse(Duration.ZERO);
    }
}
