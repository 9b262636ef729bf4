package jp.kanmin.query.task;

import jp.kanmin.shared.participation.Fulfilment;
import jp.kanmin.shared.participation.ParticipationEvent;
import jp.kanmin.shared.participation.ParticipationEvent.TaskActivated;
import jp.kanmin.shared.participation.ParticipationEvent.TaskCompleted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskOverdue;
import jp.kanmin.shared.participation.ParticipationEvent.TaskReassigned;
import jp.kanmin.shared.participation.ParticipationEvent.TaskStarted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskWaived;
import jp.kanmin.shared.plan.Completion;

import java.time.Duration;
import java.time.Instant;

/**
 * One organisation's task in one incident, as its board shows it. The transitions below are the only place that
 * decides what an event does to a task; the live projection and the "as of" fold both use them.
 *
 * @param completesWith what completes it by itself, e.g. {@code report:STAFF_SAFETY}; null when done by hand
 * @param state         OPEN, STARTED, DONE, WAIVED or REASSIGNED
 * @param overdueAt     when the deadline fired (TaskOverdue), if it did
 * @param fulfilledBy   the report or exchange that completed it, or by hand
 */
public record TaskView(String incidentId,
                       String organisationId,
                       String taskId,
                       int tier,
                       String titleJa,
                       String titleEn,
                       Duration plannedOffset,
                       Instant dueAt,
                       String completesWith,
                       String state,
                       Instant activatedAt,
                       Instant startedAt,
                       Instant completedAt,
                       boolean late,
                       Fulfilment fulfilledBy,
                       String note,
                       String reassignedTo,
                       String takenOverFrom,
                       Instant overdueAt) {

    public static final String OPEN = "OPEN";
    public static final String STARTED = "STARTED";
    public static final String DONE = "DONE";
    public static final String WAIVED = "WAIVED";
    public static final String REASSIGNED = "REASSIGNED";

    /** The key of a task in its incident's task book: organisation and task ids contain no ':' or '.'. */
    public String key() {
        return organisationId + ":" + taskId;
    }

    public boolean isOpen() {
        return OPEN.equals(state) || STARTED.equals(state);
    }

    /** Overdue at {@code asOf}: still open and past due (whether or not the deadline has fired yet). */
    public boolean isOverdueAt(Instant asOf) {
        return isOpen() && (overdueAt != null || asOf.isAfter(dueAt));
    }

    static TaskView activated(TaskActivated event, Instant recordedAt) {
        String incident = event.incidentId().value();
        String organisation = event.organisationId().value();
        return new TaskView(incident, organisation, event.taskId().value(), event.tier(), event.title().ja(),
                            event.title().en(), event.plannedOffset(), event.dueAt(), completesWith(event.completedBy()),
                            OPEN, recordedAt, null, null, false, null, null, null,
                            event.takenOverFrom() == null ? null : event.takenOverFrom().value(), null);
    }

    private static String completesWith(Completion completion) {
        if (completion == null) {
            return null;
        }
        return completion.report() != null ? "report:" + completion.report() : "exchange:" + completion.exchange();
    }

    /** What {@code event} (a task event of this task) makes of this view. */
    TaskView apply(ParticipationEvent event, Instant recordedAt) {
        return switch (event) {
            case TaskActivated activated -> activated(activated, recordedAt);
            case TaskStarted started -> with(STARTED, recordedAt, completedAt, late, fulfilledBy, started.note(),
                                             reassignedTo, overdueAt);
            case TaskCompleted completed -> with(DONE, startedAt, recordedAt, completed.late(), completed.fulfilledBy(),
                                                 completed.note(), reassignedTo, overdueAt);
            case TaskWaived waived -> with(WAIVED, startedAt, null, false, null, waived.reason(), null, overdueAt);
            case TaskReassigned reassigned -> with(REASSIGNED, startedAt, null, false, null, reassigned.reason(),
                                                   reassigned.to().value(), overdueAt);
            case TaskOverdue overdue -> with(state, startedAt, completedAt, late, fulfilledBy, note, reassignedTo,
                                             recordedAt);
            default -> this;
        };
    }

    private TaskView with(String newState, Instant started, Instant completed, boolean isLate, Fulfilment fulfilment,
                          String newNote, String to, Instant overdue) {
        return new TaskView(incidentId, organisationId, taskId, tier, titleJa, titleEn, plannedOffset, dueAt,
                            completesWith, newState, activatedAt, started, completed, isLate, fulfilment, newNote, to, takenOverFrom,
                            overdue);
    }
}
