package jp.kanmin.command.support;

import reactor.core.publisher.Mono;

/** Where an aggregate's event landed on the shared timeline; the event store answers it. */
public interface EventPositions {

    Mono<Long> positionOf(String aggregateIdentifier, long sequenceNumber);
}
