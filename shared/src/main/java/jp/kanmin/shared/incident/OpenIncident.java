package jp.kanmin.shared.incident;

import jp.kanmin.shared.organisation.OrganisationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Set;

/**
 * Opens an incident's shared timeline. The coordinating HQ (調整本部, usually the municipality's 災害対策本部) is always
 * a participant; {@code openedBy} is the organisation that asked, taken from its credentials; {@code planVersion} is
 * the timeline plan the incident keeps for its whole life; {@code obligationsFrom} says when its tasks and sharing
 * slots start to fall due.
 */
public record OpenIncident(@TargetAggregateIdentifier IncidentId incidentId,
                           String title,
                           IncidentKind kind,
                           IncidentTrigger trigger,
                           Instant zeroHour,
                           IncidentMode mode,
                           Participant coordinatingHq,
                           Set<Participant> participants,
                           OrganisationId openedBy,
                           String planVersion,
                           ObligationsFrom obligationsFrom) {

    public OpenIncident {
        participants = Set.copyOf(participants);
    }
}
