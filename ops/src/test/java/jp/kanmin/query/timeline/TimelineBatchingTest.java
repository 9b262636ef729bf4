package jp.kanmin.query.timeline;

import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.incident.IncidentEvent;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A processor's batch of timeline entries is written at once when it commits; a batch delivered again after a crash
 * (some or all of it stored already) leaves each entry on the timeline once, in order, without gaps.
 */
@ApplicationTest
class TimelineBatchingTest {

    private static final AtomicLong POSITIONS = new AtomicLong(4_000_000_000L); // clear of the store's own

    @Autowired
    TimelineRepository timeline;
    @Autowired
    TimelineProjection projection;

    @Test
    void aRedeliveredBatchLeavesEveryEntryOnceInOrderWithoutGaps() {
        String incident = UUID.randomUUID().toString();
        List<TimelineEntry> first = entries(incident, 3);
        List<TimelineEntry> second = entries(incident, 2);

        inOneBatch(first);
        timeline.forget(); // as after a restart: the next slot is learnt again from the store
        inOneBatch(List.of(first.get(1), first.get(2), second.get(0))); // redelivered, with one new entry
        inOneBatch(List.of(second.get(1)));

        List<TimelineEntry> stored = timeline.pagesFrom(incident, 0).flatMapIterable(page -> page)
                                             .collectList().block();
        assertThat(stored).extracting(TimelineEntry::position).containsExactly(
                first.get(0).position(), first.get(1).position(), first.get(2).position(),
                second.get(0).position(), second.get(1).position());
        assertThat(stored).extracting(TimelineEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(timeline.head(incident).block()).isEqualTo(5L);
    }

    @Test
    void aProcessorBatchIsOnTheTimelineBeforeTheProcessorStoresItsToken() throws Exception {
        String incident = UUID.randomUUID().toString();
        List<EventMessage<?>> events = LongStream.range(0, 3).<EventMessage<?>>mapToObj(i -> new GenericEventMessage<>(
                new IncidentEvent.ParticipantInvited(IncidentId.of(incident), OrganisationId.of("park-" + i),
                                                     OrganisationId.of("city")),
                MetaData.with(MessageMetadata.GLOBAL_INDEX, POSITIONS.incrementAndGet()))).toList();
        AnnotationEventHandlerAdapter handler = new AnnotationEventHandlerAdapter(projection);
        List<Long> headWhenTokenStored = new ArrayList<>();
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        // as a tracking processor does: its token is stored by a commit step registered before any event is handled
        batch.onPrepareCommit(unitOfWork -> headWhenTokenStored.add(timeline.head(incident).block()));
        batch.executeWithResult(() -> handler.handle(batch.getMessage()));

        assertThat(headWhenTokenStored).containsExactly(3L);
    }

    @Test
    void outsideABatchAnEntryIsWrittenAtOnce() {
        String incident = UUID.randomUUID().toString();
        timeline.append(entries(incident, 1).getFirst());
        assertThat(timeline.head(incident).block()).isEqualTo(1L);
    }

    private void inOneBatch(List<TimelineEntry> entries) {
        String incident = entries.getFirst().incidentId();
        long before = timeline.head(incident).block();
        var batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        batch.execute(() -> {
            entries.forEach(timeline::append);
            assertThat(timeline.head(incident).block()).as("nothing is written before the batch commits")
                                                      .isEqualTo(before);
        });
    }

    private static List<TimelineEntry> entries(String incident, int count) {
        return LongStream.range(0, count).mapToObj(i -> new TimelineEntry(
                POSITIONS.incrementAndGet(), incident, 0, null, Instant.now(), "park", "park", "StaffSafetyReported",
                "report", Map.of(), TimelineEntry.Facets.NONE, false)).toList();
    }
}
