package jp.kanmin.ops.eventstore;

import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import jp.kanmin.ops.config.AxonConfiguration;
import jp.kanmin.ops.testing.MutableClock;
import jp.kanmin.ops.testing.TestStore;
import jp.kanmin.shared.MessageMetadata;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The gap-free MongoDB event store, against a real (in-memory mongo-java-server) store. */
class IndexedMongoEventStorageEngineTest {

    static final Duration GAP_TIMEOUT = Duration.ofSeconds(60);

    static final Duration HOLD_BACK = Duration.ofSeconds(2);

    MongoClient client;
    MongoDatabase database;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-20T05:46:00Z"));
    Serializer serializer = Jackson3Serializer.builder().jsonMapperBuilderCustomizer(AxonConfiguration.jsonCustomizer())
                                              .build();
    Map<String, CountDownLatch> heldThreads = new ConcurrentHashMap<>();
    List<Long> gapsGivenUp = new ArrayList<>();
    IndexedMongoEventStorageEngine engine;

    @BeforeEach
    void setUp() {
        client = MongoClients.create(TestStore.uri());
        database = client.getDatabase("engine-" + UUID.randomUUID());
        engine = engineWith(GAP_TIMEOUT);
    }

    private IndexedMongoEventStorageEngine engineWith(Duration gapTimeout) {
        return IndexedMongoEventStorageEngine.builder()
                                               .database(database)
                                               .writeConcern(WriteConcern.MAJORITY.withJournal(true))
                                               .readConcern(ReadConcern.MAJORITY)
                                               .gapTimeout(gapTimeout)
                                               .gapHoldBack(HOLD_BACK)
                                               .clock(clock)
                                               .gapListener(gapsGivenUp::add)
                                               .afterIndexAllocation(index -> holdIfAsked())
                                               .batchSize(10)
                                               .eventSerializer(serializer)
                                               .snapshotSerializer(serializer)
                                               .build();
    }

    @AfterEach
    void tearDown() {
        database.drop();
        client.close();
    }

    @Test
    void appendedEventsGetConsecutiveGlobalIndexesAndAreTrackedInOrder() {
        engine.appendEvents(event("a", 0), event("a", 1));
        engine.appendEvents(event("b", 0));

        List<? extends TrackedEventMessage<?>> tracked = readAll(null);

        assertThat(tracked).extracting(this::globalIndex).containsExactly(1L, 2L, 3L);
        assertThat(tracked).extracting(m -> ((DomainEventMessage<?>) m).getAggregateIdentifier())
                           .containsExactly("a", "a", "b");
        assertThat(gapsOf(tracked.getLast().trackingToken())).isEmpty();
    }

