package jp.kanmin.ops.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pooled processor that has caught up sleeps until its stream says events are there. The embedded event store never
 * says so; through {@link EventsAvailable} an append wakes every open stream's reader, and a closed stream's reader is
 * left alone.
 */
class EventsAvailableTest {

    /** Long enough that any wake-up within a test comes from an arrival, not from the clock. */
    private static final Duration NEVER = Duration.ofHours(1);

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
                                                               .storageEngine(new InMemoryEventStorageEngine())
                                                               .build();
    private final EventsAvailable source = new EventsAvailable(() -> store, NEVER, Duration.ofMillis(10));

    @AfterEach
    void tearDown() {
        source.close();
        store.shutDown();
    }

    @Test
    void aReaderIsWokenWhenAnEventIsAppendedNotOnlyOnTheClock() throws InterruptedException {
        AtomicInteger wakes = new AtomicInteger();
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(source.createHeadToken());
        assertThat(stream.setOnAvailableCallback(wakes::incrementAndGet)).isTrue();

        store.publish(GenericEventMessage.asEventMessage("staff safety reported"));

        await().atMost(Duration.ofSeconds(10)).until(() -> wakes.get() > 0);
        assertThat(stream.hasNextAvailable()).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("staff safety reported");
        stream.close();
    }

    @Test
    void aClosedStreamsReaderIsNotWokenAgain() {
        AtomicInteger closedWakes = new AtomicInteger();
        AtomicInteger openWakes = new AtomicInteger();
        BlockingStream<TrackedEventMessage<?>> closed = source.openStream(source.createHeadToken());
        closed.setOnAvailableCallback(closedWakes::incrementAndGet);
        BlockingStream<TrackedEventMessage<?>> open = source.openStream(source.createHeadToken());
        open.setOnAvailableCallback(openWakes::incrementAndGet);

        closed.close();
        store.publish(GenericEventMessage.asEventMessage("site damage reported"));

        await().atMost(Duration.ofSeconds(10)).until(() -> openWakes.get() > 0);
        assertThat(closedWakes).hasValue(0);
        open.close();
    }
}
