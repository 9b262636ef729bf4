package jp.kanmin.command.exchange;

import jp.kanmin.command.roster.IncidentRoster;
import jp.kanmin.command.roster.IncidentRosters;
import jp.kanmin.command.organisation.DirectoryEntry;
import jp.kanmin.command.organisation.KnownOrganisations;
import jp.kanmin.command.support.SystemCommands;
import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantJoined;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantLeft;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationEvent.RelationAdded;
import jp.kanmin.shared.organisation.OrganisationEvent.SharingAgreed;
import jp.kanmin.shared.organisation.RelationType;
import jp.kanmin.shared.participation.ParticipationCommands.ActivateSharingObligation;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Binds sharing agreements to the organisations of an incident. An obligation starts when both parties take part
 * (whichever joins second starts it) or when an agreement is made during an incident. Decides from the store and its
 * own state only: a participation that starts reads the incident's roster and the parties' agreements from their
 * events, which include everything before it; an agreement looks up the incidents its holder joined in this
 * processor's own record, which its single segment keeps in store order.
 */
@Component
@ProcessingGroup(SharingLifecycle.PROCESSOR)
class SharingLifecycle {

    static final String PROCESSOR = "sharing-obligations";

    private final SystemCommands commands;
    private final SharingAgreements agreements;
    private final IncidentRosters rosters;
    private final KnownOrganisations directory;
    private final IncidentsTakenPartIn joined;

    SharingLifecycle(SystemCommands commands, SharingAgreements agreements, IncidentRosters rosters,
                     KnownOrganisations directory, IncidentsTakenPartIn joined) {
        this.commands = commands;
        this.agreements = agreements;
        this.rosters = rosters;
        this.directory = directory;
        this.joined = joined;
    }

    @EventHandler
    void on(ParticipantJoined event) {
        joined.joined(event.organisationId(), event.incidentId());
    }

    @EventHandler
    void on(ParticipantLeft event) {
        joined.left(event.organisationId(), event.incidentId());
    }

    /** A fork's copied history is not acted on: what was done about it was copied too. */
    @EventHandler
    void on(ParticipationStarted event, EventMessage<?> message) {
        IncidentRoster roster = rosters.current(event.incidentId());
        if (isCopied(message) || !roster.exists() || roster.closed()) {
            return;
        }
        agreements.involving(roster, event.organisationId(), joined.namedBy(event.organisationId()))
                  .forEach(obligation -> activate(event.incidentId(), obligation, null, message));
    }

    /** A reporting-chain parent is named by every agreement of its child that has no counterpart. */
    @EventHandler
    void on(RelationAdded event) {
        if (event.type() == RelationType.REPORTS_TO) {
            joined.named(event.target(), event.organisationId());
        }
    }

    @EventHandler
    void on(SharingAgreed event, EventMessage<?> message) {
        if (event.counterpart() != null) {
            joined.named(event.counterpart(), event.organisationId());
        }
        DirectoryEntry holder = directory.current(event.organisationId());
        DirectoryEntry.Agreement agreement = holder.agreements().get(event.agreementId());
        if (agreement == null) {
            return; // ended since
        }
        for (IncidentId incident : joined.of(event.organisationId())) {
            IncidentRoster roster = rosters.current(incident);
            if (roster.exists() && !roster.closed()) {
                agreements.among(holder, agreement, roster.parties())
                          .forEach(obligation -> activate(incident, obligation, message.getTimestamp(), message));
            }
        }
    }

    private static boolean isCopied(EventMessage<?> message) {
        return message.getMetaData().containsKey(MessageMetadata.FORKED_FROM);
    }

    private void activate(IncidentId incident, SharingAgreements.Obligation obligation, java.time.Instant agreedAt,
                          EventMessage<?> cause) {
        ParticipationId sender = new ParticipationId(incident, obligation.sender());
        try {
            commands.send(new ActivateSharingObligation(sender, obligation.agreementId(), obligation.recipient(),
                                                        obligation.topic(), obligation.cadence(),
                                                        obligation.district(), agreedAt),
                          cause, sender + "/" + obligation.agreementId() + "/" + obligation.recipient());
        } catch (AggregateNotFoundException notYet) {
            // its participation starts in a moment, and binds the agreement then
        }
    }
}