    @Test
    void aReaderThatStoppedInsideACommitResumesWithTheRestOfIt() {
        List<DomainEventMessage<?>> batch = new java.util.ArrayList<>();
        for (long seq = 0; seq < 10; seq++) {
            batch.add(event("big", seq));
        }
        engine.appendEvents(batch);
        engine.appendEvents(event("after", 0));
        // a processor stored its token after the third event of the ten, then stopped
        TrackingToken third = readAll(null).get(2).trackingToken();

        List<? extends TrackedEventMessage<?>> resumed = readAll(third);

        assertThat(resumed).extracting(this::globalIndex)
                           .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(4, 11).boxed().toList());
        assertThat(gapsOf(resumed.getLast().trackingToken())).isEmpty();
    }

    @Test
    void eventsOfOneUnitOfWorkAreOneCommitAndAnAggregateReadsBackAcrossManyCommits() {
        engine.appendEvents(event("a", 0), event("b", 0), event("a", 1));
        for (long seq = 2; seq < 35; seq++) {
            engine.appendEvents(event("a", seq));
        }

        assertThat(database.getCollection("domainevents").countDocuments()).isEqualTo(34);
        assertThat(engine.readEvents("a").asStream().map(DomainEventMessage::getSequenceNumber).toList())
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 35).boxed().toList());
        assertThat(engine.readEvents("b").asStream().count()).isEqualTo(1);
        assertThat(engine.lastSequenceNumberFor("a")).contains(34L);
        assertThat(engine.globalIndexOf("a", 1)).contains(3L);
    }

    @Test
    void twoWritersExtendingTheSameAggregateConflictAndTheLosersIndexLeavesNoGap() {
        engine.appendEvents(event("a", 0));

        assertThatThrownBy(() -> engine.appendEvents(event("a", 0))).isInstanceOf(ConcurrencyException.class);
        engine.appendEvents(event("a", 1));

        List<? extends TrackedEventMessage<?>> tracked = readAll(null);
        assertThat(tracked).extracting(this::globalIndex).containsExactly(1L, 3L);
        assertThat(gapsOf(tracked.getLast().trackingToken()))
                .as("the failed writer fenced its own index").isEmpty();
    }

    @Test
    void aReaderWaitsForACommitInFlightSoThatEventsArriveInTheOrderOfTheirIndexes() throws Exception {
        CompletableFuture<Void> slow = appendHeld("slow", event("slow", 0));
        engine.appendEvents(event("fast", 0));

        assertThat(readAll(null)).as("index 1 is in flight: nothing after it is handed out yet").isEmpty();

        release("slow");
        slow.get(10, TimeUnit.SECONDS);
        List<? extends TrackedEventMessage<?>> tracked = readAll(null);
        assertThat(tracked).extracting(this::globalIndex).containsExactly(1L, 2L);
        assertThat(gapsOf(tracked.getLast().trackingToken())).isEmpty();
    }

    @Test
    void anIndexThatBecomesVisibleLaterThanTheHoldBackIsKeptAsAGapAndDeliveredWhenItLands() throws Exception {
        CompletableFuture<Void> slow = appendHeld("slow", event("slow", 0));
        engine.appendEvents(event("fast", 0));
        assertThat(readAll(null)).isEmpty();
        clock.advance(HOLD_BACK.plusSeconds(1));

        List<? extends TrackedEventMessage<?>> first = readAll(null);
        assertThat(first).extracting(this::globalIndex).containsExactly(2L);
        TrackingToken token = first.getLast().trackingToken();
        assertThat(gapsOf(token)).containsExactly(1L);

        release("slow");
        slow.get(10, TimeUnit.SECONDS);
        List<? extends TrackedEventMessage<?>> late = readAll(token);
        assertThat(late).extracting(this::globalIndex).containsExactly(1L);
        assertThat(((DomainEventMessage<?>) late.getFirst()).getAggregateIdentifier()).isEqualTo("slow");
        assertThat(gapsOf(late.getLast().trackingToken())).isEmpty();
        assertThat(gapsGivenUp).isEmpty();
    }

    @Test
    void aGapOpenLongerThanTheTimeoutIsFencedAndTheLateCommitIsRefused() throws Exception {
        CompletableFuture<Void> stuck = appendHeld("stuck", event("stuck", 0));
        engine.appendEvents(event("fast", 0));
        readAll(null);
        clock.advance(HOLD_BACK.plusSeconds(1));
        TrackingToken token = readAll(null).getLast().trackingToken();

        clock.advance(GAP_TIMEOUT.minus(HOLD_BACK).minusSeconds(2));
        readAll(token);
        assertThat(gapsGivenUp).as("not yet: the timeout has not passed").isEmpty();

        clock.advance(Duration.ofSeconds(2));
        assertThat(readAll(token)).isEmpty();
        assertThat(gapsGivenUp).containsExactly(1L);
        engine.appendEvents(event("after", 0));
        List<? extends TrackedEventMessage<?>> next = readAll(token);
        assertThat(next).extracting(this::globalIndex).containsExactly(3L);
        assertThat(gapsOf(next.getLast().trackingToken())).isEmpty();

        release("stuck");
        assertThat(stuck).failsWithin(Duration.ofSeconds(10))
                         .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                         .withCauseInstanceOf(ConcurrencyException.class);
    }

    @Test
    void theHeadTokenKeepsIndexesStillInFlightAsGaps() throws Exception {
        engine.appendEvents(event("early", 0));
        CompletableFuture<Void> slow = appendHeld("slow", event("slow", 0));
        engine.appendEvents(event("fast", 0));

        IndexToken head = (IndexToken) engine.createHeadToken();
        assertThat(head.index()).isEqualTo(3);
        assertThat(head.gaps().boxed()).containsExactly(2L);

        release("slow");
        slow.get(10, TimeUnit.SECONDS);
        assertThat(readAll(head)).extracting(this::globalIndex).containsExactly(2L);
    }

    @Test
    void eachTrackedEventCarriesItsOwnGlobalIndexEvenWhenItFillsAGap() throws Exception {
        CompletableFuture<Void> slow = appendHeld("slow", event("slow", 0));
        engine.appendEvents(event("fast", 0));
        readAll(null);
        clock.advance(HOLD_BACK.plusSeconds(1));
        TrackingToken token = readAll(null).getLast().trackingToken();
        release("slow");
        slow.get(10, TimeUnit.SECONDS);

        TrackedEventMessage<?> late = readAll(token).getFirst();

        assertThat(late.getMetaData().get(MessageMetadata.GLOBAL_INDEX)).isEqualTo(1);
        assertThat(late.trackingToken().position()).hasValue(2);
    }

    @Test
    void tokensWithGapsSurviveSerialisationAlsoInsideAReplayToken() {
        IndexToken token = IndexToken.withGaps(10, new java.util.TreeSet<>(List.of(3L, 4L, 7L)));
        TrackingToken replay = ReplayToken.createReplayToken(token, IndexToken.at(2));

        assertThat(roundTrip(token)).isEqualTo(token)
                                    .isNotEqualTo(IndexToken.withGaps(10, new java.util.TreeSet<>(List.of(3L))));
        assertThat(roundTrip(replay)).isEqualTo(replay);
    }

    @Test
    void aTokenStoredByAnEarlierVersionIsReadOnFromTheSamePlace() throws Exception {
        CompletableFuture<Void> slow = appendHeld("slow", event("slow", 0));
        engine.appendEvents(event("fast", 0));
        GapAwareTrackingToken stored = GapAwareTrackingToken.newInstance(2, List.of(1L));
        release("slow");
        slow.get(10, TimeUnit.SECONDS);
        engine.appendEvents(event("later", 0));

        List<? extends TrackedEventMessage<?>> read = readAll(stored);

        assertThat(read).extracting(this::globalIndex).containsExactly(1L, 3L);
        assertThat(gapsOf(read.getLast().trackingToken())).isEmpty();
    }

    @Test
    void aCommitInFlightIsOneRangeOfGapsAndEventsReadMeanwhileShareIt() throws Exception {
        CompletableFuture<Void> big = appendHeld("big", java.util.stream.IntStream.range(0, 500)
                .mapToObj(n -> event("big", n)).toArray(DomainEventMessage[]::new));
        for (int n = 0; n < 50; n++) {
            engine.appendEvents(event("small-" + n, 0));
        }
        readAll(null);
        clock.advance(HOLD_BACK.plusSeconds(1));

        List<? extends TrackedEventMessage<?>> meanwhile = readAll(null);

        assertThat(meanwhile).hasSize(50);
        IndexToken last = (IndexToken) meanwhile.getLast().trackingToken();
        assertThat(last.gapRangeCount()).isEqualTo(1);
        assertThat(last.gapCount()).isEqualTo(500);
        release("big");
        big.get(10, TimeUnit.SECONDS);
        List<? extends TrackedEventMessage<?>> landed = readAll(last);
        assertThat(landed).hasSize(500);
        assertThat(gapsOf(landed.getLast().trackingToken())).isEmpty();
    }

    @Test
    void aReaderKeepsNoMoreCommitsInFlightAsGapsThanTheTokenHolds() throws Exception {
        engine = engineWith(Duration.ofHours(1)); // none is fenced while the reader passes one after another
        int inFlight = IndexToken.MAX_GAP_RANGES + 3;
        List<CompletableFuture<Void>> held = new java.util.ArrayList<>();
        for (int n = 0; n < inFlight; n++) {
            held.add(appendHeld("held-" + n, event("held-" + n, 0)));
            engine.appendEvents(event("landed-" + n, 0));
        }
        // a reader polling as a processor does, each commit in flight older than the hold-back when it gets there
        List<TrackedEventMessage<?>> read = new java.util.ArrayList<>();
        TrackingToken position = null;
        for (int poll = 0; poll < inFlight * 2; poll++) {
            List<? extends TrackedEventMessage<?>> more = readAll(position);
            read.addAll(more);
            position = more.isEmpty() ? position : more.getLast().trackingToken();
            clock.advance(HOLD_BACK.plusSeconds(1));
        }

        IndexToken last = (IndexToken) position;
        assertThat(last.gapRangeCount()).isEqualTo(IndexToken.MAX_GAP_RANGES);
        assertThat(read).as("the reader stops before the next commit in flight").hasSize(IndexToken.MAX_GAP_RANGES);
        for (int n = 0; n < inFlight; n++) {
            release("held-" + n);
        }
        for (CompletableFuture<Void> commit : held) {
            commit.get(10, TimeUnit.SECONDS);
        }
        List<? extends TrackedEventMessage<?>> rest = readAll(last);
        assertThat(rest).hasSize(inFlight * 2 - IndexToken.MAX_GAP_RANGES);
        assertThat(gapsOf(rest.getLast().trackingToken())).isEmpty();
    }

    @Test
    void aHeadTokenWhoseLookBackBeginsInsideACommitSeesNoGapThere() {
        engine.appendEvents(java.util.stream.IntStream.range(0, 20).mapToObj(n -> event("bulk", n))
                                                      .toArray(DomainEventMessage[]::new));
        for (int n = 0; n < 10; n++) {
            engine.appendEvents(event("after-" + n, 0));
        }

        IndexToken head = (IndexToken) engine.tokenBefore(31, 15);

        assertThat(head.index()).isEqualTo(30);
        assertThat(head.hasGaps()).isFalse();
    }

    private static List<Long> gapsOf(TrackingToken token) {
        return ((IndexToken) token).gaps().boxed().toList();
    }

    @Test
    void snapshotsReplaceOlderOnesOnly() {
        engine.storeSnapshot(new GenericDomainEventMessage<>("Test", "a", 5, "state-5"));
        engine.storeSnapshot(new GenericDomainEventMessage<>("Test", "a", 9, "state-9"));
        engine.storeSnapshot(new GenericDomainEventMessage<>("Test", "a", 7, "state-7"));

        assertThat(engine.readSnapshot("a")).hasValueSatisfying(s -> assertThat(s.getSequenceNumber()).isEqualTo(9));
    }

    private Object roundTrip(Object value) {
        SerializedObject<byte[]> bytes = serializer.serialize(value, byte[].class);
        return serializer.deserialize(bytes);
    }

    private List<? extends TrackedEventMessage<?>> readAll(TrackingToken from) {
        return engine.readEvents(from, false).collect(Collectors.toList());
    }

    private long globalIndex(TrackedEventMessage<?> message) {
        return ((Number) message.getMetaData().get(MessageMetadata.GLOBAL_INDEX)).longValue();
    }

    private static GenericDomainEventMessage<String> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Test", aggregate, sequence, aggregate + "-" + sequence);
    }

    /** Appends on a thread that stops between allocating its index and inserting, until released. */
    private CompletableFuture<Void> appendHeld(String name, DomainEventMessage<?>... events)
            throws InterruptedException {
        heldThreads.put(name, new CountDownLatch(1));
        CountDownLatch allocated = new CountDownLatch(1);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().name(name).start(() -> {
            try {
                allocatedSignals.put(name, allocated);
                engine.appendEvents(events);
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        assertThat(allocated.await(10, TimeUnit.SECONDS)).isTrue();
        return done;
    }

    private final Map<String, CountDownLatch> allocatedSignals = new ConcurrentHashMap<>();

    private void holdIfAsked() {
        String name = Thread.currentThread().getName();
        CountDownLatch hold = heldThreads.get(name);
        if (hold != null) {
            allocatedSignals.get(name).countDown();
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void release(String name) {
        heldThreads.get(name).countDown();
        await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(1)).until(() -> true);
    }
}
