package jp.kanmin.command.exchange;

import jp.kanmin.command.support.SystemCommands;
import jp.kanmin.shared.participation.ParticipationCommands.ReceiveInformation;
import jp.kanmin.shared.participation.ParticipationEvent.InformationShared;
import jp.kanmin.shared.participation.ParticipationId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Shared information reaches each recipient's inbox, where it can be acknowledged and passed on. */
@Component
@ProcessingGroup("participation-lifecycle")
class InformationDelivery {

    private static final Logger logger = LoggerFactory.getLogger(InformationDelivery.class);

    private final SystemCommands commands;

    InformationDelivery(SystemCommands commands) {
        this.commands = commands;
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
}
