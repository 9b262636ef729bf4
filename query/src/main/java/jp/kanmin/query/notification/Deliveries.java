package jp.kanmin.query.notification;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The outbox of notifications and their delivery log. An entry is written once per idempotency key, so a redelivered
 * event queues nothing twice; a node takes one by a lease, and one whose node died is taken again when it runs out.
 */
@Repository
public class Deliveries {

    static final String COLLECTION = "notification_deliveries";

    private final MongoTemplate mongo;

    Deliveries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Queues a delivery; one already queued under its key (a redelivered event) is left as it is. */
    void enqueue(Delivery delivery) {
        try {
            mongo.insert(delivery);
        } catch (DuplicateKeyException queuedBefore) {
            // the same event handled again: its notification is already on its way
        }
    }

    /** The pending delivery due first, held for {@code node} until {@code lease} from now; null when none is due. */
    Delivery claim(String node, Instant now, Duration lease) {
        Query due = query(where("status").is(Delivery.Status.PENDING).and("nextAttemptAt").lte(now)
                                         .and("claimedUntil").lte(now))
                .with(Sort.by("nextAttemptAt"));
        return mongo.findAndModify(due, new Update().set("claimedBy", node).set("claimedUntil", now.plus(lease)),
                                   FindAndModifyOptions.options().returnNew(true), Delivery.class);
    }

    /** Records an attempt of a delivery this node holds: delivered, to be tried again at {@code retryAt}, or dead. */
    void attempted(Delivery delivery, Delivery.Attempt attempt, Delivery.Status status, Instant retryAt) {
        Update update = new Update().push("attempts", attempt).set("status", status)
                                    .set("claimedUntil", attempt.at());
        if (status == Delivery.Status.DELIVERED) {
            update.set("deliveredAt", attempt.at());
        } else if (status == Delivery.Status.PENDING) {
            update.set("nextAttemptAt", retryAt);
        }
        mongo.updateFirst(query(where("_id").is(delivery.id()).and("claimedBy").is(delivery.claimedBy())
                                            .and("claimedUntil").is(delivery.claimedUntil())),
                          update, Delivery.class);
    }

    /** 再送: a delivery of the log, dead or delivered, is sent again under the same key. */
    boolean redeliver(String organisationId, String id, Instant now) {
        return mongo.updateFirst(query(where("_id").is(id).and("organisationId").is(organisationId)),
                                 new Update().set("status", Delivery.Status.PENDING).set("nextAttemptAt", now)
                                             .set("claimedUntil", now),
                                 Delivery.class).getMatchedCount() > 0;
    }

    /** An organisation's log, newest first. */
    List<Delivery> of(String organisationId, Delivery.Status status, int limit) {
        Query log = query(where("organisationId").is(organisationId));
        if (status != null) {
            log.addCriteria(where("status").is(status));
        }
        return mongo.find(log.with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(limit), Delivery.class);
    }

    Delivery find(String id) {
        return mongo.findById(id, Delivery.class);
    }
}
