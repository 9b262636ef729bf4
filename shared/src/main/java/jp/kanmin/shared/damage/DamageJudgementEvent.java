package jp.kanmin.shared.damage;

import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentScoped;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.report.DamageScale;
import org.axonframework.serialization.Revision;

/** Events of a district's damage-scale judgement (被害規模の判断). */
public sealed interface DamageJudgementEvent extends IncidentScoped {

    JudgementId judgementId();

    @Override
    default IncidentId incidentId() {
        return judgementId().incidentId();
    }

    /** 提案: one party proposes a scale, with the conditions it saw; the other has to confirm it. */
    @Revision("1")
    record DamageScaleProposed(JudgementId judgementId, DamageScale scale, String basis, OrganisationId proposedBy)
            implements DamageJudgementEvent {}

    /**
     * 被害規模の決定: the district's scale from now on. It opens the tasks that wait for a scale and sets the sharing
     * cadence; {@code confirmedBy} is the second party, or null when the municipality declared directly.
     */
    @Revision("1")
    record DamageScaleDeclared(JudgementId judgementId, DamageScale scale, String basis, OrganisationId chamber,
                               OrganisationId municipality, OrganisationId proposedBy, OrganisationId confirmedBy)
            implements DamageJudgementEvent {}
}
