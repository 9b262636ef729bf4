package jp.kanmin.ops.deadline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.deadline.AbstractDeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.nin;
import static com.mongodb.client.model.Filters.or;

/**
 * An Axon {@link org.axonframework.deadline.DeadlineManager} that keeps deadlines in MongoDB, so that a deadline
 * scheduled before a restart fires after it, and fires once even when several nodes share the store.
 * <p>
 * Axon's {@code SimpleDeadlineManager} keeps deadlines in memory and loses them on restart; the JobRunr and
 * db-scheduler managers need their own storage (JobRunr's MongoDB storage relies on queries and transactions
 * mongo-java-server does not offer). This one is small: a document per deadline, polled by every node; a node takes
 * a due deadline with a conditional update (only one node's update matches), runs it in a unit of work like Axon's
 * own managers, then deletes it. A node that dies while running one leaves it claimed; after {@code lease} another
 * node takes it again. A deadline can therefore run twice in that rare case, so handlers check state before acting
 * (a task that is already overdue or done records nothing): the event then happens exactly once.
 * <p>
 * A deadline is written when it is scheduled, before the unit of work appends the events that go with it (a crash
 * after the events and before the deadline would lose it for good); it is removed if the unit of work rolls back. A
 * crash before the events land leaves a deadline without them, which finds nothing to do when it fires. Cancelling
 * happens as the unit of work commits; a cancellation lost in a crash leaves a deadline that likewise does nothing.
 */
