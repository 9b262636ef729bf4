package jp.kanmin.command.damage;

import jp.kanmin.command.support.SystemCommands;
import jp.kanmin.shared.damage.DamageJudgementEvent.DamageScaleDeclared;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.Fulfilment;
import jp.kanmin.shared.participation.ParticipationCommands.ApplyDamageScale;
import jp.kanmin.shared.participation.ParticipationCommands.RecordFulfilment;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.plan.Completion;
import jp.kanmin.shared.report.ReportType;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a declared damage scale sets in motion for the district's two parties: it completes their "judge the damage
 * scale" task and opens the tasks that wait for that scale (consultation desk, damage survey). A party that does not
 * take part in the incident is skipped.
 */
@Component
@ProcessingGroup("participation-lifecycle")
class DamageScaleEffects {

    private final SystemCommands commands;

    DamageScaleEffects(SystemCommands commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(DamageScaleDeclared event, EventMessage<?> message) {
        Set<OrganisationId> parties = new LinkedHashSet<>();
        parties.add(event.chamber());
        parties.add(event.municipality());
        Fulfilment declaration = new Fulfilment(Fulfilment.Kind.DECLARATION, event.judgementId().toString());
        for (OrganisationId party : parties) {
            ParticipationId participation = new ParticipationId(event.incidentId(), party);
            try {
                commands.send(new RecordFulfilment(participation, Completion.byReport(ReportType.DAMAGE_SCALE),
                                                   declaration), message, participation + "/fulfil");
                commands.send(new ApplyDamageScale(participation, event.scale(), event.judgementId().district()),
                              message, participation + "/scale");
            } catch (AggregateNotFoundException notTakingPart) {
                // the party is in the directory but not in this incident
            }
        }
    }
}
