package jp.kanmin.shared.incident;

import jp.kanmin.shared.organisation.OrganisationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Commands that change who takes part in an incident and whether it is open. {@code by} is the organisation asking,
 * from its credentials; {@code administrator} says whether it asked with administrator rights, which stand in for
 * the coordinating HQ.
 */
public final class IncidentCommands {

    private IncidentCommands() {
    }

    public record InviteParticipant(@TargetAggregateIdentifier IncidentId incidentId, OrganisationId organisationId,
                                    OrganisationId by, boolean administrator) {
    }

    /** Taking part: an invited organisation accepts, or the HQ adds one directly. */
    public record JoinIncident(@TargetAggregateIdentifier IncidentId incidentId, Participant participant,
                               OrganisationId by, boolean administrator) {
    }

    public record LeaveIncident(@TargetAggregateIdentifier IncidentId incidentId, OrganisationId organisationId,
                                String reason, OrganisationId by, boolean administrator) {
    }

    public record ChangeCoordinatingHq(@TargetAggregateIdentifier IncidentId incidentId,
                                       Participant coordinatingHq, OrganisationId by, boolean administrator) {
    }

    public record CloseIncident(@TargetAggregateIdentifier IncidentId incidentId, String reason, OrganisationId by,
                                boolean administrator) {
    }

    public record ReopenIncident(@TargetAggregateIdentifier IncidentId incidentId, String reason, OrganisationId by,
                                 boolean administrator) {
    }

    /** 状況付与: plays a scenario's injects into this exercise at their times. */
    public record ScheduleInjects(@TargetAggregateIdentifier IncidentId incidentId, String scenarioId,
                                  double speed, List<ScheduledInject> injects, OrganisationId by,
                                  boolean administrator) {

        public ScheduleInjects {
            injects = List.copyOf(injects);
        }
    }

    /** An administrator puts an exercise away: closed, and no longer listed unless asked for. */
    public record ArchiveExercise(@TargetAggregateIdentifier IncidentId incidentId, OrganisationId by,
                                  boolean administrator) {
    }

    /** An administrator removes an exercise from every read model; real incidents can never be deleted. */
    public record DeleteExercise(@TargetAggregateIdentifier IncidentId incidentId, String reason, OrganisationId by,
                                 boolean administrator) {
    }
}
