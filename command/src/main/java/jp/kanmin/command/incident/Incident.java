package jp.kanmin.command.incident;

import jp.kanmin.command.participation.Participation;
import jp.kanmin.command.support.DeduplicatingAggregate;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.incident.IncidentEvent.IncidentOpened;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantAdded;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.OpenIncident;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

/**
 * An incident's lifecycle and who takes part (災害・事案). Reports go to each organisation's {@link Participation},
 * so this aggregate changes rarely and never slows posting down.
 */
@Aggregate
public class Incident extends DeduplicatingAggregate {

    @AggregateIdentifier
    private IncidentId incidentId;
    private Instant zeroHour;
    private final Set<OrganisationId> participants = new LinkedHashSet<>();

    protected Incident() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(OpenIncident command) throws Exception {
        mustNotBeOpenedTwice();
        apply(new IncidentOpened(command.incidentId(), command.title(), command.kind(), command.trigger(),
                                 command.zeroHour(), command.mode(), command.coordinatingHq(), command.openedBy()));
        Set<OrganisationId> everyone = new LinkedHashSet<>();
        everyone.add(command.coordinatingHq());
        everyone.addAll(command.participants());
        for (OrganisationId organisation : everyone) {
            addParticipant(organisation, command.openedBy());
        }
    }

    private void addParticipant(OrganisationId organisation, OrganisationId addedBy) throws Exception {
        apply(new ParticipantAdded(incidentId, organisation, addedBy));
        ParticipationId participation = new ParticipationId(incidentId, organisation);
        Instant start = zeroHour;
        createNew(Participation.class, () -> new Participation(participation, start));
    }

    private void mustNotBeOpenedTwice() {
        if (incidentId != null) {
            throw RuleViolation.conflict("incident-already-open", "incident " + incidentId + " is already open");
        }
    }

    @EventSourcingHandler
    void on(IncidentOpened event) {
        incidentId = event.incidentId();
        zeroHour = event.zeroHour();
    }

    @EventSourcingHandler
    void on(ParticipantAdded event) {
        participants.add(event.organisationId());
    }

    @Override
    protected String aggregateIdentifier() {
        return incidentId.toString();
    }
}
