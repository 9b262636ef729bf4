package jp.kanmin.ops.adapters;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import jp.kanmin.command.support.IdempotencyKeys;
import jp.kanmin.ops.config.AxonConfiguration;
import jp.kanmin.ops.config.StoreProperties;
import jp.kanmin.shared.RuleViolation;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.Date;

import static com.mongodb.client.model.Filters.eq;

/**
 * Idempotency keys in MongoDB: one document per organisation and key, written once, shared by every node.
 * Command-side state, read by {@code _id} only. A claim does not wait for the journal: the command's events are
 * appended after it on the same store, and their durable write makes the claim durable too; a claim lost in a crash
 * belonged to a command that was never acknowledged.
 */
@Component
class MongoIdempotencyKeys implements IdempotencyKeys {

    static final String COLLECTION = "idempotency_keys";

    private final MongoCollection<Document> keys;
    private final Clock clock;

    MongoIdempotencyKeys(MongoClient client, StoreProperties store, Clock clock) {
        this.keys = client.getDatabase(store.database()).getCollection(COLLECTION)
                          .withWriteConcern(AxonConfiguration.writeConcern(store.writeConcern()).withJournal(false));
        this.clock = clock;
    }

    @Override
    public Mono<Void> claim(String requestId, String fingerprint) {
        return Mono.fromRunnable(() -> claimNow(requestId, fingerprint)).subscribeOn(Schedulers.boundedElastic())
                   .then();
    }

    private void claimNow(String requestId, String fingerprint) {
        try {
            keys.insertOne(new Document("_id", requestId).append("fingerprint", fingerprint)
                                                         .append("firstUsedAt", Date.from(clock.instant())));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Document first = keys.find(eq("_id", requestId)).first();
            if (first != null && !fingerprint.equals(first.getString("fingerprint"))) {
                throw RuleViolation.conflict("idempotency-key-reused",
                                             "this Idempotency-Key was already used for a different request");
            }
        }
    }
}
