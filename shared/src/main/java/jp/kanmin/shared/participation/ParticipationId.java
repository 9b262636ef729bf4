package jp.kanmin.shared.participation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;

/**
 * One organisation's participation in one incident (参加組織). It is the aggregate that takes that organisation's
 * reports, so that organisations posting to the same incident never contend with each other.
 */
public record ParticipationId(IncidentId incidentId, OrganisationId organisationId) {

    private static final String SEPARATOR = ":";

    public ParticipationId {
        if (incidentId == null || organisationId == null) {
            throw new IllegalArgumentException("a participation needs an incident and an organisation");
        }
    }

    @JsonCreator
    public static ParticipationId parse(String value) {
        int at = value == null ? -1 : value.indexOf(SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("participation id must be <incident>" + SEPARATOR + "<organisation>");
        }
        return new ParticipationId(IncidentId.of(value.substring(0, at)), OrganisationId.of(value.substring(at + 1)));
    }

    /** Axon identifies aggregates by this string. */
    @JsonValue
    @Override
    public String toString() {
        return incidentId + SEPARATOR + organisationId;
    }
}
