package jp.kanmin.command.support;

import jp.kanmin.shared.MessageMetadata;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

/**
 * Sends the commands that process managers derive from events. Each names the event and its target as its request
 * id: an event seen twice (after a restart) sends the same request again, which the aggregate answers without acting
 * twice. Without its own request id a command would inherit the triggering request's through Axon's correlation
 * data, and an aggregate that had seen that request would answer it without acting.
 */
@Component
public class SystemCommands {

    private final CommandGateway commands;

    SystemCommands(CommandGateway commands) {
        this.commands = commands;
    }

    /** Sends and waits; fails as the command fails (e.g. AggregateNotFoundException when the target is absent). */
    public void send(Object command, EventMessage<?> cause, String target) {
        commands.sendAndWait(command, requestOf(cause, target));
    }

    /** Sends in the name of {@code actor} (an exercise's scenario), which the timeline shows as who asked. */
    public void send(Object command, EventMessage<?> cause, String target, String actor) {
        commands.sendAndWait(command, requestOf(cause, target).and(MessageMetadata.ACTOR, actor));
    }

    private static MetaData requestOf(EventMessage<?> cause, String target) {
        return MetaData.with(MessageMetadata.REQUEST_ID, "system/" + cause.getIdentifier() + "/" + target);
    }
}
