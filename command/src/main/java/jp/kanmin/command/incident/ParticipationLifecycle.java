package jp.kanmin.command.incident;

import jp.kanmin.shared.incident.IncidentEvent.IncidentClosed;
import jp.kanmin.shared.incident.IncidentEvent.IncidentReopened;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantJoined;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantLeft;
import jp.kanmin.shared.participation.ParticipationCommands.CloseParticipation;
import jp.kanmin.shared.participation.ParticipationCommands.ReopenParticipation;
import jp.kanmin.shared.participation.ParticipationId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Carries an incident's lifecycle to each organisation's participation: closing, leaving and reopening stop or
 * resume posting there. It runs on a tracking processor sequenced per incident, so it sees an incident's events in
 * order and never misses one; the participation commands are idempotent, so seeing one twice is harmless. Posting
 * stops a fraction of a second after the incident closes, not in the same instant: a report sent while the HQ
 * closed the incident may still be recorded, and the timeline shows both in the order they happened.
 */
@Component
@ProcessingGroup("participation-lifecycle")
class ParticipationLifecycle {

    private final CommandGateway commands;

    ParticipationLifecycle(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(IncidentClosed event) {
        event.participants().forEach(organisation -> commands.sendAndWait(new CloseParticipation(
                new ParticipationId(event.incidentId(), organisation), "incident closed: " + event.reason())));
    }

    @EventHandler
    void on(IncidentReopened event) {
        event.participants().forEach(organisation -> commands.sendAndWait(new ReopenParticipation(
                new ParticipationId(event.incidentId(), organisation), "incident reopened: " + event.reason())));
    }

    @EventHandler
    void on(ParticipantLeft event) {
        commands.sendAndWait(new CloseParticipation(new ParticipationId(event.incidentId(), event.organisationId()),
                                                    "left the incident"));
    }

    /** A first join creates the participation open, so this only matters when an organisation joins again. */
    @EventHandler
    void on(ParticipantJoined event) {
        commands.sendAndWait(new ReopenParticipation(new ParticipationId(event.incidentId(), event.organisationId()),
                                                     "joined the incident"));
    }
}
