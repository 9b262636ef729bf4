package jp.kanmin.shared.participation;

import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.plan.Completion;
import jp.kanmin.shared.plan.LocalizedText;
import jp.kanmin.shared.plan.TaskId;
import jp.kanmin.shared.report.DamageScale;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.sharing.ExchangeTopic;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Commands to one organisation's participation: its lifecycle (sent by the system) and its tasks. */
public final class ParticipationCommands {

    private ParticipationCommands() {
    }

    public record CloseParticipation(@TargetAggregateIdentifier ParticipationId participationId, String reason) {
    }

    public record ReopenParticipation(@TargetAggregateIdentifier ParticipationId participationId, String reason) {
    }

    /**
     * A participation whose history was copied into a fork has no deadlines of its own yet: its open tasks still to
     * fall due and its sharing obligations are scheduled again.
     */
    public record ResumeDeadlines(@TargetAggregateIdentifier ParticipationId participationId) {
    }

    /** Opens the tasks of the incident's plan for this organisation; sent once it takes part. */
    public record ActivatePlanTasks(@TargetAggregateIdentifier ParticipationId participationId) {
    }

    /** Opens the tasks that wait for a damage scale and re-plans sharing; sent when a district's scale is declared. */
    public record ApplyDamageScale(@TargetAggregateIdentifier ParticipationId participationId, DamageScale scale,
                                   String district) {
    }

    /** This organisation owes {@code recipient} sharing on {@code topic} under an agreement; sent once both take part. */
    /**
     * An agreement binds this participation: {@code agreedAt} is when an agreement made during the incident came
     * into force (nothing is owed before it), null for one that held when the participation started.
     */
    public record ActivateSharingObligation(@TargetAggregateIdentifier ParticipationId participationId,
                                            String agreementId, OrganisationId recipient, ExchangeTopic topic,
                                            String cadence, String district, java.time.Instant agreedAt) {
    }

    /**
     * 情報共有: tell {@code recipients} something, or pass on ({@code forwardOf}) what this organisation received.
     *
     * @param chainLevel how the recipients were chosen, when not by name (PARENT)
     */
    public record ShareInformation(@TargetAggregateIdentifier ParticipationId participationId, String exchangeId,
                                   List<OrganisationId> recipients, String chainLevel, ExchangeTopic topic,
                                   String text, List<ReportId> reports, String forwardOf) {
        public ShareInformation {
            recipients = List.copyOf(recipients);
            reports = reports == null ? List.of() : List.copyOf(reports);
        }
    }

    /** Delivers shared information to a recipient's inbox; sent by the system. */
    public record ReceiveInformation(@TargetAggregateIdentifier ParticipationId participationId, String exchangeId,
                                     OrganisationId from, ExchangeTopic topic, Instant sharedAt,
                                     String originalExchangeId) {
    }

    public record AcknowledgeInformation(@TargetAggregateIdentifier ParticipationId participationId,
                                         String exchangeId, String note) {
    }

    /** 確認: a report posted as unconfirmed is confirmed. */
    public record ConfirmReport(@TargetAggregateIdentifier ParticipationId participationId, ReportId reportId,
                                String note) {
    }

    /**
     * Completes the tasks that a report or exchange recorded elsewhere fulfils (a damage-scale judgement, information
     * shared); sent by the system.
     */
    public record RecordFulfilment(@TargetAggregateIdentifier ParticipationId participationId,
                                   jp.kanmin.shared.plan.Completion completion, Fulfilment fulfilment) {
    }

    public record StartTask(@TargetAggregateIdentifier ParticipationId participationId, TaskId taskId, String note) {
    }

    public record CompleteTask(@TargetAggregateIdentifier ParticipationId participationId, TaskId taskId,
                               String note) {
    }

    public record WaiveTask(@TargetAggregateIdentifier ParticipationId participationId, TaskId taskId,
                            String reason) {
    }

    public record ReassignTask(@TargetAggregateIdentifier ParticipationId participationId, TaskId taskId,
                               OrganisationId to, String reason) {
    }

    /** The receiving side of a reassignment; sent by the system after {@code TaskReassigned}. */
    public record TakeOverTask(@TargetAggregateIdentifier ParticipationId participationId, TaskId taskId, int tier,
                               LocalizedText title, Instant dueAt, Duration plannedOffset, Completion completedBy,
                               String planVersion, OrganisationId from) {
    }
}
