package jp.kanmin.command.incident;

import jp.kanmin.command.participation.Participation;
import jp.kanmin.command.roster.IncidentRoster;
import jp.kanmin.command.support.DeduplicatingAggregate;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.incident.IncidentCommands.ChangeCoordinatingHq;
import jp.kanmin.shared.incident.IncidentCommands.CloseIncident;
import jp.kanmin.shared.incident.IncidentCommands.InviteParticipant;
import jp.kanmin.shared.incident.IncidentCommands.JoinIncident;
import jp.kanmin.shared.incident.IncidentCommands.LeaveIncident;
import jp.kanmin.shared.incident.IncidentCommands.ArchiveExercise;
import jp.kanmin.shared.incident.IncidentCommands.DeleteExercise;
import jp.kanmin.shared.incident.IncidentCommands.ReopenIncident;
import jp.kanmin.shared.incident.IncidentCommands.ScheduleInjects;
import jp.kanmin.shared.incident.IncidentEvent;
import jp.kanmin.shared.incident.IncidentEvent.ExerciseArchived;
import jp.kanmin.shared.incident.IncidentEvent.ExerciseDeleted;
import jp.kanmin.shared.incident.IncidentEvent.ExerciseScheduled;
import jp.kanmin.shared.incident.IncidentEvent.InjectDelivered;
import jp.kanmin.shared.incident.IncidentEvent.CoordinatingHqChanged;
import jp.kanmin.shared.incident.IncidentEvent.IncidentClosed;
import jp.kanmin.shared.incident.IncidentEvent.IncidentOpened;
import jp.kanmin.shared.incident.IncidentEvent.IncidentReopened;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantInvited;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantJoined;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantLeft;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.incident.IncidentMode;
import jp.kanmin.shared.incident.ScheduledInject;
import jp.kanmin.shared.incident.Participant;
import jp.kanmin.shared.incident.ObligationsFrom;
import jp.kanmin.shared.incident.OpenIncident;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

/**
 * An incident's lifecycle and who takes part (災害・事案). Reports go to each organisation's {@link Participation},
 * so this aggregate changes rarely and never slows posting down. The coordinating HQ (調整本部) manages
 * participants and the lifecycle; administrators may stand in for it.
 */
@Aggregate(cache = "aggregateCache")
public class Incident extends DeduplicatingAggregate {

    @AggregateIdentifier
    private IncidentId incidentId;
    private Instant zeroHour;
    private IncidentKind kind;
    private String planVersion;
    private ObligationsFrom obligationsFrom;
    private Instant openedAt;
    private IncidentMode mode;
    private boolean archived;
    private IncidentRoster roster = IncidentRoster.NONE;
    /** An exercise's injects by number, and those already told. */
    private final Map<Integer, ScheduledInject> injects = new HashMap<>();
    private final Set<Integer> delivered = new HashSet<>();

    protected Incident() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(OpenIncident command) throws Exception {
        mustNotBeOpenedTwice();
        apply(new IncidentOpened(command.incidentId(), command.title(), command.kind(), command.trigger(),
                                 command.zeroHour(), command.mode(), command.coordinatingHq().organisationId(),
                                 command.openedBy(), command.planVersion(), command.obligationsFrom()));
        Map<OrganisationId, Participant> everyone = new LinkedHashMap<>();
        everyone.put(command.coordinatingHq().organisationId(), command.coordinatingHq());
        command.participants().forEach(participant -> everyone.putIfAbsent(participant.organisationId(), participant));
        for (Participant participant : everyone.values()) {
            join(participant, command.openedBy(), openedAt);
        }
    }

    @CommandHandler
    public void handle(InviteParticipant command) {
        mustBeCoordinatingHq(command.by(), command.administrator());
        mustBeOpen();
        if (roster.takesPart(command.organisationId()) || roster.isInvited(command.organisationId())) {
            return;
        }
        apply(new ParticipantInvited(incidentId, command.organisationId(), command.by()));
    }

