package jp.kanmin.ops.feed;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.query.feed.FeedItem;
import jp.kanmin.query.feed.IncidentFeeds;
import jp.kanmin.query.timeline.EntryFilter;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SignalType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HQ's live feed: resumed after a dropped connection without gap or duplicate, filtered to what a desk cares
 * about, and never held back (or made to hold memory) by a subscriber that stops reading.
 */
@ApplicationTest
class FeedTest {

    static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> SSE =
            new ParameterizedTypeReference<>() {
            };

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    IncidentFeeds feeds;

    Api api;
    OrganisationId park;
    OrganisationId chamber;
    Scenario scenario;

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens);
        park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        scenario = Scenario.open(api, park, chamber);
    }

    private Flux<ServerSentEvent<Map<String, Object>>> feed(OrganisationId as, String query, String lastEventId) {
        var request = api.as(as).get().uri("/api/incidents/" + scenario.incident + "/feed" + query)
                         .accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        return request.exchange().expectStatus().isOk().returnResult(SSE).getResponseBody()
                      .filter(event -> "entry".equals(event.event()));
    }

    private void report(OrganisationId by, int safe) {
        api.as(by).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(staffSafety(safe, 0, 0))
           .exchange().expectStatus().isCreated();
    }

    private List<String> positionsAfter(String lastId) {
        return scenario.timeline().stream().map(entry -> String.valueOf(entry.get("position")))
                       .filter(position -> Long.parseLong(position) > Long.parseLong(lastId)).toList();
    }

    @Test
    void aClientThatReconnectsWithLastEventIdGetsExactlyTheEntriesItMissedOnceInOrder() {
        for (int i = 0; i < 3; i++) {
            report(park, i);
        }
        List<ServerSentEvent<Map<String, Object>>> before = feed(scenario.city, "?category=report", null)
                .take(2).collectList().block(Duration.ofSeconds(15));
        String lastSeen = before.getLast().id();

        // the connection dropped; the park keeps reporting
        for (int i = 0; i < 5; i++) {
            report(park, 10 + i);
        }
        scenario.awaitEntries("StaffSafetyReported", 8);
        List<String> missed = positionsAfter(lastSeen);

        List<String> resumed = feed(scenario.city, "", lastSeen).map(ServerSentEvent::id)
                                                                .take(missed.size()).collectList()
                                                                .block(Duration.ofSeconds(15));
        assertThat(resumed).containsExactlyElementsOf(missed).doesNotHaveDuplicates();
    }

    @Test
    @SuppressWarnings("unchecked")
    void filtersKeepToWhatADeskCaresAbout() {
        report(park, 1);
        report(chamber, 2);
        api.as(scenario.city).post().uri("/api/incidents/{id}/exchanges", scenario.incident)
           .bodyValue(Map.of("to", List.of(chamber.value()), "topic", "SUPPORT_SCHEMES", "text", "相談窓口"))
           .exchange().expectStatus().isCreated();
        scenario.awaitEntries("InformationReceived", 1);

        List<Map<String, Object>> parkReports = feed(scenario.city, "?category=report&organisationId=" + park, null)
                .take(1).map(ServerSentEvent::data).collectList().block(Duration.ofSeconds(15));
        assertThat(parkReports).singleElement().satisfies(e -> assertThat(e).containsEntry("type", "StaffSafetyReported")
                                                                              .containsEntry("organisationId", park.value()));

        List<Map<String, Object>> forChamber = page(chamber, "concernsMe=true&category=exchange");
        assertThat(forChamber).extracting(e -> e.get("type"))
                              .contains("InformationShared", "InformationReceived");
        assertThat(page(chamber, "type=TaskActivated&tier=1&organisationType=CHAMBER_OF_COMMERCE"))
                .isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e).containsEntry("organisationId", chamber.value());
                    assertThat((Map<String, Object>) e.get("facets")).containsEntry("tier", 1);
                });
        assertThat(page(scenario.city, "topic=SUPPORT_SCHEMES")).extracting(e -> e.get("type"))
                                                                .containsExactly("InformationShared",
                                                                                 "InformationReceived");
        api.as(scenario.city).get().uri("/api/incidents/" + scenario.incident + "/timeline?category=gossip")
           .exchange().expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("category")
           .jsonPath("$.errors[0].rule").isEqualTo("one-of");
        api.as(scenario.city).get().uri("/api/incidents/" + scenario.incident + "/feed?tier=9")
           .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isBadRequest()
           .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("tier");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> page(OrganisationId as, String query) {
        return (List<Map<String, Object>>) api.as(as).get()
                                              .uri("/api/incidents/" + scenario.incident + "/timeline?" + query)
                                              .exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
                                              .getResponseBody().get("entries");
    }

    /** A subscriber that reads one batch of entries and then stops asking, like a frozen HQ screen. */
    static final class Stalled extends BaseSubscriber<FeedItem> {
        final List<FeedItem> got = new CopyOnWriteArrayList<>();
        final AtomicBoolean ended = new AtomicBoolean();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(1);
        }

        @Override
        protected void hookOnNext(FeedItem item) {
            if (item instanceof FeedItem.Heartbeat) {
                request(1); // a heartbeat is not what the screen froze on
                return;
            }
            got.add(item);
        }

        @Override
        protected void hookFinally(SignalType type) {
            ended.set(true);
        }

        long lastPositionOfFirstBatch() {
            return ((FeedItem.Entries) got.getFirst()).sent().getLast().entry().position();
        }
    }

    @Test
    void aStalledSubscriberIsToldWhereItStoppedAndLetGoWhileOthersReceiveEverything() {
        long laggingBefore = feeds.laggingCount();
        Map<String, Object> newest = scenario.timeline().getLast();
        long newestSeq = ((Number) newest.get("seq")).longValue();
        long newestPosition = ((Number) newest.get("position")).longValue();
        // two screens that had caught up, read one more entry and froze; one of them wakes up later
        Stalled wakesUp = new Stalled();
        Stalled frozen = new Stalled();
        feeds.follow(scenario.incident, newestSeq, newestPosition, EntryFilter.ALL).subscribe(wakesUp);
        feeds.follow(scenario.incident, newestSeq, newestPosition, EntryFilter.ALL).subscribe(frozen);
        List<FeedItem> eagerGot = new CopyOnWriteArrayList<>();
        feeds.follow(scenario.incident, 0, 0, EntryFilter.ALL).filter(item -> !(item instanceof FeedItem.Heartbeat))
             .subscribe(eagerGot::add);
        report(park, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> wakesUp.got.size() == 1 && frozen.got.size() == 1);

        // the first screen wakes up as soon as both have been left behind, within the lagging grace
        CompletableFuture<Void> wakeUp = CompletableFuture.runAsync(() -> {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                   .until(() -> feeds.laggingCount() == laggingBefore + 2);
            wakesUp.request(1);
        });
        int reports = 100; // more than the ring of 64 entries kept per incident in these tests
        for (int i = 0; i < reports; i++) {
            report(i % 2 == 0 ? park : chamber, i); // two senders, each within its request budget
        }
        wakeUp.join();
        await("told, then disconnected").atMost(Duration.ofSeconds(5)).untilTrue(wakesUp.ended);
        assertThat(wakesUp.got).hasSize(2).last().isEqualTo(new FeedItem.Lagging(wakesUp.lastPositionOfFirstBatch()));
        await().atMost(Duration.ofSeconds(15)).untilTrue(frozen.ended);
        assertThat(frozen.got).as("the notice it never read was dropped with it").hasSize(1);

        scenario.awaitEntries("StaffSafetyReported", reports + 1);
        int total = scenario.timeline().size();
        await().atMost(Duration.ofSeconds(15)).until(() -> entriesIn(eagerGot) >= total);
        assertThat(eagerGot).allMatch(FeedItem.Entries.class::isInstance);
        assertThat(entriesIn(eagerGot)).isEqualTo(total);
        assertThat(feeds.bufferedEntries(scenario.incident)).as("memory held for live delivery stays within the ring")
                                                            .isLessThanOrEqualTo(64);
    }

    private static int entriesIn(List<FeedItem> items) {
        return items.stream().mapToInt(item -> ((FeedItem.Entries) item).sent().size()).sum();
    }
}
