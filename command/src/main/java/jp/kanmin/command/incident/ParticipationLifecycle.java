package jp.kanmin.command.incident;

import jp.kanmin.command.support.SystemCommands;
import jp.kanmin.shared.incident.IncidentEvent.IncidentClosed;
import jp.kanmin.shared.incident.IncidentEvent.IncidentReopened;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantJoined;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantLeft;
import jp.kanmin.shared.participation.ParticipationCommands.ActivatePlanTasks;
import jp.kanmin.shared.participation.ParticipationCommands.CloseParticipation;
import jp.kanmin.shared.participation.ParticipationCommands.ReopenParticipation;
import jp.kanmin.shared.participation.ParticipationCommands.TakeOverTask;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskReassigned;
import jp.kanmin.shared.participation.ParticipationId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Carries an incident's lifecycle to each organisation's participation: closing, leaving and reopening stop or
 * resume posting there; a new participation gets its plan's tasks; a task handed over reaches its new owner. It runs
 * on a tracking processor sequenced per incident, so it sees an incident's events in order and never misses one.
 * Each command it sends names the event and the target as its request id: an event seen twice (after a restart)
 * sends the same request again, which the aggregate answers without acting twice. Posting stops a fraction of a
 * second after the incident closes, not in the same instant: a report sent while the HQ closed the incident may
 * still be recorded, and the timeline shows both in the order they happened.
 */
@Component
@ProcessingGroup("participation-lifecycle")
class ParticipationLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(ParticipationLifecycle.class);

    private final SystemCommands commands;

    ParticipationLifecycle(SystemCommands commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(IncidentClosed event, EventMessage<?> message) {
        event.participants().forEach(organisation -> {
            ParticipationId participation = new ParticipationId(event.incidentId(), organisation);
            send(new CloseParticipation(participation, "incident closed: " + event.reason()), message, participation);
        });
    }

    @EventHandler
    void on(IncidentReopened event, EventMessage<?> message) {
        event.participants().forEach(organisation -> {
            ParticipationId participation = new ParticipationId(event.incidentId(), organisation);
            send(new ReopenParticipation(participation, "incident reopened: " + event.reason()), message,
                 participation);
        });
    }

    @EventHandler
    void on(ParticipantLeft event, EventMessage<?> message) {
        ParticipationId participation = new ParticipationId(event.incidentId(), event.organisationId());
        send(new CloseParticipation(participation, "left the incident"), message, participation);
    }

    /** A first join creates the participation open, so this only matters when an organisation joins again. */
    @EventHandler
    void on(ParticipantJoined event, EventMessage<?> message) {
        ParticipationId participation = new ParticipationId(event.incidentId(), event.organisationId());
        send(new ReopenParticipation(participation, "joined the incident"), message, participation);
    }

    /** A new participation gets its tasks from the incident's plan. */
    @EventHandler
    void on(ParticipationStarted event, EventMessage<?> message) {
        send(new ActivatePlanTasks(event.participationId()), message, event.participationId());
    }

    /**
     * The receiving organisation takes the task over with its original due time. It was checked to take part when
     * the task was handed over; should it have left since, the task waits on the timeline for the HQ.
     */
    @EventHandler
    void on(TaskReassigned event, EventMessage<?> message) {
        ParticipationId receiver = new ParticipationId(event.incidentId(), event.to());
        try {
            send(new TakeOverTask(receiver, event.taskId(), event.tier(), event.title(), event.dueAt(),
                                  event.plannedOffset(), event.completedBy(), event.planVersion(),
                                  event.organisationId()), message, receiver);
        } catch (AggregateNotFoundException notAParticipant) {
            logger.warn("Task {} of incident {} was handed to {}, which does not take part in it",
                        event.taskId(), event.incidentId(), event.to());
        }
    }

    private void send(Object command, EventMessage<?> cause, ParticipationId target) {
        commands.send(command, cause, target.toString());
    }
}
