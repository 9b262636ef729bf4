package jp.kanmin.ops.adapters;

import jp.kanmin.command.support.EventPositions;
import jp.kanmin.ops.eventstore.IndexedMongoEventStorageEngine;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Looks up where an aggregate's event landed, straight from the event store. */
@Component
class StoreEventPositions implements EventPositions {

    private final IndexedMongoEventStorageEngine engine;

    StoreEventPositions(IndexedMongoEventStorageEngine engine) {
        this.engine = engine;
    }

    @Override
    public Mono<Long> positionOf(String aggregateIdentifier, long sequenceNumber) {
        return Mono.fromCallable(() -> engine.globalIndexOf(aggregateIdentifier, sequenceNumber)
                                             .orElseThrow(() -> new IllegalStateException(
                                                     "no stored event " + sequenceNumber + " of " + aggregateIdentifier)))
                   .subscribeOn(Schedulers.boundedElastic());
    }
}
