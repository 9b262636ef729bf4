package jp.kanmin.shared.incident;

import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import org.axonframework.serialization.Revision;

import java.time.Duration;
import java.util.List;

import java.time.Instant;
import java.util.Set;

/** Events of an incident's lifecycle (災害・事案). Each is an entry on the incident's timeline. */
public sealed interface IncidentEvent extends IncidentScoped {

    /**
     * 事案の開始: the shared timeline starts; zero hour may lie in the past or, for forecast hazards, ahead.
     * {@code obligationsFrom} was added later: events stored before it read as {@link ObligationsFrom#ZERO_HOUR}.
     */
    @Revision("1")
    record IncidentOpened(IncidentId incidentId, String title, IncidentKind kind, IncidentTrigger trigger,
                          Instant zeroHour, IncidentMode mode, OrganisationId coordinatingHq,
                          OrganisationId openedBy, String planVersion, ObligationsFrom obligationsFrom)
            implements IncidentEvent {

        /** Incidents opened before the rule was chosen per incident counted their tasks from zero hour. */
        public ObligationsFrom obligationsFrom() {
            return obligationsFrom == null ? ObligationsFrom.ZERO_HOUR : obligationsFrom;
        }
    }

    /** 参加依頼: the coordinating HQ asks an organisation to take part; it takes part once it joins. */
    @Revision("1")
    record ParticipantInvited(IncidentId incidentId, OrganisationId organisationId, OrganisationId invitedBy)
            implements IncidentEvent {}

    /** 参加: an organisation takes part and may post; {@code addedBy} is itself when it accepted an invitation. */
    @Revision("1")
    record ParticipantJoined(IncidentId incidentId, OrganisationId organisationId, OrganisationType organisationType,
                             OrganisationId addedBy) implements IncidentEvent {}

    /** 離脱: an organisation no longer takes part, by its own choice or the HQ's. */
    @Revision("1")
    record ParticipantLeft(IncidentId incidentId, OrganisationId organisationId, OrganisationId removedBy,
                           String reason) implements IncidentEvent {}

    /** 調整本部の変更: another organisation coordinates from now on (e.g. the prefecture takes over). */
    @Revision("1")
    record CoordinatingHqChanged(IncidentId incidentId, OrganisationId previousHq, OrganisationId coordinatingHq,
                                 OrganisationId changedBy) implements IncidentEvent {}

    /** 事案の終了: nothing more is posted; the timeline stays readable. Names who was taking part at the time. */
    @Revision("1")
    record IncidentClosed(IncidentId incidentId, String reason, OrganisationId closedBy,
                          Set<OrganisationId> participants) implements IncidentEvent {}

    /** 事案の再開: posting resumes, for a reason the timeline keeps (an aftershock, a late finding). */
    @Revision("1")
    record IncidentReopened(IncidentId incidentId, String reason, OrganisationId reopenedBy,
                            Set<OrganisationId> participants) implements IncidentEvent {}

    /** 訓練シナリオの開始: the injects this exercise will be told, and when. */
    @Revision("1")
    record ExerciseScheduled(IncidentId incidentId, String scenarioId, double speed, List<ScheduledInject> injects,
                             OrganisationId scheduledBy) implements IncidentEvent {}

    /** 状況付与: the organisation playing {@code role} is told {@code text}; with a report, the scenario posts it. */
    @Revision("1")
    record InjectDelivered(IncidentId incidentId, int number, Duration offset, String role,
                           OrganisationId organisationId, String text, ReportContent report, ReportFacts facts)
            implements IncidentEvent {}

    /** 訓練の保管: the exercise is put away; its timeline stays readable for whoever took part. */
    @Revision("1")
    record ExerciseArchived(IncidentId incidentId, OrganisationId archivedBy) implements IncidentEvent {}

    /** 訓練の削除: the exercise leaves every read model; the event store keeps its record. */
    @Revision("1")
    record ExerciseDeleted(IncidentId incidentId, String reason, OrganisationId deletedBy) implements IncidentEvent {}

    /**
     * 分岐訓練: this exercise starts from {@code asOf} of the {@code source} incident, whose events up to then were
     * copied with their times moved on by {@code shift}, so that the fork's present is the source's {@code asOf}.
     */
    @Revision("1")
    record IncidentForked(IncidentId incidentId, IncidentId source, Instant asOf, Duration shift,
                          OrganisationId forkedBy) implements IncidentEvent {}
}