public class MongoDeadlineManager extends AbstractDeadlineManager implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(MongoDeadlineManager.class);
    private static final String SCHEDULED = "SCHEDULED";
    private static final String RUNNING = "RUNNING";
    private static final String FAILED = "FAILED";
    private static final int MAX_ATTEMPTS = 10;

    private final MongoCollection<Document> deadlines;
    private final ScopeAwareProvider scopes;
    private final Serializer serializer;
    private final Clock clock;
    private final String node;
    private final Duration pollInterval;
    private final Duration lease;
    private final Counter fired;
    private final Counter failed;
    private ScheduledExecutorService poller;
    private volatile boolean running;

    public MongoDeadlineManager(MongoDatabase database, ScopeAwareProvider scopes, Serializer serializer, Clock clock,
                                String node, Duration pollInterval, Duration lease, MeterRegistry meters) {
        // Written without waiting for the journal: a deadline is scheduled before the events that promise it, whose
        // durable append makes it durable too; a cancellation lost in a crash leaves a deadline that does nothing.
        this.deadlines = database.getCollection("deadlines").withWriteConcern(
                database.getWriteConcern().withJournal(false));
        this.scopes = scopes;
        this.serializer = serializer;
        this.clock = clock;
        this.node = node;
        this.pollInterval = pollInterval;
        this.lease = lease;
        this.fired = Counter.builder("kanmin.deadlines.fired").description("Deadlines run").register(meters);
        this.failed = Counter.builder("kanmin.deadlines.failed").description("Deadline runs that failed")
                             .register(meters);
        Gauge.builder("kanmin.deadlines.due", this, MongoDeadlineManager::dueCount)
             .description("Deadlines whose time has come but that have not run yet").register(meters);
        deadlines.createIndex(Indexes.ascending("state", "triggerAt"), new IndexOptions().name("dueDeadlines"));
        deadlines.createIndex(Indexes.ascending("name", "aggregateType", "aggregateId"),
                              new IndexOptions().name("deadlinesByScope"));
    }

    // ------------------------------------------------------------------------------------------- scheduling

    @Override
    public String schedule(Instant triggerDateTime, String deadlineName, Object messageOrPayload,
                           ScopeDescriptor deadlineScope) {
        DeadlineMessage<?> message = processDispatchInterceptors(
                GenericDeadlineMessage.asDeadlineMessage(deadlineName, messageOrPayload, triggerDateTime));
        AggregateScopeDescriptor scope = aggregateScope(deadlineScope);
        SerializedObject<String> payload = message.serializePayload(serializer, String.class);
        SerializedObject<String> metaData = message.serializeMetaData(serializer, String.class);
        Document deadline = new Document("_id", message.getIdentifier())
                .append("name", deadlineName)
                .append("aggregateType", scope.getType())
                .append("aggregateId", scope.getIdentifier().toString())
                .append("triggerAt", Date.from(triggerDateTime))
                .append("payloadType", payload.getType().getName())
                .append("payloadRevision", payload.getType().getRevision())
                .append("payload", payload.getData())
                .append("metaData", metaData.getData())
                .append("state", SCHEDULED)
                .append("attempts", 0);
        // Written now, before the unit of work appends its events: a crash between the two must not leave an event
        // that promised a deadline without it. A deadline whose events never land fires into an aggregate that
        // knows nothing of it and does nothing (handlers check state); a rolled-back one is removed at once.
        deadlines.insertOne(deadline);
        if (CurrentUnitOfWork.isStarted()) {
            scheduledInThisUnitOfWork().add(message.getIdentifier());
            CurrentUnitOfWork.get().onRollback(u -> deadlines.deleteOne(eq("_id", deadline.get("_id"))));
        }
        return message.getIdentifier();
    }

    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        cancelAsCommitted(and(eq("_id", scheduleId), eq("name", deadlineName)));
    }

    @Override
    public void cancelAll(String deadlineName) {
        cancelAsCommitted(eq("name", deadlineName));
    }

    @Override
    public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
        AggregateScopeDescriptor aggregate = aggregateScope(scope);
        cancelAsCommitted(and(eq("name", deadlineName), eq("aggregateType", aggregate.getType()),
                              eq("aggregateId", aggregate.getIdentifier().toString())));
    }

    /**
     * Cancelling waits for the commit (a rolled-back cancellation must leave its deadline), while scheduling is
     * written at once: so a deadline scheduled in this unit of work after the cancellation was asked for (cancel,
     * then schedule anew) is spared, and one scheduled before it is not.
     */
    private void cancelAsCommitted(Bson deadlinesToCancel) {
        if (!CurrentUnitOfWork.isStarted()) {
            deadlines.deleteMany(deadlinesToCancel);
            return;
        }
        List<String> scheduled = scheduledInThisUnitOfWork();
        int scheduledBefore = scheduled.size();
        CurrentUnitOfWork.get().onPrepareCommit(u -> {
            List<String> scheduledAfter = List.copyOf(scheduled.subList(scheduledBefore, scheduled.size()));
            deadlines.deleteMany(scheduledAfter.isEmpty() ? deadlinesToCancel
                                                          : and(deadlinesToCancel, nin("_id", scheduledAfter)));
        });
    }

    private static List<String> scheduledInThisUnitOfWork() {
        return CurrentUnitOfWork.get().root().getOrComputeResource(MongoDeadlineManager.class.getName() + ".scheduled",
                                                                   key -> new ArrayList<>());
    }

    private static AggregateScopeDescriptor aggregateScope(ScopeDescriptor scope) {
        if (scope instanceof AggregateScopeDescriptor aggregate) {
            return aggregate;
        }
        throw new IllegalArgumentException("Only aggregates schedule deadlines here, not " + scope.scopeDescription());
    }

    // ---------------------------------------------------------------------------------------------- running

    /** Runs every deadline that is due now; returns how many ran. Called by the poller, and by tests. */
    public int runDueDeadlines() {
        Instant now = clock.instant();
        deadlines.updateMany(and(eq("state", RUNNING), lt("leaseUntil", Date.from(now))),
                             Updates.set("state", SCHEDULED));
        List<Document> due = deadlines.find(and(eq("state", SCHEDULED), lte("triggerAt", Date.from(now))))
                                      .sort(Sorts.ascending("triggerAt")).limit(100).into(new ArrayList<>());
        int ran = 0;
        for (Document deadline : due) {
            if (claim(deadline, now)) {
                run(deadline);
                ran++;
            }
        }
        return ran;
    }

    /** Only one node's update matches a SCHEDULED deadline; the others see zero documents modified. */
    private boolean claim(Document deadline, Instant now) {
        Bson stillScheduled = and(eq("_id", deadline.getString("_id")), eq("state", SCHEDULED));
        return deadlines.updateOne(stillScheduled, Updates.combine(Updates.set("state", RUNNING),
                                                                   Updates.set("owner", node),
                                                                   Updates.set("leaseUntil",
                                                                               Date.from(now.plus(lease)))))
                        .getModifiedCount() == 1;
    }

    private void run(Document deadline) {
        String id = deadline.getString("_id");
        String name = deadline.getString("name");
        try {
            DeadlineMessage<?> message = message(deadline);
            ScopeDescriptor scope = new AggregateScopeDescriptor(deadline.getString("aggregateType"),
                                                                 deadline.getString("aggregateId"));
            UnitOfWork<DeadlineMessage<?>> unitOfWork = new DefaultUnitOfWork<>(message);
            unitOfWork.attachTransaction(NoTransactionManager.INSTANCE);
            var chain = new DefaultInterceptorChain<>(unitOfWork, handlerInterceptors(), intercepted -> {
                scopes.provideScopeAwareStream(scope)
                      .filter(component -> component.canResolve(scope))
                      .forEach(component -> {
                          try {
                              component.send(intercepted, scope);
                          } catch (Exception e) {
                              throw new IllegalStateException("Failed to deliver deadline " + name, e);
                          }
                      });
                return null;
            });
            ResultMessage<?> result = unitOfWork.executeWithResult(chain::proceed);
            if (result.isExceptional()) {
                throw result.exceptionResult();
            }
            deadlines.deleteOne(and(eq("_id", id), eq("owner", node)));
            fired.increment();
        } catch (Throwable failure) {
            failed.increment();
            int attempts = deadline.getInteger("attempts", 0) + 1;
            boolean giveUp = attempts >= MAX_ATTEMPTS;
            logger.error("Deadline {} ({}) failed, attempt {}{}", name, id, attempts,
                         giveUp ? "; giving up" : "; will retry", failure);
            Instant retryAt = clock.instant().plus(pollInterval.multipliedBy(1L << Math.min(attempts, 10)));
            deadlines.updateOne(and(eq("_id", id), eq("owner", node)),
                                Updates.combine(Updates.set("state", giveUp ? FAILED : SCHEDULED),
                                                Updates.set("attempts", attempts),
                                                Updates.set("triggerAt", Date.from(retryAt))));
        }
    }

    private DeadlineMessage<?> message(Document deadline) {
        Object payload = serializer.deserialize(new SimpleSerializedObject<>(
                deadline.getString("payload"), String.class, deadline.getString("payloadType"),
                deadline.getString("payloadRevision")));
        MetaData metaData = serializer.deserialize(new SimpleSerializedObject<>(
                deadline.getString("metaData"), String.class, MetaData.class.getName(), null));
        Instant triggerAt = deadline.getDate("triggerAt").toInstant();
        return new GenericDeadlineMessage<>(deadline.getString("name"),
                                            new GenericMessage<>(deadline.getString("_id"), payload, metaData),
                                            () -> triggerAt);
    }

    /** Deadlines that have fallen due and are not done: waiting for the poller, or being run. */
    public long dueOrRunning() {
        return deadlines.countDocuments(or(eq("state", RUNNING),
                                           and(eq("state", SCHEDULED), lte("triggerAt", Date.from(clock.instant())))));
    }

    private double dueCount() {
        try {
            return deadlines.countDocuments(and(eq("state", SCHEDULED), lte("triggerAt", Date.from(clock.instant()))));
        } catch (RuntimeException storeUnavailable) {
            return Double.NaN;
        }
    }

    // -------------------------------------------------------------------------------------------- lifecycle

    @Override
    public void start() {
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "deadlines");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(() -> {
            try {
                runDueDeadlines();
            } catch (RuntimeException e) {
                logger.warn("Could not poll deadlines: {}", e.toString());
            }
        }, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (poller != null) {
            poller.shutdown();
            try {
                poller.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After Axon's own configuration (phase MAX/2): deadlines run only once aggregates can be loaded. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2 + 10;
    }

    @Override
    public void shutdown() {
        stop();
    }
}
