package jp.kanmin.shared.participation;

import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.incident.IncidentScoped;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.plan.Completion;
import jp.kanmin.shared.plan.LocalizedText;
import jp.kanmin.shared.plan.TaskId;
import jp.kanmin.shared.report.DamageScale;
import org.axonframework.serialization.Revision;

import java.time.Duration;
import java.time.Instant;

/** Events of one organisation's participation in an incident (参加組織): its reports and its tasks. */
public sealed interface ParticipationEvent extends IncidentScoped {

    ParticipationId participationId();

    @Override
    default IncidentId incidentId() {
        return participationId().incidentId();
    }

    default OrganisationId organisationId() {
        return participationId().organisationId();
    }

    /**
     * The organisation's part of the timeline opens. What its tasks are follows from its type, the incident's kind and
     * the plan version the incident keeps; zero hour is copied so deadlines need no other aggregate.
     */
    @Revision("1")
    record ParticipationStarted(ParticipationId participationId, Instant zeroHour, OrganisationType organisationType,
                                IncidentKind incidentKind, String planVersion) implements ParticipationEvent {}

    /** Posting stops: the organisation left, or the incident was closed. */
    @Revision("1")
    record ParticipationClosed(ParticipationId participationId, String reason) implements ParticipationEvent {}

    /** Posting resumes: the organisation joined again, or the incident was reopened. */
    @Revision("1")
    record ParticipationReopened(ParticipationId participationId, String reason) implements ParticipationEvent {}

    /** 安否確認報告: the organisation's staff-safety roll call, numbered 第1報, 第2報, … */
    @Revision("1")
    record StaffSafetyReported(ParticipationId participationId, ReportId reportId, int number, int safe, int injured,
                               int missing, int unreachable, String note, Instant observedAt)
            implements ParticipationEvent {}

    /**
     * A task of the plan is now the organisation's to do (タスク開始). {@code plannedOffset} is the plan's offset from
     * zero hour, kept for the review's plan-versus-actual; {@code takenOverFrom} names the organisation that handed
     * it over, if any.
     */
    @Revision("1")
    record TaskActivated(ParticipationId participationId, TaskId taskId, int tier, LocalizedText title,
                         Instant dueAt, Duration plannedOffset, Completion completedBy, String planVersion,
                         OrganisationId takenOverFrom) implements ParticipationEvent {}

    /** Someone is working on the task. */
    @Revision("1")
    record TaskStarted(ParticipationId participationId, TaskId taskId, String note) implements ParticipationEvent {}

    /**
     * The task is done: by the report or exchange named in {@code fulfilledBy}, or by hand. {@code late} says whether
     * it came after {@code dueAt}.
     */
    @Revision("1")
    record TaskCompleted(ParticipationId participationId, TaskId taskId, Fulfilment fulfilledBy, String note,
                         Instant dueAt, boolean late) implements ParticipationEvent {}

    /** The task will not be done, for a reason the review will read. */
    @Revision("1")
    record TaskWaived(ParticipationId participationId, TaskId taskId, String reason) implements ParticipationEvent {}

    /**
     * The task passes to another organisation (e.g. the city takes over when a chamber's staff are all affected),
     * with everything the other organisation needs to take it over as it was planned.
     */
    @Revision("1")
    record TaskReassigned(ParticipationId participationId, TaskId taskId, OrganisationId to, String reason, int tier,
                          LocalizedText title, Instant dueAt, Duration plannedOffset, Completion completedBy,
                          String planVersion) implements ParticipationEvent {}

    /** 期限超過: the due time passed without the task being done; the coordinating HQ sees it at once. */
    @Revision("1")
    record TaskOverdue(ParticipationId participationId, TaskId taskId, Instant dueAt) implements ParticipationEvent {}

    /** The declared damage scale reached this participation, opening the tasks that wait for it. */
    @Revision("1")
    record DamageScaleApplied(ParticipationId participationId, DamageScale scale) implements ParticipationEvent {}
}
