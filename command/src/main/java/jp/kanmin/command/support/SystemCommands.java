package jp.kanmin.command.support;

import jp.kanmin.shared.MessageMetadata;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sends the commands that process managers derive from events. Each names the event and its target as its request
 * id: an event seen twice (after a restart) sends the same request again, which the aggregate answers without acting
 * twice. Without its own request id a command would inherit the triggering request's through Axon's correlation
 * data, and an aggregate that had seen that request would answer it without acting.
 */
@Component
public class SystemCommands {

    private final CommandGateway commands;

    /**
     * Commands run on threads of their own, each in a unit of work of its own. Sent from an event handler's thread
     * they would nest in the processor's batch, holding every aggregate they touched locked until the whole batch
     * committed: HTTP commands to those aggregates waited for it, and two processors sending to each other's
     * aggregates deadlocked (Axon detected it and retried the batch; the burst benchmark hit it at start-up).
     */
    private final ExecutorService threads =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("system-command-", 0).factory());

    SystemCommands(CommandGateway commands) {
        this.commands = commands;
    }

    /** Sends and waits; fails as the command fails (e.g. AggregateNotFoundException when the target is absent). */
    public void send(Object command, EventMessage<?> cause, String target) {
        sendAndWait(command, requestOf(cause, target));
    }

    /** Sends in the name of {@code actor} (an exercise's scenario), which the timeline shows as who asked. */
    public void send(Object command, EventMessage<?> cause, String target, String actor) {
        sendAndWait(command, requestOf(cause, target).and(MessageMetadata.ACTOR, actor));
    }

    private void sendAndWait(Object command, MetaData metaData) {
        try {
            threads.submit(() -> commands.sendAndWait(command, metaData)).get();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(failed.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + command.getClass().getSimpleName(), e);
        }
    }

    private static MetaData requestOf(EventMessage<?> cause, String target) {
        return MetaData.with(MessageMetadata.REQUEST_ID, "system/" + cause.getIdentifier() + "/" + target);
    }
}
