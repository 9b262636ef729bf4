package jp.kanmin.ops.testing;

import jp.kanmin.ops.deadline.MongoDeadlineManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.ApplicationContext;

import java.time.Duration;
import java.util.Collection;

import static org.awaitility.Awaitility.await;

/**
 * Waits for every projection and process manager of this node to have handled every event in the store, and for
 * every deadline that has fallen due to have run. Only for a context that has its store to itself: segments claimed
 * by another node are not seen here, so they never count as caught up.
 */
public final class Processors {

    private Processors() {
    }

    public static void awaitCaughtUp(ApplicationContext context) {
        EventProcessingConfiguration processing = context.getBean(EventProcessingConfiguration.class);
        EventStore store = context.getBean("eventBus", EventStore.class);
        MongoDeadlineManager deadlines = context.getBean(MongoDeadlineManager.class);
        // Settled when no deadline is due and every processor has the head, twice in a row at the same head: due
        // deadlines and process managers answer events with commands, whose events move the head on.
        long[] settledAt = {Long.MIN_VALUE};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            long head = store.createHeadToken().position().orElse(-1);
            boolean settled = deadlines.dueOrRunning() == 0
                              && processing.eventProcessors().values().stream()
                                           .filter(StreamingEventProcessor.class::isInstance)
                                           .map(StreamingEventProcessor.class::cast)
                                           .allMatch(processor -> reached(processor.processingStatus().values(), head));
            boolean twice = settled && settledAt[0] == head;
            settledAt[0] = settled ? head : Long.MIN_VALUE;
            return twice;
        });
    }

    private static boolean reached(Collection<EventTrackerStatus> segments, long head) {
        double covered = segments.stream().mapToDouble(s -> 1.0 / (s.getSegment().getMask() + 1)).sum();
        return Math.abs(covered - 1.0) < 1e-9
               && segments.stream().allMatch(s -> s.getCurrentPosition().orElse(-1) >= head);
    }
}
