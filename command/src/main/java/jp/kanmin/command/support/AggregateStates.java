package jp.kanmin.command.support;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One kind of aggregate's state as the event store holds it now, for a decision taken about an aggregate the command
 * is not sent to (does this organisation take part in the incident? is that one registered?). The state is folded
 * from the aggregate's own stream by the same function the aggregate sources itself with, so the two never disagree.
 * Each node keeps the states it folded and, on every use, reads only the events appended since: one indexed look-up,
 * and never behind a command another node has acknowledged.
 */
public final class AggregateStates<S> {

    private static final int REMEMBERED = 10_000;

    private final EventStore events;
    private final S initial;
    private final BiFunction<S, Object, S> fold;
    private final Map<String, Known<S>> known = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Known<S>> eldest) {
                    return size() > REMEMBERED;
                }
            });

    private record Known<S>(S state, long nextSequence) {
    }

    /**
     * @param initial the state of an aggregate with no events (not registered, never opened)
     * @param fold    the state after one more event; events it does not know leave the state as it is
     */
    public AggregateStates(EventStore events, S initial, BiFunction<S, Object, S> fold) {
        this.events = events;
        this.initial = initial;
        this.fold = fold;
    }

    /** The aggregate's state now; reads the store, so off the event loop. */
    public Mono<S> of(String aggregateIdentifier) {
        return Mono.fromCallable(() -> current(aggregateIdentifier)).subscribeOn(Schedulers.boundedElastic());
    }

    /** Blocking form, for event handlers that already run on their own threads. */
    public S current(String aggregateIdentifier) {
        Known<S> before = known.getOrDefault(aggregateIdentifier, new Known<>(initial, 0));
        S state = before.state();
        long next = before.nextSequence();
        // Never from a snapshot: its payload is the aggregate object, not an event this fold knows.
        DomainEventStream stream = events.readEvents(aggregateIdentifier, next);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            state = fold.apply(state, event.getPayload());
            next = event.getSequenceNumber() + 1;
        }
        if (next > before.nextSequence()) {
            Known<S> after = new Known<>(state, next);
            known.merge(aggregateIdentifier, after, (old, fresh) -> old.nextSequence() >= fresh.nextSequence() ? old : fresh);
        }
        return state;
    }
}
