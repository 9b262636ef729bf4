package jp.kanmin.query.timeline;

import jp.kanmin.query.support.Positions;
import jp.kanmin.shared.damage.DamageJudgementEvent;
import jp.kanmin.shared.incident.IncidentEvent;
import jp.kanmin.shared.incident.IncidentScoped;
import jp.kanmin.shared.participation.ParticipationEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.interceptors.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/** Turns every incident-scoped event into a timeline entry. */
@Component
@ProcessingGroup("timeline")
class TimelineProjection {

    private final TimelineRepository timeline;
    private final TimelineFacets facets;
    private final JsonMapper json;

    TimelineProjection(TimelineRepository timeline, TimelineFacets facets, JsonMapper json) {
        this.timeline = timeline;
        this.facets = facets;
        this.json = json;
    }

    @EventHandler
    void on(IncidentScoped event, EventMessage<?> message) {
        if (facets.isDeleted(event)) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = json.convertValue(event, Map.class);
        String organisation = organisationOf(event);
        timeline.append(new TimelineEntry(Positions.of(message), event.incidentId().value(), 0, null,
                                          message.getTimestamp(), organisation, Positions.actorOf(message),
                                          event.getClass().getSimpleName(), categoryOf(event), payload,
                                          facets.of(event, organisation, payload),
                                          facets.isExercise(event)));
        if (event instanceof IncidentEvent.ExerciseDeleted deleted) {
            facets.deleted(deleted);
            timeline.remove(deleted.incidentId().value());
        }
    }

    /**
     * A processor stores its token in a commit step it registered before any event was handled, so that step runs
     * first: the batch's entries are written when its last event has been handled, and the token never gets ahead
     * of the timeline (a crash in between would otherwise lose entries).
     */
    @MessageHandlerInterceptor(messageType = EventMessage.class)
    Object writeBatchBeforeItsToken(EventMessage<?> event, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch
            && batch.isLastMessage()) {
            timeline.writeBatch();
        }
        return result;
    }

    @ResetHandler
    void reset() {
        timeline.deleteAll();
        facets.reset();
    }

    static String organisationOf(IncidentScoped event) {
        return switch (event) {
            case ParticipationEvent participation -> participation.organisationId().value();
            case DamageJudgementEvent.DamageScaleProposed proposed -> proposed.proposedBy().value();
            case DamageJudgementEvent.DamageScaleDeclared declared -> declared.confirmedBy() != null
                    ? declared.confirmedBy().value() : declared.proposedBy().value();
            case IncidentEvent.IncidentOpened opened -> opened.coordinatingHq().value();
            case IncidentEvent.ParticipantInvited invited -> invited.organisationId().value();
            case IncidentEvent.ParticipantJoined joined -> joined.organisationId().value();
            case IncidentEvent.ParticipantLeft left -> left.organisationId().value();
            case IncidentEvent.CoordinatingHqChanged changed -> changed.coordinatingHq().value();
            case IncidentEvent.IncidentClosed closed -> closed.closedBy().value();
            case IncidentEvent.IncidentReopened reopened -> reopened.reopenedBy().value();
            case IncidentEvent.ExerciseScheduled scheduled -> scheduled.scheduledBy().value();
            case IncidentEvent.InjectDelivered inject -> inject.organisationId().value();
            case IncidentEvent.ExerciseArchived archived -> archived.archivedBy().value();
            case IncidentEvent.ExerciseDeleted deleted -> deleted.deletedBy().value();
            case IncidentEvent.IncidentForked forked -> forked.forkedBy().value();
            case jp.kanmin.shared.support.SupportRequestEvent support -> support.by().value();
            default -> null;
        };
    }

    /** A coarse grouping for filters: incident, report, damage, task, exchange, support. */
    static String categoryOf(IncidentScoped event) {
        return switch (event) {
            case IncidentEvent.ExerciseScheduled ignored -> "exercise";
            case IncidentEvent.InjectDelivered ignored -> "exercise";
            case IncidentEvent.ExerciseArchived ignored -> "exercise";
            case IncidentEvent.ExerciseDeleted ignored -> "exercise";
            case IncidentEvent.IncidentForked ignored -> "exercise";
            case IncidentEvent ignored -> "incident";
            case DamageJudgementEvent ignored -> "damage";
            case ParticipationEvent.BusinessDamageSurveyed ignored -> "damage";
            case ParticipationEvent.Report ignored -> "report";
            case ParticipationEvent.ReportConfirmed ignored -> "report";
            case ParticipationEvent.TaskActivated ignored -> "task";
            case ParticipationEvent.TaskStarted ignored -> "task";
            case ParticipationEvent.TaskCompleted ignored -> "task";
            case ParticipationEvent.TaskWaived ignored -> "task";
            case ParticipationEvent.TaskReassigned ignored -> "task";
            case ParticipationEvent.TaskOverdue ignored -> "task";
            case ParticipationEvent.TaskEscalated ignored -> "task";
            case ParticipationEvent.DamageScaleApplied ignored -> "damage";
            case ParticipationEvent.ExchangeScheduled ignored -> "exchange";
            case ParticipationEvent.InformationShared ignored -> "exchange";
            case ParticipationEvent.InformationReceived ignored -> "exchange";
            case ParticipationEvent.InformationAcknowledged ignored -> "exchange";
            case ParticipationEvent.ExchangeDue ignored -> "exchange";
            case ParticipationEvent.ExchangeMissed ignored -> "exchange";
            case ParticipationEvent.ExchangeEscalated ignored -> "exchange";
            case jp.kanmin.shared.support.SupportRequestEvent ignored -> "support";
            case ParticipationEvent ignored -> "incident";
            default -> "other";
        };
    }
}
