package jp.kanmin.shared.participation;

import jp.kanmin.shared.exchange.Band;
import jp.kanmin.shared.exchange.SlotMet;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.incident.IncidentScoped;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.plan.Completion;
import jp.kanmin.shared.plan.LocalizedText;
import jp.kanmin.shared.plan.TaskId;
import jp.kanmin.shared.report.DamageScale;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.sharing.ExchangeTopic;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import org.axonframework.serialization.Revision;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
     * {@code obligationsStart}, when set, is the moment before which nothing falls due (the incident counts its
     * obligations from registration, see {@link jp.kanmin.shared.incident.ObligationsFrom}); null counts from zero
     * hour, as every participation stored before the field was added did.
     */
    @Revision("1")
    record ParticipationStarted(ParticipationId participationId, Instant zeroHour, OrganisationType organisationType,
                                IncidentKind incidentKind, String planVersion, Instant obligationsStart)
            implements ParticipationEvent {

        /** Where the plan's offsets count from for this organisation: zero hour, or its registration if later. */
        public Instant obligationsOrigin() {
            return obligationsStart != null && obligationsStart.isAfter(zeroHour) ? obligationsStart : zeroHour;
        }
    }

    /** Posting stops: the organisation left, or the incident was closed. */
    @Revision("1")
    record ParticipationClosed(ParticipationId participationId, String reason) implements ParticipationEvent {}

    /** Posting resumes: the organisation joined again, or the incident was reopened. */
    @Revision("1")
    record ParticipationReopened(ParticipationId participationId, String reason) implements ParticipationEvent {}

    /**
     * A status report (報告). Reports are numbered per organisation and kind (第1報, 第2報, …); a correction is a new
     * report that names the one it supersedes.
     */
    sealed interface Report extends ParticipationEvent {

        ReportId reportId();

        int number();

        ReportContent content();

        ReportFacts facts();
    }

    /** 安否確認報告: the organisation's staff-safety roll call. */
    @Revision("1")
    record StaffSafetyReported(ParticipationId participationId, ReportId reportId, int number,
                               ReportContent.StaffSafety content, ReportFacts facts) implements Report {}

    /** 自拠点・自施設の被害状況 */
    @Revision("1")
    record SiteDamageReported(ParticipationId participationId, ReportId reportId, int number,
                              ReportContent.SiteDamage content, ReportFacts facts) implements Report {}

    /** 周辺の被害状況・アクセス経路 */
    @Revision("1")
    record SurroundingsReported(ParticipationId participationId, ReportId reportId, int number,
                                ReportContent.Surroundings content, ReportFacts facts) implements Report {}

    /** インフラ停止: a new outage with its first restoration ETA. */
    @Revision("1")
    record OutageReported(ParticipationId participationId, ReportId reportId, int number,
                          ReportContent.Outage content, ReportFacts facts) implements Report {}

    /** 復旧見込みの更新: the ETA moved; {@code previousEta} keeps the slippage visible. */
    @Revision("1")
    record RestorationEtaUpdated(ParticipationId participationId, ReportId reportId, int number,
                                 ReportContent.RestorationEta content, ReportFacts facts, Instant previousEta)
            implements Report {}

    /** 復旧 */
    @Revision("1")
    record OutageRestored(ParticipationId participationId, ReportId reportId, int number,
                          ReportContent.Restored content, ReportFacts facts) implements Report {}

    /** 避難所の状況 */
    @Revision("1")
    record ShelterStatusReported(ParticipationId participationId, ReportId reportId, int number,
                                 ReportContent.Shelter content, ReportFacts facts) implements Report {}

    /** 相談窓口の状況 */
    @Revision("1")
    record ConsultationDeskReported(ParticipationId participationId, ReportId reportId, int number,
                                    ReportContent.ConsultationDesk content, ReportFacts facts) implements Report {}

    /** 事業の復旧状況 */
    @Revision("1")
    record BusinessRecoveryReported(ParticipationId participationId, ReportId reportId, int number,
                                    ReportContent.BusinessRecovery content, ReportFacts facts) implements Report {}

    /** サプライチェーン状況 */
    @Revision("1")
    record SupplyChainReported(ParticipationId participationId, ReportId reportId, int number,
                               ReportContent.SupplyChain content, ReportFacts facts) implements Report {}

    /**
     * 被害調査: one business's damage as the chamber or park surveyed it; {@code revision} counts the surveys of that
     * business, and the latest replaces the earlier ones in every total.
     */
    @Revision("1")
    record BusinessDamageSurveyed(ParticipationId participationId, ReportId reportId, int number,
                                  ReportContent.BusinessDamage content, ReportFacts facts, int revision)
            implements Report {}

    /** 確認: a report posted as unconfirmed (未確認) is now confirmed. */
    @Revision("1")
    record ReportConfirmed(ParticipationId participationId, ReportId reportId, String note)
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

    /**
     * 督促・上位への報告: an overdue task nobody acted on (done, waived, handed over or started) was made known up the
     * reporting chain: at step 1 to the organisation's parents taking part, at step 2 to the coordinating HQ.
     *
     * @param to    who was told, by name
     * @param level PARENTS or HQ
     */
    @Revision("1")
    record TaskEscalated(ParticipationId participationId, TaskId taskId, int step, String level,
                         List<OrganisationId> to, Instant dueAt) implements ParticipationEvent {}

    /**
     * The declared damage scale of a district reached this participation, opening the tasks that wait for it and
     * re-planning the sharing that follows it. {@code district} is null in events recorded before districts existed.
     */
    @Revision("1")
    record DamageScaleApplied(ParticipationId participationId, DamageScale scale, String district)
            implements ParticipationEvent {}

    // ---------------------------------------------------------------------------------- 情報共有 (exchanges)

    /**
     * The slots this organisation owes a recipient under a sharing agreement, from {@code effectiveFrom} on: the
     * bands are copied from the cadence so the schedule reads the same however reference data changes later. A new
     * declared scale records a new schedule from that moment.
     */
    @Revision("1")
    record ExchangeScheduled(ParticipationId participationId, String agreementId, OrganisationId recipient,
                             ExchangeTopic topic, String cadence, String district, DamageScale scale,
                             Instant effectiveFrom, List<Band> bands) implements ParticipationEvent {}

    /**
     * 情報共有: this organisation told others something. {@code chainLevel} says how the recipients were chosen
     * (e.g. PARENT: everyone it reports to); a forward names what it passes on and the exchange that started it;
     * {@code slotsMet} are the agreement slots it met.
     */
    @Revision("1")
    record InformationShared(ParticipationId participationId, String exchangeId, List<OrganisationId> recipients,
                             String chainLevel, ExchangeTopic topic, String text, List<ReportId> reports,
                             String forwardedFrom, String originalExchangeId, List<SlotMet> slotsMet)
            implements ParticipationEvent {}

    /** The information reached this organisation's inbox. */
    @Revision("1")
    record InformationReceived(ParticipationId participationId, String exchangeId, OrganisationId from,
                               ExchangeTopic topic, Instant sharedAt, String originalExchangeId)
            implements ParticipationEvent {}

    /** 受領確認: the recipient confirms it has read the information. */
    @Revision("1")
    record InformationAcknowledged(ParticipationId participationId, String exchangeId, OrganisationId from,
                                   Instant sharedAt, String note) implements ParticipationEvent {}

    /** A slot fell due and nothing has been shared for it yet. */
    @Revision("1")
    record ExchangeDue(ParticipationId participationId, String agreementId, OrganisationId recipient,
                       ExchangeTopic topic, Instant due) implements ParticipationEvent {}

    /** The next slot fell due and this one was never met. */
    @Revision("1")
    record ExchangeMissed(ParticipationId participationId, String agreementId, OrganisationId recipient,
                          ExchangeTopic topic, Instant due) implements ParticipationEvent {}

    /**
     * 督促: a missed slot nobody made up for (a sharing that meets a later slot) was made known up the reporting
     * chain, leaving out the recipient, who sees the miss itself.
     *
     * @param due   the missed slot's due time
     * @param to    who was told, by name
     * @param level PARENTS or HQ
     */
    @Revision("1")
    record ExchangeEscalated(ParticipationId participationId, String agreementId, OrganisationId recipient,
                             ExchangeTopic topic, Instant due, int step, String level, List<OrganisationId> to)
            implements ParticipationEvent {}
}
