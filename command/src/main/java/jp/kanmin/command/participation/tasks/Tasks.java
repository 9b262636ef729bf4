package jp.kanmin.command.participation.tasks;

import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.participation.Fulfilment;
import jp.kanmin.shared.participation.ParticipationCommands.TakeOverTask;
import jp.kanmin.shared.participation.ParticipationEvent;
import jp.kanmin.shared.participation.ParticipationEvent.InformationShared;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskActivated;
import jp.kanmin.shared.participation.ParticipationEvent.TaskCompleted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskEscalated;
import jp.kanmin.shared.participation.ParticipationEvent.TaskOverdue;
import jp.kanmin.shared.participation.ParticipationEvent.TaskReassigned;
import jp.kanmin.shared.participation.ParticipationEvent.TaskStarted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskWaived;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.participation.ReportingChain;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.plan.Completion;
import jp.kanmin.shared.plan.PlannedTask;
import jp.kanmin.shared.plan.TaskId;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * 段階別タスク: one organisation's phase tasks in an incident, a part of its participation. It opens a task, watches its
 * due time, and closes it by hand, by waiver, by hand-over or by the report or sharing the task names.
 */
public class Tasks {

    /** Whose tasks, since when, under which plan version. */
    private ParticipationStarted started;
    private final Map<TaskId, Task> tasks = new LinkedHashMap<>();
    /** The first report or sharing of each kind since zero hour: it completes a task that opens only after it. */
    private final Map<Completion, Done> doneSinceZeroHour = new HashMap<>();

    /** How a task's due time and its escalation are watched; the aggregate keeps the deadlines. */
    public interface DueWatch {

        void watch(TaskId task, Instant dueAt);

        /** The task is closed: neither its due time nor its escalation is watched any more. */
        void release(TaskId task);

        /** Escalation step {@code step} of an overdue task falls due at {@code at}. */
        void escalateAt(TaskId task, int step, Instant at);

        /** Someone acted on the task: nobody up the chain needs telling. */
        void stopEscalating(TaskId task);
    }


    private record Done(Fulfilment fulfilment, Instant at) {
    }

    /**
     * What is remembered of a task: enough to guard its lifecycle, to hand it over and to escalate it.
     *
     * @param escalated the last escalation step recorded, 0 for none
     */
    private record Task(TaskActivated activation, boolean open, boolean overdue, boolean started, int escalated) {

        Task closed() {
            return new Task(activation, false, overdue, started, escalated);
        }

        Task wentOverdue() {
            return new Task(activation, open, true, started, escalated);
        }

        Task startedNow() {
            return new Task(activation, open, overdue, true, escalated);
        }

        Task escalatedAt(int step) {
            return new Task(activation, open, overdue, started, step);
        }

        Instant dueAt() {
            return activation.dueAt();
        }
    }

    /**
     * Opens the planned tasks not opened before (open, done or handed over, a task is opened once). A task whose report
     * or sharing was already made since zero hour (reported before the tasks were activated, or surveyed before the
     * scale that opens the survey task) is done by it at once.
     */
    public void open(List<PlannedTask> planned, DueWatch watch) {
        for (PlannedTask task : planned) {
            if (!tasks.containsKey(task.id())) {
                open(task, watch);
            }
        }
    }

    private void open(PlannedTask task, DueWatch watch) {
        // due from the obligations' origin: zero hour, or the organisation's registration if later
        Instant dueAt = started.obligationsOrigin().plus(task.due());
        apply(new TaskActivated(participation(), task.id(), task.tier(), task.title(), dueAt, task.due(),
                                task.completedBy(), started.planVersion(), null));
        Done already = task.completedBy() == null ? null : doneSinceZeroHour.get(task.completedBy());
        if (already != null) {
            apply(new TaskCompleted(participation(), task.id(), already.fulfilment(), null, dueAt,
                                    already.at().isAfter(dueAt)));
        } else {
            watch.watch(task.id(), dueAt);
        }
    }

    /** A task handed over by another organisation; taking it over again while it is open changes nothing. */
    public void takeOver(TakeOverTask command, DueWatch watch) {
        if (tasks.containsKey(command.taskId()) && tasks.get(command.taskId()).open()) {
            return;
        }
        apply(new TaskActivated(participation(), command.taskId(), command.tier(), command.title(), command.dueAt(),
                                command.plannedOffset(), command.completedBy(), command.planVersion(),
                                command.from()));
        watch.watch(command.taskId(), command.dueAt());
    }

    /** 着手: someone is on it, which also stops an overdue task's escalation. */
    public void start(TaskId taskId, String note, DueWatch watch) {
        mustBeOpen(taskId);
        apply(new TaskStarted(participation(), taskId, note));
        watch.stopEscalating(taskId);
    }

    public void completeByHand(TaskId taskId, String note, DueWatch watch) {
        mustBeOpen(taskId);
        complete(taskId, Fulfilment.byHand(), note, watch);
    }

    public void waive(TaskId taskId, String reason, DueWatch watch) {
        mustBeOpen(taskId);
        reasonMustBeGiven(reason);
        apply(new TaskWaived(participation(), taskId, reason));
        watch.release(taskId);
    }

    /** 引継ぎ: the task goes to another organisation with its due time; here it is closed. */
    public void reassign(TaskId taskId, OrganisationId to, String reason, DueWatch watch) {
        mustBeOpen(taskId);
        reasonMustBeGiven(reason);
        if (to.equals(participation().organisationId())) {
            throw RuleViolation.invalid("to", "another-organisation", "a task is reassigned to another organisation");
        }
        TaskActivated task = tasks.get(taskId).activation();
        apply(new TaskReassigned(participation(), taskId, to, reason, task.tier(), task.title(), task.dueAt(),
                                 task.plannedOffset(), task.completedBy(), task.planVersion()));
        watch.release(taskId);
    }

