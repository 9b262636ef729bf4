package jp.kanmin.shared.damage;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;

/** One district's damage-scale judgement in one incident: the district of a chamber (or park). */
public record JudgementId(IncidentId incidentId, OrganisationId surveyor, String district) {

    private static final String SEPARATOR = "|";

    public JudgementId {
        if (district == null || district.isBlank() || district.contains(SEPARATOR)) {
            throw new IllegalArgumentException("a district name is not blank and has no '|'");
        }
    }

    @JsonCreator
    public static JudgementId parse(String value) {
        String[] parts = value.split("\\|", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("judgement id must be <incident>|<organisation>|<district>");
        }
        return new JudgementId(IncidentId.of(parts[0]), OrganisationId.of(parts[1]), parts[2]);
    }

    @JsonValue
    @Override
    public String toString() {
        return incidentId + SEPARATOR + surveyor + SEPARATOR + district;
    }
}
