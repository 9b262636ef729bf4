package jp.kanmin.shared.damage;

import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.report.DamageScale;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * 被害規模の判断: the chamber and the municipality judge a district's damage scale together. One proposes, the other
 * confirms; the municipality (or an administrator) may also declare directly.
 */
public final class DamageJudgementCommands {

    private DamageJudgementCommands() {
    }

    /** The parties of a district's judgement, as the directory defines the district. */
    public record Parties(OrganisationId chamber, OrganisationId municipality) {
    }

    public record ProposeDamageScale(@TargetAggregateIdentifier JudgementId judgementId, Parties parties,
                                     DamageScale scale, String basis, OrganisationId by, boolean administrator) {
    }

    public record ConfirmDamageScale(@TargetAggregateIdentifier JudgementId judgementId, Parties parties,
                                     OrganisationId by, boolean administrator) {
    }

    public record DeclareDamageScale(@TargetAggregateIdentifier JudgementId judgementId, Parties parties,
                                     DamageScale scale, String basis, OrganisationId by, boolean administrator) {
    }
}