    /** The invited organisation itself accepts, or the HQ adds an organisation directly. */
    @CommandHandler
    public void handle(JoinIncident command) throws Exception {
        OrganisationId joining = command.participant().organisationId();
        boolean itself = joining.equals(command.by());
        if (itself && !roster.isInvited(joining) && !roster.takesPart(command.by())) {
            mustBeCoordinatingHq(command.by(), command.administrator());
        } else if (!itself) {
            mustBeCoordinatingHq(command.by(), command.administrator());
        }
        mustBeOpen();
        if (!roster.takesPart(joining)) {
            join(command.participant(), command.by(), GenericEventMessage.clock.instant());
        }
    }

    @CommandHandler
    public void handle(LeaveIncident command) {
        if (!command.organisationId().equals(command.by())) {
            mustBeCoordinatingHq(command.by(), command.administrator());
        } else {
            mustBeParticipant(command.by(), command.administrator());
        }
        if (roster.isCoordinatingHq(command.organisationId())) {
            throw RuleViolation.conflict("hq-cannot-leave",
                                         "the coordinating HQ cannot leave; hand coordination to another first");
        }
        if (roster.takesPart(command.organisationId())) {
            apply(new ParticipantLeft(incidentId, command.organisationId(), command.by(), command.reason()));
        }
    }

    /** Plays a scenario into this exercise; scheduling the same injects again changes nothing. */
    @CommandHandler
    public void handle(ScheduleInjects command, DeadlineManager deadlines) {
        mustBeCoordinatingHq(command.by(), command.administrator());
        mustBeExercise();
        mustBeOpen();
        if (!injects.isEmpty()) {
            return;
        }
        apply(new ExerciseScheduled(incidentId, command.scenarioId(), command.speed(), command.injects(),
                                    command.by()));
        for (ScheduledInject inject : command.injects()) {
            deadlines.schedule(inject.at(), INJECT_DUE, new InjectDue(inject.number()));
        }
    }

    /** An inject whose time came while the exercise was closed is not told: the exercise ended. */
    @DeadlineHandler(deadlineName = INJECT_DUE)
    public void on(InjectDue due) {
        ScheduledInject inject = injects.get(due.number());
        if (inject != null && !roster.closed() && !delivered.contains(due.number())) {
            apply(new InjectDelivered(incidentId, inject.number(), inject.offset(), inject.role(),
                                      inject.organisationId(), inject.text(), inject.report(), inject.facts()));
        }
    }

    @CommandHandler
    public void handle(ArchiveExercise command) {
        mustBeAdministrator(command.administrator());
        mustBeExercise();
        closeFor(command.by(), "訓練の保管");
        if (!archived) {
            apply(new ExerciseArchived(incidentId, command.by()));
        }
    }

    @CommandHandler
    public void handle(DeleteExercise command) {
        mustBeAdministrator(command.administrator());
        mustBeExercise();
        if (roster.deleted()) {
            return;
        }
        closeFor(command.by(), "訓練の削除");
        apply(new ExerciseDeleted(incidentId, command.reason(), command.by()));
    }

    private void closeFor(OrganisationId by, String reason) {
        if (!roster.closed()) {
            apply(new IncidentClosed(incidentId, reason, by, Set.copyOf(roster.participants().keySet())));
        }
    }

    @CommandHandler
    public void handle(ChangeCoordinatingHq command) throws Exception {
        mustBeCoordinatingHq(command.by(), command.administrator());
        mustBeOpen();
        OrganisationId newHq = command.coordinatingHq().organisationId();
        if (roster.isCoordinatingHq(newHq)) {
            return;
        }
        if (!roster.takesPart(newHq)) {
            join(command.coordinatingHq(), command.by(), GenericEventMessage.clock.instant());
        }
        apply(new CoordinatingHqChanged(incidentId, roster.coordinatingHq(), newHq, command.by()));
    }

