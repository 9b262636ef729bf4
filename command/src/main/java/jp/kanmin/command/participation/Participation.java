package jp.kanmin.command.participation;

import jp.kanmin.command.participation.exchange.InformationExchange;
import jp.kanmin.command.participation.reporting.Reports;
import jp.kanmin.command.participation.tasks.Tasks;
import jp.kanmin.command.plan.PlanCatalogue;
import jp.kanmin.command.support.DeduplicatingAggregate;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.exchange.SharingCadences;
import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.participation.Fulfilment;
import jp.kanmin.shared.participation.ParticipationCommands.AcknowledgeInformation;
import jp.kanmin.shared.participation.ParticipationCommands.ActivatePlanTasks;
import jp.kanmin.shared.participation.ParticipationCommands.ActivateSharingObligation;
import jp.kanmin.shared.participation.ParticipationCommands.ApplyDamageScale;
import jp.kanmin.shared.participation.ParticipationCommands.CloseParticipation;
import jp.kanmin.shared.participation.ParticipationCommands.CompleteTask;
import jp.kanmin.shared.participation.ParticipationCommands.ConfirmReport;
import jp.kanmin.shared.participation.ParticipationCommands.ReassignTask;
import jp.kanmin.shared.participation.ParticipationCommands.ReceiveInformation;
import jp.kanmin.shared.participation.ParticipationCommands.RecordFulfilment;
import jp.kanmin.shared.participation.ParticipationCommands.ReopenParticipation;
import jp.kanmin.shared.participation.ParticipationCommands.ResumeDeadlines;
import jp.kanmin.shared.participation.ParticipationCommands.ShareInformation;
import jp.kanmin.shared.participation.ParticipationCommands.StartTask;
import jp.kanmin.shared.participation.ParticipationCommands.TakeOverTask;
import jp.kanmin.shared.participation.ParticipationCommands.WaiveTask;
import jp.kanmin.shared.participation.ParticipationEvent.DamageScaleApplied;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationClosed;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationReopened;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.participation.PostReport;
import jp.kanmin.shared.participation.PostReports;
import jp.kanmin.shared.plan.Completion;
import jp.kanmin.shared.plan.PlannedTask;
import jp.kanmin.shared.plan.TaskId;
import jp.kanmin.shared.report.DamageScale;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.sharing.ExchangeTopic;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.Optional;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One organisation's part of an incident (参加組織): its reports, its phase tasks and its information exchange, each
 * kept and decided by a part of its own; this root keeps what they share (who, since when, open or closed, the damage
 * scales declared) and the deadlines. One aggregate per organisation and incident means two organisations posting at
 * the same moment never conflict, and a report, the task it completes and the slot it meets are recorded together.
 */
@Aggregate(cache = "aggregateCache")
public class Participation extends DeduplicatingAggregate {

    /** Each task has its own deadline name, so completing one cancels exactly its own deadline. */
    static final String TASK_DUE = "task-due/";
    static final String EXCHANGE_BOUNDARY = "exchange/";
    static final String TASK_ESCALATION = "task-escalation/";
    static final String EXCHANGE_ESCALATION = "exchange-escalation/";

    /** The payload of a task's deadline. */
    public record TaskDue(TaskId taskId) {
    }

    /** The payload of an overdue task's next escalation step (督促). */
    public record TaskEscalationDue(TaskId taskId, int step) {
    }

    /** The payload of a missed slot's next escalation step (督促). */
    public record ExchangeEscalationDue(String obligation, int step) {
    }

    /** The payload of a sharing obligation's deadline: at {@code at} a slot falls due or closes. */
    public record ExchangeBoundary(String obligation, Instant at) {
    }

    @AggregateIdentifier
    private ParticipationId participationId;
    private OrganisationType organisationType;
    private IncidentKind incidentKind;
    private String planVersion;
    private boolean closed;
    private DamageScale latestScale;
    private final Map<String, DamageScale> scaleByDistrict = new HashMap<>();
    @AggregateMember
    private final Reports reports = new Reports();
    @AggregateMember
    private final Tasks tasks = new Tasks();
    @AggregateMember
    private final InformationExchange exchange = new InformationExchange();

    protected Participation() {
        // for Axon
    }

    public Participation(ParticipationId participationId, Instant zeroHour, OrganisationType organisationType,
                         IncidentKind incidentKind, String planVersion, Instant obligationsStart) {
        apply(new ParticipationStarted(participationId, zeroHour, organisationType, incidentKind, planVersion,
                                       obligationsStart));
    }

    // ------------------------------------------------------------------------------- 状況報告 (reports)

