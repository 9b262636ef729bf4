package jp.kanmin.command.damage;

import jp.kanmin.command.support.DeduplicatingAggregate;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.damage.DamageJudgementCommands.ConfirmDamageScale;
import jp.kanmin.shared.damage.DamageJudgementCommands.DeclareDamageScale;
import jp.kanmin.shared.damage.DamageJudgementCommands.Parties;
import jp.kanmin.shared.damage.DamageJudgementCommands.ProposeDamageScale;
import jp.kanmin.shared.damage.DamageJudgementEvent.DamageScaleDeclared;
import jp.kanmin.shared.damage.DamageJudgementEvent.DamageScaleProposed;
import jp.kanmin.shared.damage.JudgementId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.report.DamageScale;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A district's damage scale in one incident (被害規模の判断), judged jointly by its chamber of commerce and its
 * municipality (当会と当市との間で…決定する): one proposes, the other confirms. The municipality may also declare on its
 * own, and an administrator may stand in for either. The scale may be judged again as the picture changes.
 */
@Aggregate(cache = "aggregateCache")
public class DamageJudgement extends DeduplicatingAggregate {

    @AggregateIdentifier
    private JudgementId judgementId;
    private DamageScale declared;
    private DamageScaleProposed pending;

    protected DamageJudgement() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ProposeDamageScale command) {
        mustBeAParty(command.parties(), command.by(), command.administrator());
        apply(new DamageScaleProposed(command.judgementId(), command.scale(), command.basis(), command.by()));
    }

    @CommandHandler
    public void handle(ConfirmDamageScale command) {
        if (pending == null) {
            throw RuleViolation.conflict("nothing-to-confirm", "no damage scale has been proposed for this district");
        }
        mustBeAParty(command.parties(), command.by(), command.administrator());
        if (pending.proposedBy().equals(command.by()) && !command.administrator()) {
            throw RuleViolation.forbidden("second-party", "the other party confirms a proposal, not its proposer");
        }
        declare(command.judgementId(), pending.scale(), pending.basis(), command.parties(), pending.proposedBy(),
                command.by());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(DeclareDamageScale command) {
        boolean municipality = command.by().equals(command.parties().municipality());
        if (!municipality && !command.administrator()) {
            throw RuleViolation.forbidden("municipality-declares", "only the municipality declares a scale on its own; "
                    + "the chamber proposes it");
        }
        declare(command.judgementId(), command.scale(), command.basis(), command.parties(), command.by(), null);
    }

    /** Declaring the scale already in force, with nothing pending, changes nothing. */
    private void declare(JudgementId id, DamageScale scale, String basis, Parties parties, OrganisationId proposedBy,
                         OrganisationId confirmedBy) {
        if (scale == declared && pending == null) {
            return;
        }
        apply(new DamageScaleDeclared(id, scale, basis, parties.chamber(), parties.municipality(), proposedBy,
                                      confirmedBy));
    }

    private static void mustBeAParty(Parties parties, OrganisationId by, boolean administrator) {
        if (!administrator && !by.equals(parties.chamber()) && !by.equals(parties.municipality())) {
            throw RuleViolation.forbidden("district-parties-only",
                                          "only the district's chamber and municipality judge its damage scale");
        }
    }

    @EventSourcingHandler
    void on(DamageScaleProposed event) {
        judgementId = event.judgementId();
        pending = event;
    }

    @EventSourcingHandler
    void on(DamageScaleDeclared event) {
        judgementId = event.judgementId();
        declared = event.scale();
        pending = null;
    }

    @Override
    protected String aggregateIdentifier() {
        return judgementId.toString();
    }
}