    @CommandHandler
    public void handle(CloseIncident command) {
        mustBeCoordinatingHq(command.by(), command.administrator());
        if (!roster.closed()) {
            apply(new IncidentClosed(incidentId, command.reason(), command.by(),
                                     Set.copyOf(roster.participants().keySet())));
        }
    }

    @CommandHandler
    public void handle(ReopenIncident command) {
        mustBeCoordinatingHq(command.by(), command.administrator());
        if (roster.closed()) {
            apply(new IncidentReopened(incidentId, command.reason(), command.by(),
                                       Set.copyOf(roster.participants().keySet())));
        }
    }

    /** @param registered when the organisation's part in the incident is registered: its obligations may start then */
    private void join(Participant participant, OrganisationId addedBy, Instant registered) throws Exception {
        OrganisationId organisation = participant.organisationId();
        boolean first = !roster.everJoined().contains(organisation);
        apply(new ParticipantJoined(incidentId, organisation, participant.type(), addedBy));
        if (first) {
            ParticipationId participation = new ParticipationId(incidentId, organisation);
            Instant start = zeroHour;
            IncidentKind incidentKind = kind;
            String plan = planVersion;
            Instant obligationsStart = obligationsFrom == ObligationsFrom.REGISTRATION ? registered : null;
            createNew(Participation.class, () -> new Participation(participation, start, participant.type(),
                                                                   incidentKind, plan, obligationsStart));
        }
        // A participation that existed before is reopened by ParticipationLifecycle.
    }

    /** The payload of an inject's deadline. */
    record InjectDue(int number) {
    }

    static final String INJECT_DUE = "exercise-inject";

    private static void mustBeAdministrator(boolean administrator) {
        if (!administrator) {
            throw RuleViolation.forbidden("administrator-only", "only an administrator may archive or delete exercises");
        }
    }

    private void mustBeExercise() {
        if (mode != IncidentMode.EXERCISE) {
            throw RuleViolation.conflict("not-an-exercise", "only an EXERCISE incident can do this; "
                    + incidentId + " is a real incident");
        }
    }

    private void mustNotBeOpenedTwice() {
        if (incidentId != null) {
            throw RuleViolation.conflict("incident-already-open", "incident " + incidentId + " is already open");
        }
    }

    private void mustBeOpen() {
        if (roster.closed()) {
            throw RuleViolation.conflict("incident-closed", "the incident is closed; reopen it first");
        }
    }

    /** Outsiders learn nothing (not found); participants who are not the HQ are told they may not. */
    private void mustBeCoordinatingHq(OrganisationId organisation, boolean administrator) {
        if (roster.deleted()) {
            mustBeParticipant(organisation, administrator);
        }
        if (administrator || roster.isCoordinatingHq(organisation)) {
            return;
        }
        mustBeParticipant(organisation, false);
        throw RuleViolation.forbidden("coordinating-hq-only", "only the coordinating HQ may do this");
    }

    private void mustBeParticipant(OrganisationId organisation, boolean administrator) {
        if (roster.deleted()) {
            throw RuleViolation.notFound("incident-not-found", "no incident " + incidentId);
        }
        if (!administrator && !roster.takesPart(organisation) && !roster.isInvited(organisation)) {
            throw RuleViolation.notFound("incident-not-found", "no incident " + incidentId + " that you take part in");
        }
    }

    @EventSourcingHandler
    void on(IncidentEvent event, @Timestamp Instant recordedAt) {
        roster = roster.after(event);
        switch (event) {
            case IncidentOpened e -> {
                openedAt = recordedAt;
                incidentId = e.incidentId();
                zeroHour = e.zeroHour();
                kind = e.kind();
                planVersion = e.planVersion();
                obligationsFrom = e.obligationsFrom();
                mode = e.mode();
            }
            case ExerciseScheduled e -> e.injects().forEach(inject -> injects.put(inject.number(), inject));
            case InjectDelivered e -> delivered.add(e.number());
            case ExerciseArchived e -> archived = true;
            default -> {
            }
        }
    }

    @Override
    protected String aggregateIdentifier() {
        return incidentId.toString();
    }
}
