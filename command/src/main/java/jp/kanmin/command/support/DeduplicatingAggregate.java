package jp.kanmin.command.support;

import jp.kanmin.shared.MessageMetadata;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.annotation.SourceId;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CommandHandlerInterceptor;

import java.util.HashMap;
import java.util.Map;

/**
 * Makes every command handler of an aggregate idempotent per request: a command whose request id the aggregate has
 * already recorded returns the first answer and records nothing. Because the request id travels in each event's
 * metadata, the memory survives restarts, caches and other nodes: the event stream itself is the record.
 */
public abstract class DeduplicatingAggregate {

    /** A part of its own, so it reads every event, whether or not the aggregate's other state changes with it. */
    @AggregateMember
    private final AcceptedRequests acceptedRequests = new AcceptedRequests();

    @CommandHandlerInterceptor
    public Object answerRepeatedRequestOnce(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        Object requestId = command.getMetaData().get(MessageMetadata.REQUEST_ID);
        if (requestId == null) {
            return chain.proceed();
        }
        CommandAccepted earlier = acceptedRequests.answered(requestId.toString());
        if (earlier != null) {
            return earlier;
        }
        Long versionBefore = AggregateLifecycle.getVersion();
        Object answer = chain.proceed();
        Long versionAfter = AggregateLifecycle.getVersion();
        if (versionAfter != null && !versionAfter.equals(versionBefore)) {
            return new CommandAccepted(aggregateIdentifier(), versionBefore == null ? 0 : versionBefore + 1);
        }
        return answer;
    }

    protected abstract String aggregateIdentifier();

    /** Each request id the aggregate's events carry, with the first event it recorded. */
    static final class AcceptedRequests {

        private final Map<String, CommandAccepted> accepted = new HashMap<>();

        CommandAccepted answered(String requestId) {
            return accepted.get(requestId);
        }

        @EventSourcingHandler
        void on(Object event, @MetaDataValue(MessageMetadata.REQUEST_ID) Object requestId,
                @SourceId String aggregateIdentifier, @SequenceNumber long sequenceNumber) {
            if (requestId != null) {
                accepted.putIfAbsent(requestId.toString(), new CommandAccepted(aggregateIdentifier, sequenceNumber));
            }
        }
    }
}
