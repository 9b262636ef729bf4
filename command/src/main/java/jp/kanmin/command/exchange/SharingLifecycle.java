package jp.kanmin.command.exchange;

import jp.kanmin.command.support.SystemCommands;
import jp.kanmin.shared.organisation.OrganisationEvent.SharingAgreed;
import jp.kanmin.shared.participation.ParticipationCommands.ActivateSharingObligation;
import jp.kanmin.shared.participation.ParticipationCommands.ReceiveInformation;
import jp.kanmin.shared.participation.ParticipationEvent.InformationShared;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.incident.IncidentId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Binds sharing agreements to the organisations of an incident and delivers what they share. An obligation starts
 * when both parties take part (whichever joins second starts it) or when an agreement is made during an incident;
 * shared information reaches each recipient's inbox, where it can be acknowledged and passed on.
 */
@Component
@ProcessingGroup("participation-lifecycle")
class SharingLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(SharingLifecycle.class);
    private static final Duration READ_MODELS = Duration.ofSeconds(15);

    private final SystemCommands commands;
    private final SharingAgreements agreements;

    SharingLifecycle(SystemCommands commands, SharingAgreements agreements) {
        this.commands = commands;
        this.agreements = agreements;
    }

    @EventHandler
    void on(ParticipationStarted event, EventMessage<?> message) {
        agreements.involving(event.incidentId(), event.organisationId()).block(READ_MODELS)
                  .forEach(obligation -> activate(event.incidentId(), obligation, message));
    }

    @EventHandler
    void on(SharingAgreed event, EventMessage<?> message) {
        SharingAgreements.Terms terms = new SharingAgreements.Terms(event.agreementId(), event.counterpart(),
                                                                    event.topic(), event.direction(), event.cadence(),
                                                                    event.district());
        agreements.bind(event.organisationId(), terms).block(READ_MODELS)
                  .forEach(bound -> activate(bound.incident(), bound.obligation(), message));
    }

    @EventHandler
    void on(InformationShared event, EventMessage<?> message) {
        for (var recipient : event.recipients()) {
            ParticipationId inbox = new ParticipationId(event.incidentId(), recipient);
            try {
                commands.send(new ReceiveInformation(inbox, event.exchangeId(), event.organisationId(), event.topic(),
                                                     message.getTimestamp(), event.originalExchangeId()),
                              message, inbox.toString());
            } catch (AggregateNotFoundException left) {
                logger.warn("Exchange {} of incident {} is addressed to {}, which does not take part in it",
                            event.exchangeId(), event.incidentId(), recipient);
            }
        }
    }

    private void activate(IncidentId incident, SharingAgreements.Obligation obligation, EventMessage<?> cause) {
        ParticipationId sender = new ParticipationId(incident, obligation.sender());
        try {
            commands.send(new ActivateSharingObligation(sender, obligation.agreementId(), obligation.recipient(),
                                                        obligation.topic(), obligation.cadence(),
                                                        obligation.district()),
                          cause, sender + "/" + obligation.agreementId() + "/" + obligation.recipient());
        } catch (AggregateNotFoundException notYet) {
            // its participation starts in a moment, and binds the agreement then
        }
    }
}
