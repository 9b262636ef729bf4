package jp.kanmin.shared.incident;

import jp.kanmin.shared.organisation.OrganisationId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Events of an incident's lifecycle (災害・事案). */
public sealed interface IncidentEvent extends IncidentScoped {

    /** 事案の開始: the shared timeline starts; zero hour may lie in the past or, for forecast hazards, ahead. */
    @Revision("1")
    record IncidentOpened(IncidentId incidentId, String title, IncidentKind kind, IncidentTrigger trigger,
                          Instant zeroHour, IncidentMode mode, OrganisationId coordinatingHq,
                          OrganisationId openedBy) implements IncidentEvent {}

    /** 参加: an organisation takes part in the incident and may post to its timeline. */
    @Revision("1")
    record ParticipantAdded(IncidentId incidentId, OrganisationId organisationId, OrganisationId addedBy)
            implements IncidentEvent {}
}
