package jp.kanmin.ops.testing;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.ApplicationContext;

import java.time.Duration;
import java.util.Collection;

import static org.awaitility.Awaitility.await;

/**
 * Waits for every projection and process manager of this node to have handled every event in the store. Only for
 * a context that has its store to itself: segments claimed by another node are not seen here, so they never count
 * as caught up.
 */
public final class Processors {

    private Processors() {
    }

    public static void awaitCaughtUp(ApplicationContext context) {
        EventProcessingConfiguration processing = context.getBean(EventProcessingConfiguration.class);
        EventStore store = context.getBean("eventBus", EventStore.class);
        // twice: process managers answer events with commands, whose events move the head on
        for (int round = 0; round < 2; round++) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                long head = store.createHeadToken().position().orElse(-1);
                return processing.eventProcessors().values().stream()
                                 .filter(StreamingEventProcessor.class::isInstance)
                                 .map(StreamingEventProcessor.class::cast)
                                 .allMatch(processor -> reached(processor.processingStatus().values(), head));
            });
        }
    }

    private static boolean reached(Collection<EventTrackerStatus> segments, long head) {
        double covered = segments.stream().mapToDouble(s -> 1.0 / (s.getSegment().getMask() + 1)).sum();
        return Math.abs(covered - 1.0) < 1e-9
               && segments.stream().allMatch(s -> s.getCurrentPosition().orElse(-1) >= head);
    }
}