    @CommandHandler
    public void handle(PostReport command, DeadlineManager deadlines) {
        mustBeOpenForPosting();
        post(command.reportId(), command.content(), command.facts(), deadlines);
    }

    /** All or none: a refusal of any report refuses the lot, as one command records nothing. */
    @CommandHandler
    public void handle(PostReports command, DeadlineManager deadlines) {
        mustBeOpenForPosting();
        for (int i = 0; i < command.reports().size(); i++) {
            PostReports.Report report = command.reports().get(i);
            try {
                post(report.reportId(), report.content(), report.facts(), deadlines);
            } catch (RuleViolation refusal) {
                throw refusal.within("reports[" + i + "]");
            }
        }
    }

    private void post(ReportId id, ReportContent content, ReportFacts facts, DeadlineManager deadlines) {
        reports.post(id, content, facts);
        tasks.fulfilledBy(Completion.byReport(content.reportType()), Fulfilment.report(id), dueWatch(deadlines));
    }

    @CommandHandler
    public void handle(ConfirmReport command) {
        reports.confirm(command.reportId(), command.note());
    }

    // ------------------------------------------------------------------------------- 段階別タスク (tasks)

    /** Opens the plan's tasks for this organisation; a task already there (open or done) is left as it is. */
    @CommandHandler
    public void handle(ActivatePlanTasks command, PlanCatalogue plans, DeadlineManager deadlines) {
        tasks.open(plannedTasks(plans).filter(task -> task.openWhen() == null).toList(), dueWatch(deadlines));
    }

    @CommandHandler
    public void handle(TakeOverTask command, DeadlineManager deadlines) {
        tasks.takeOver(command, dueWatch(deadlines));
    }

    @CommandHandler
    public void handle(StartTask command, DeadlineManager deadlines) {
        tasks.start(command.taskId(), command.note(), dueWatch(deadlines));
    }

    @CommandHandler
    public void handle(CompleteTask command, DeadlineManager deadlines) {
        tasks.completeByHand(command.taskId(), command.note(), dueWatch(deadlines));
    }

    @CommandHandler
    public void handle(WaiveTask command, DeadlineManager deadlines) {
        tasks.waive(command.taskId(), command.reason(), dueWatch(deadlines));
    }

    @CommandHandler
    public void handle(ReassignTask command, DeadlineManager deadlines) {
        tasks.reassign(command.taskId(), command.to(), command.reason(), dueWatch(deadlines));
    }

    /** Something recorded outside this aggregate (a damage-scale judgement, information shared) completes tasks. */
    @CommandHandler
    public void handle(RecordFulfilment command, DeadlineManager deadlines) {
        tasks.fulfilledBy(command.completion(), command.fulfilment(), dueWatch(deadlines));
    }

    /** 期限超過 */
    @DeadlineHandler
    public void on(TaskDue due, DeadlineManager deadlines, ReportingChains chains) {
        tasks.dueTimeReached(due.taskId(), chains.escalateAfter(), dueWatch(deadlines));
    }

    /** 督促: a closed participation owes nothing, and tells nobody up the chain either. */
    @DeadlineHandler
    public void on(TaskEscalationDue due, DeadlineManager deadlines, ReportingChains chains) {
        if (!closed) {
            tasks.escalationDue(due.taskId(), due.step(), chains.of(participationId), chains.escalateAfter(),
                                dueWatch(deadlines));
        }
    }

    private Stream<PlannedTask> plannedTasks(PlanCatalogue plans) {
        return plans.version(planVersion).tasksFor(incidentKind, organisationType).stream();
    }

    private Tasks.DueWatch dueWatch(DeadlineManager deadlines) {
        return new Tasks.DueWatch() {
            @Override
            public void watch(TaskId task, Instant dueAt) {
                deadlines.schedule(dueAt, TASK_DUE + task, new TaskDue(task));
            }

            @Override
            public void release(TaskId task) {
                deadlines.cancelAllWithinScope(TASK_DUE + task);
                stopEscalating(task);
            }

            @Override
            public void escalateAt(TaskId task, int step, Instant at) {
                deadlines.schedule(at, TASK_ESCALATION + task, new TaskEscalationDue(task, step));
            }

            @Override
            public void stopEscalating(TaskId task) {
                deadlines.cancelAllWithinScope(TASK_ESCALATION + task);
            }
        };
    }

    // ------------------------------------------------------------------------------- 情報共有 (exchanges)

    @CommandHandler
    public void handle(ActivateSharingObligation command, SharingCadences cadences, DeadlineManager deadlines) {
        DamageScale scale = command.district() != null ? scaleByDistrict.get(command.district()) : latestScale;
        exchange.activate(command, cadences.cadence(command.cadence()), scale, boundaryWatch(deadlines));
    }