    /**
     * 期限超過: a task done, waived or handed over in time has released its watch. A deadline can run twice (a node
     * killed after recording it and before removing it); the second finds the task already overdue and records nothing.
     */
    public void dueTimeReached(TaskId taskId, Duration escalateAfter, DueWatch watch) {
        Task task = tasks.get(taskId);
        if (task != null && task.open() && !task.overdue()) {
            apply(new TaskOverdue(participation(), taskId, task.dueAt()));
            if (!task.started()) {
                watch.escalateAt(taskId, 1, ReportingChain.stepAt(task.dueAt(), escalateAfter, 1));
            }
        }
    }

    /**
     * 督促: an overdue task nobody acted on goes up the reporting chain, first to the organisation's parents taking
     * part, then (after as long again) to the coordinating HQ; to the HQ at once when there are no such parents. A
     * step already recorded (its deadline run twice), a task acted on, or nobody left to tell records nothing.
     */
    public void escalationDue(TaskId taskId, int step, ReportingChain chain, Duration escalateAfter,
                              DueWatch watch) {
        Task task = tasks.get(taskId);
        if (task == null || !task.open() || task.started() || task.escalated() >= step) {
            return;
        }
        ReportingChain.Step told = chain.at(step, participation().organisationId(), List.of());
        if (told != null) {
            apply(new TaskEscalated(participation(), taskId, step, told.level(), told.to(), task.dueAt()));
            if (!told.last()) {
                watch.escalateAt(taskId, step + 1, ReportingChain.stepAt(task.dueAt(), escalateAfter, step + 1));
            }
        }
    }

    /** A report or exchange of the kind a task names completes it, late or not, with a link to what did. */
    public void fulfilledBy(Completion completion, Fulfilment fulfilment, DueWatch watch) {
        List<TaskId> fulfilled = tasks.entrySet().stream()
                                      .filter(entry -> entry.getValue().open())
                                      .filter(entry -> completion.equals(entry.getValue().activation().completedBy()))
                                      .map(Map.Entry::getKey)
                                      .toList();
        fulfilled.forEach(task -> complete(task, fulfilment, null, watch));
    }

    /** Watches again every open task still to fall due (deadlines lost with a store, or paused while closed). */
    public void watchAgain(DueWatch watch) {
        Instant now = GenericEventMessage.clock.instant();
        tasks.forEach((id, task) -> {
            if (task.open() && task.dueAt().isAfter(now)) {
                watch.release(id);
                watch.watch(id, task.dueAt());
            }
        });
    }

    private void complete(TaskId taskId, Fulfilment fulfilment, String note, DueWatch watch) {
        Instant dueAt = tasks.get(taskId).dueAt();
        boolean late = GenericEventMessage.clock.instant().isAfter(dueAt);
        apply(new TaskCompleted(participation(), taskId, fulfilment, note, dueAt, late));
        watch.release(taskId);
    }

    private void mustBeOpen(TaskId taskId) {
        Task task = tasks.get(taskId);
        if (task == null) {
            throw RuleViolation.notFound("task-not-found", "your organisation has no task " + taskId);
        }
        if (!task.open()) {
            throw RuleViolation.conflict("task-closed", "task " + taskId + " is already completed, waived or "
                    + "handed over");
        }
    }

    private static void reasonMustBeGiven(String reason) {
        if (reason == null || reason.isBlank()) {
            throw RuleViolation.invalid("reason", "required", "say why: the review will read it");
        }
    }

    private ParticipationId participation() {
        return started.participationId();
    }

    @EventSourcingHandler
    void on(ParticipationStarted event) {
        started = event;
    }

    @EventSourcingHandler
    void on(TaskActivated event) {
        tasks.put(event.taskId(), new Task(event, true, false, false, 0));
    }

    @EventSourcingHandler
    void on(TaskStarted event) {
        tasks.computeIfPresent(event.taskId(), (id, task) -> task.startedNow());
    }

    @EventSourcingHandler
    void on(TaskEscalated event) {
        tasks.computeIfPresent(event.taskId(), (id, task) -> task.escalatedAt(event.step()));
    }

    @EventSourcingHandler
    void on(TaskOverdue event) {
        tasks.computeIfPresent(event.taskId(), (id, task) -> task.wentOverdue());
    }

    @EventSourcingHandler
    void on(TaskCompleted event) {
        tasks.computeIfPresent(event.taskId(), (id, task) -> task.closed());
    }

    @EventSourcingHandler
    void on(TaskWaived event) {
        tasks.computeIfPresent(event.taskId(), (id, task) -> task.closed());
    }

    @EventSourcingHandler
    void on(TaskReassigned event) {
        tasks.computeIfPresent(event.taskId(), (id, task) -> task.closed());
    }

    @EventSourcingHandler
    void on(ParticipationEvent.Report report, @Timestamp Instant recordedAt) {
        remember(Completion.byReport(report.content().reportType()), Fulfilment.report(report.reportId()), recordedAt);
    }

    @EventSourcingHandler
    void on(InformationShared event, @Timestamp Instant recordedAt) {
        remember(Completion.byExchange(event.topic()), new Fulfilment(Fulfilment.Kind.EXCHANGE, event.exchangeId()),
                 recordedAt);
    }

    private void remember(Completion completion, Fulfilment fulfilment, Instant at) {
        if (!at.isBefore(started.zeroHour())) {
            doneSinceZeroHour.putIfAbsent(completion, new Done(fulfilment, at));
        }
    }
}
