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
 * The delivery log and, beside it, the outbox of deliveries still to make. The log holds every delivery once, under
 * its idempotency key, so a redelivered event queues nothing twice; the outbox holds only those pending, so taking
 * the next one reads a handful of entries however long the log grows (the embedded store scans what it searches).
 * A node takes a delivery by a lease, and one whose node died is taken again when the lease runs out.
 * <p>
 * Order of writes, so that a crash anywhere leaves nothing lost: queued, the log first and then the outbox (handled
 * again, a pending entry of the log gets its outbox entry back); done, the log first and then the outbox entry goes
 * (a crash in between sends it once more, under the same key).
 */
@Repository
public class Deliveries {

    static final String LOG = "notification_deliveries";
    static final String OUTBOX = "notification_outbox";

    private final MongoTemplate mongo;

    Deliveries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Queues a delivery; one queued before under its key (a redelivered event) is left as it is. */
    void enqueue(Delivery delivery) {
        try {
            mongo.insert(delivery, LOG);
        } catch (DuplicateKeyException queuedBefore) {
            Delivery logged = mongo.findById(delivery.id(), Delivery.class, LOG);
            if (logged == null || logged.status() != Delivery.Status.PENDING) {
                return; // delivered or dead: handling the event again sends nothing
            }
        }
        outbox(delivery);
    }

    private void outbox(Delivery delivery) {
        try {
            mongo.insert(delivery, OUTBOX);
        } catch (DuplicateKeyException alreadyThere) {
            // queued and not yet made
        }
    }

    /** The pending delivery due first, held for {@code node} until {@code lease} from now; null when none is due. */
    Delivery claim(String node, Instant now, Duration lease) {
        Query due = query(where("nextAttemptAt").lte(now).and("claimedUntil").lte(now)).with(Sort.by("nextAttemptAt"));
        return mongo.findAndModify(due, new Update().set("claimedBy", node).set("claimedUntil", now.plus(lease)),
                                   FindAndModifyOptions.options().returnNew(true), Delivery.class, OUTBOX);
    }

    /** Records an attempt of a delivery this node holds: delivered, to be tried again at {@code retryAt}, or dead. */
    void attempted(Delivery delivery, Delivery.Attempt attempt, Delivery.Status status, Instant retryAt) {
        Update logged = new Update().push("attempts", attempt).set("status", status);
        if (status == Delivery.Status.DELIVERED) {
            logged.set("deliveredAt", attempt.at());
        }
        mongo.updateFirst(query(where("_id").is(delivery.id())), logged, LOG);
        Query held = query(where("_id").is(delivery.id()).and("claimedBy").is(delivery.claimedBy())
                                       .and("claimedUntil").is(delivery.claimedUntil()));
        if (status == Delivery.Status.PENDING) {
            mongo.updateFirst(held, new Update().push("attempts", attempt).set("nextAttemptAt", retryAt)
                                                .set("claimedUntil", attempt.at()), OUTBOX);
        } else {
            mongo.remove(held, OUTBOX);
        }
    }

    /** 再送: a delivery of the log, dead or delivered, is queued again under the same key, with its attempts anew. */
    boolean redeliver(String organisationId, String id, Instant now) {
        Delivery logged = mongo.findAndModify(query(where("_id").is(id).and("organisationId").is(organisationId)),
                                              new Update().set("status", Delivery.Status.PENDING),
                                              FindAndModifyOptions.options().returnNew(true), Delivery.class, LOG);
        if (logged == null) {
            return false;
        }
        mongo.remove(query(where("_id").is(id)), OUTBOX);
        outbox(logged.queuedAgain(now));
        return true;
    }

    /** An organisation's log, newest first. */
    List<Delivery> of(String organisationId, Delivery.Status status, int limit) {
        Query log = query(where("organisationId").is(organisationId));
        if (status != null) {
            log.addCriteria(where("status").is(status));
        }
        return mongo.find(log.with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(limit), Delivery.class, LOG);
    }
}
