package jp.kanmin.command.support;

import jp.kanmin.shared.MessageMetadata;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.interceptors.MessageHandlerInterceptor;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CommandHandlerInterceptor;

import java.util.HashMap;
import java.util.Map;

/**
 * Makes every command handler of an aggregate idempotent per request: a command whose request id the aggregate has
 * already recorded returns the first answer and records nothing. Because the request id travels in each event's
 * metadata, the memory survives restarts, caches and other nodes: the event stream itself is the record.
 */
public abstract class DeduplicatingAggregate {

    private final Map<String, CommandAccepted> acceptedRequests = new HashMap<>();

    @CommandHandlerInterceptor
    public Object answerRepeatedRequestOnce(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        Object requestId = command.getMetaData().get(MessageMetadata.REQUEST_ID);
        if (requestId == null) {
            return chain.proceed();
        }
        CommandAccepted earlier = acceptedRequests.get(requestId.toString());
        if (earlier != null) {
            return earlier;
        }
        Long versionBefore = AggregateLifecycle.getVersion();
        Object answer = chain.proceed();
        Long versionAfter = AggregateLifecycle.getVersion();
        if (versionAfter != null && !versionAfter.equals(versionBefore)) {
            CommandAccepted accepted = new CommandAccepted(aggregateIdentifier(),
                                                           versionBefore == null ? 0 : versionBefore + 1);
            acceptedRequests.put(requestId.toString(), accepted);
            return accepted;
        }
        return answer;
    }

    /** While sourcing, events carry the request id that the live command interceptor above saw. */
    @MessageHandlerInterceptor(messageType = EventMessage.class)
    public Object rememberRequestWhileSourcing(EventMessage<?> event, InterceptorChain chain) throws Exception {
        Object requestId = event.getMetaData().get(MessageMetadata.REQUEST_ID);
        if (requestId != null && event instanceof DomainEventMessage<?> domainEvent) {
            acceptedRequests.putIfAbsent(requestId.toString(),
                                         new CommandAccepted(domainEvent.getAggregateIdentifier(),
                                                             domainEvent.getSequenceNumber()));
        }
        return chain.proceed();
    }

    protected abstract String aggregateIdentifier();
}
