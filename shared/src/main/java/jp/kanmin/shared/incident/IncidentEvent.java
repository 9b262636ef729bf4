package jp.kanmin.shared.incident;

import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Set;

/** Events of an incident's lifecycle (災害・事案). Each is an entry on the incident's timeline. */
public sealed interface IncidentEvent extends IncidentScoped {

    /** 事案の開始: the shared timeline starts; zero hour may lie in the past or, for forecast hazards, ahead. */
    @Revision("1")
    record IncidentOpened(IncidentId incidentId, String title, IncidentKind kind, IncidentTrigger trigger,
                          Instant zeroHour, IncidentMode mode, OrganisationId coordinatingHq,
                          OrganisationId openedBy, String planVersion) implements IncidentEvent {}

    /** 参加依頼: the coordinating HQ asks an organisation to take part; it takes part once it joins. */
    @Revision("1")
    record ParticipantInvited(IncidentId incidentId, OrganisationId organisationId, OrganisationId invitedBy)
            implements IncidentEvent {}

    /** 参加: an organisation takes part and may post; {@code addedBy} is itself when it accepted an invitation. */
    @Revision("1")
    record ParticipantJoined(IncidentId incidentId, OrganisationId organisationId, OrganisationType organisationType,
                             OrganisationId addedBy) implements IncidentEvent {}

    /** 離脱: an organisation no longer takes part, by its own choice or the HQ's. */
    @Revision("1")
    record ParticipantLeft(IncidentId incidentId, OrganisationId organisationId, OrganisationId removedBy,
                           String reason) implements IncidentEvent {}

    /** 調整本部の変更: another organisation coordinates from now on (e.g. the prefecture takes over). */
    @Revision("1")
    record CoordinatingHqChanged(IncidentId incidentId, OrganisationId previousHq, OrganisationId coordinatingHq,
                                 OrganisationId changedBy) implements IncidentEvent {}

    /** 事案の終了: nothing more is posted; the timeline stays readable. Names who was taking part at the time. */
    @Revision("1")
    record IncidentClosed(IncidentId incidentId, String reason, OrganisationId closedBy,
                          Set<OrganisationId> participants) implements IncidentEvent {}

    /** 事案の再開: posting resumes, for a reason the timeline keeps (an aftershock, a late finding). */
    @Revision("1")
    record IncidentReopened(IncidentId incidentId, String reason, OrganisationId reopenedBy,
                            Set<OrganisationId> participants) implements IncidentEvent {}
}
