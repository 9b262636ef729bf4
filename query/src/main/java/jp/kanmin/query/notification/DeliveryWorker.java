package jp.kanmin.query.notification;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers the outbox: takes the delivery due first, sends it, records the attempt; on failure tries again after a
 * back-off that doubles up to a ceiling, and after the last attempt leaves it dead (the dead letter), to be sent again
 * from the log by hand. On a thread of its own, so that a slow receiver holds up neither commands nor feeds; every
 * node runs one, and the lease keeps two from sending one delivery at once.
 */
@Component
class DeliveryWorker implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(DeliveryWorker.class);
    /** At most this many in one round, so that stopping the node waits for little. */
    private static final int ROUND = 200;

    private final Deliveries deliveries;
    private final Channels channels;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration poll;
    private final Duration lease;
    private final Duration firstRetry;
    private final Duration longestRetry;
    private final int attempts;
    private final String node = "notifier-" + UUID.randomUUID().toString().substring(0, 8);
    private final java.util.concurrent.atomic.AtomicBoolean woken = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile ScheduledExecutorService thread;

    DeliveryWorker(Deliveries deliveries, Channels channels, Clock clock, MeterRegistry meters,
                   @Value("${kanmin.notifications.poll:1s}") Duration poll,
                   @Value("${kanmin.notifications.lease:60s}") Duration lease,
                   @Value("${kanmin.notifications.first-retry:10s}") Duration firstRetry,
                   @Value("${kanmin.notifications.longest-retry:30m}") Duration longestRetry,
                   @Value("${kanmin.notifications.attempts:8}") int attempts) {
        this.deliveries = deliveries;
        this.channels = channels;
        this.clock = clock;
        this.meters = meters;
        this.poll = poll;
        this.lease = lease;
        this.firstRetry = firstRetry;
        this.longestRetry = longestRetry;
        this.attempts = attempts;
    }

    /**
     * A delivery was queued on this node: a round now rather than at the next poll, one at a time however many
     * arrive (the poll still finds those queued on other nodes, and retries).
     */
    void wake() {
        ScheduledExecutorService running = thread;
        if (running != null && woken.compareAndSet(false, true)) {
            try {
                running.execute(this::round);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                woken.set(false);
            }
        }
    }

    private void round() {
        woken.set(false);
        try {
            deliverDue();
        } catch (RuntimeException e) {
            logger.warn("Notification round failed; the next one tries again", e);
        }
    }

    /** Sends what is due now; answers how many it tried. */
    int deliverDue() {
        int tried = 0;
        Delivery delivery;
        while (tried < ROUND && (delivery = deliveries.claim(node, clock.instant(), lease)) != null) {
            deliver(delivery);
            tried++;
        }
        return tried;
    }

    private void deliver(Delivery delivery) {
        Channels.Outcome outcome = channels.send(delivery);
        Instant at = clock.instant();
        Delivery.Attempt attempt = new Delivery.Attempt(at, node, outcome.delivered(), outcome.detail());
        int made = delivery.attempts().size() + 1;
        Delivery.Status status = outcome.delivered() ? Delivery.Status.DELIVERED
                : made >= attempts || !outcome.worthRetrying() ? Delivery.Status.DEAD : Delivery.Status.PENDING;
        deliveries.attempted(delivery, attempt, status, at.plus(backOff(made)));
        meters.counter("kanmin.notifications.attempts", "channel", delivery.channel().name(),
                       "outcome", status.name()).increment();
        if (status == Delivery.Status.DELIVERED) {
            Timer.builder("kanmin.notifications.delivery").description("from the entry to its delivery")
                 .publishPercentileHistogram().register(meters)
                 .record(Duration.between(delivery.createdAt(), at));
        } else if (status == Delivery.Status.DEAD) {
            logger.warn("Notification {} to {} failed {} times and is left in the dead letters: {}", delivery.id(),
                        delivery.address(), made, outcome.detail());
        }
    }

    /** 10 s, 20 s, 40 s, … up to the ceiling. */
    Duration backOff(int attemptsMade) {
        Duration wait = firstRetry.multipliedBy(1L << Math.min(20, attemptsMade - 1));
        return wait.compareTo(longestRetry) > 0 ? longestRetry : wait;
    }

    @Override
    public void start() {
        thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("notifications").daemon()
                                                                  .factory());
        thread.scheduleWithFixedDelay(this::round, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = thread;
        if (running != null) {
            // a round waiting on a receiver or on a store that is going away is cut short: what it held is
            // released by its lease and sent again, under the same key
            running.shutdown();
            try {
                if (!running.awaitTermination(2, TimeUnit.SECONDS)) {
                    running.shutdownNow();
                    running.awaitTermination(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
