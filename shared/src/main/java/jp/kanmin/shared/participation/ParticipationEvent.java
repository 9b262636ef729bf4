package jp.kanmin.shared.participation;

import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentScoped;
import jp.kanmin.shared.organisation.OrganisationId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Events of one organisation's participation in an incident (参加組織). */
public sealed interface ParticipationEvent extends IncidentScoped {

    ParticipationId participationId();

    @Override
    default IncidentId incidentId() {
        return participationId().incidentId();
    }

    default OrganisationId organisationId() {
        return participationId().organisationId();
    }

    /** The organisation's part of the timeline opens; zero hour is copied so deadlines need no other aggregate. */
    @Revision("1")
    record ParticipationStarted(ParticipationId participationId, Instant zeroHour) implements ParticipationEvent {}

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
}