    @CommandHandler
    public void handle(ShareInformation command, DeadlineManager deadlines) {
        mustBeOpenForPosting();
        ExchangeTopic about = exchange.share(command, reports::mustBeOurOwn, boundaryWatch(deadlines));
        tasks.fulfilledBy(Completion.byExchange(about), new Fulfilment(Fulfilment.Kind.EXCHANGE, command.exchangeId()),
                          dueWatch(deadlines));
    }

    @CommandHandler
    public void handle(ReceiveInformation command) {
        exchange.receive(command);
    }

    @CommandHandler
    public void handle(AcknowledgeInformation command) {
        exchange.acknowledge(command);
    }

    /** A slot fell due or closed; a closed participation owes nothing until it reopens. */
    @DeadlineHandler
    public void on(ExchangeBoundary boundary, DeadlineManager deadlines, ReportingChains chains) {
        if (!closed) {
            exchange.boundaryReached(boundary.obligation(), boundary.at(), chains.escalateAfter(),
                                     boundaryWatch(deadlines));
        }
    }

    /** 督促 of a missed slot: a closed participation tells nobody up the chain. */
    @DeadlineHandler
    public void on(ExchangeEscalationDue due, DeadlineManager deadlines, ReportingChains chains) {
        if (!closed) {
            exchange.escalationDue(due.obligation(), due.step(), chains.of(participationId), chains.escalateAfter(),
                                   boundaryWatch(deadlines));
        }
    }

    private InformationExchange.BoundaryWatch boundaryWatch(DeadlineManager deadlines) {
        return new InformationExchange.BoundaryWatch() {
            @Override
            public void watchNext(String obligation, Optional<Instant> at) {
                String name = EXCHANGE_BOUNDARY + obligation;
                deadlines.cancelAllWithinScope(name);
                at.ifPresent(when -> deadlines.schedule(when, name, new ExchangeBoundary(obligation, when)));
            }

            @Override
            public void escalateAt(String obligation, int step, Instant at) {
                deadlines.schedule(at, EXCHANGE_ESCALATION + obligation, new ExchangeEscalationDue(obligation, step));
            }

            @Override
            public void stopEscalating(String obligation) {
                deadlines.cancelAllWithinScope(EXCHANGE_ESCALATION + obligation);
            }
        };
    }

    // ------------------------------------------------------------------------------- the participation itself

    /** 被害規模: obligations that follow the scale are re-planned, and tasks waiting for this scale open now. */
    @CommandHandler
    public void handle(ApplyDamageScale command, PlanCatalogue plans, SharingCadences cadences,
                       DeadlineManager deadlines) {
        if (command.scale() == scaleByDistrict.get(command.district())) {
            return;
        }
        apply(new DamageScaleApplied(participationId, command.scale(), command.district()));
        exchange.scaleApplied(command.scale(), command.district(), cadences, boundaryWatch(deadlines));
        tasks.open(plannedTasks(plans).filter(task -> task.openWhen() != null
                                                      && command.scale().isAtLeast(task.openWhen())).toList(),
                   dueWatch(deadlines));
    }

    @CommandHandler
    public void handle(CloseParticipation command) {
        if (!closed) {
            apply(new ParticipationClosed(participationId, command.reason()));
        }
    }

    @CommandHandler
    public void handle(ReopenParticipation command, DeadlineManager deadlines) {
        if (closed) {
            apply(new ParticipationReopened(participationId, command.reason()));
            exchange.watchAgain(boundaryWatch(deadlines));
        }
    }

    @CommandHandler
    public void handle(ResumeDeadlines command, DeadlineManager deadlines) {
        if (!closed) {
            tasks.watchAgain(dueWatch(deadlines));
            exchange.watchAgain(boundaryWatch(deadlines));
        }
    }

    private void mustBeOpenForPosting() {
        if (closed) {
            throw RuleViolation.conflict("participation-closed",
                                         "the incident is closed or your organisation left it; nothing was recorded");
        }
    }

    @EventSourcingHandler
    void on(ParticipationStarted event) {
        participationId = event.participationId();
        organisationType = event.organisationType();
        incidentKind = event.incidentKind();
        planVersion = event.planVersion();
    }

    @EventSourcingHandler
    void on(ParticipationClosed event) {
        closed = true;
    }

    @EventSourcingHandler
    void on(ParticipationReopened event) {
        closed = false;
    }

    @EventSourcingHandler
    void on(DamageScaleApplied event) {
        scaleByDistrict.put(event.district(), event.scale());
        latestScale = event.scale();
    }

    @Override
    protected String aggregateIdentifier() {
        return participationId.toString();
    }
}
