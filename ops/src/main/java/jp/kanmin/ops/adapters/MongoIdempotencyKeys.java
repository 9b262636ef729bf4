package jp.kanmin.ops.adapters;

import jp.kanmin.command.support.IdempotencyKeys;
import jp.kanmin.shared.RuleViolation;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.Date;

/** Idempotency keys in MongoDB: one document per organisation and key, written once, shared by every node. */
@Component
class MongoIdempotencyKeys implements IdempotencyKeys {

    static final String COLLECTION = "idempotency_keys";

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;

    MongoIdempotencyKeys(ReactiveMongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    @Override
    public Mono<Void> claim(String requestId, String fingerprint) {
        Document claim = new Document("_id", requestId).append("fingerprint", fingerprint)
                                                       .append("firstUsedAt", Date.from(clock.instant()));
        return mongo.insert(claim, COLLECTION)
                    .then()
                    .onErrorResume(DuplicateKeyException.class, duplicate ->
                            mongo.findById(requestId, Document.class, COLLECTION)
                                 .flatMap(first -> fingerprint.equals(first.getString("fingerprint"))
                                         ? Mono.empty()
                                         : Mono.error(RuleViolation.conflict(
                                                 "idempotency-key-reused",
                                                 "this Idempotency-Key was already used for a different request")))
                                 .then());
    }
}
