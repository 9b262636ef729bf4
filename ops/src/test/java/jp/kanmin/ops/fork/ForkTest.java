package jp.kanmin.ops.fork;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestClock;
import jp.kanmin.query.timeline.TimelineEvents;
import jp.kanmin.query.timeline.TimelineRepository;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * 分岐訓練: an exercise forked from an instant of a real incident holds that incident's history up to then, moved to
 * the present, and goes its own way without touching the record.
 */
@ApplicationTest
class ForkTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    IncidentForks forks;
    @Autowired
    TimelineRepository timeline;
    @Autowired
    TimelineEvents timelineEvents;
    @Autowired
    @Qualifier("eventStore")
    EventStore eventStore;
    @Autowired
    CommandGateway commandGateway;

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aForkCopiesTheHistoryUpToTheInstantAndThenGoesItsOwnWay() {
        Api api = new Api(port, tokens);
        OrganisationId city = api.register("city", OrganisationType.MUNICIPALITY);
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        OrganisationId power = api.register("power", OrganisationType.INFRASTRUCTURE_OPERATOR);
        Map<?, ?> opened = api.as(city).post().uri("/api/incidents")
                              .bodyValue(Map.of("title", "福知山市 地震", "kind", "EARTHQUAKE", "mode", "REAL",
                                                "zeroHour", TestClock.INSTANCE.instant().minusSeconds(600).toString(),
                                                "participants", List.of(park.value(), power.value())))
                              .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                              .getResponseBody();
        Scenario source = Scenario.of(api, city, (String) opened.get("incidentId"));
        source.awaitReadable(power);
        api.as(park).post().uri("/api/incidents/{id}/reports", source.incident).bodyValue(staffSafety(120, 1, 0))
           .exchange().expectStatus().isCreated();
        api.as(city).post().uri("/api/incidents/{id}/exchanges", source.incident)
           .bodyValue(Map.of("to", List.of(park.value()), "topic", "SUPPORT_SCHEMES", "text", "相談窓口を開設"))
           .exchange().expectStatus().isCreated();
        source.awaitEntries("InformationReceived", 1);
        source.awaitEntries("TaskActivated", 1);
        Instant asOf = TestClock.INSTANCE.instant();
        List<Map<String, Object>> upToAsOf = source.timeline();
        TestClock.INSTANCE.advance(Duration.ofMinutes(30));
        api.as(power).post().uri("/api/incidents/{id}/reports", source.incident).bodyValue(staffSafety(80, 0, 0))
           .exchange().expectStatus().isCreated(); // after the fork's instant: stays out of the fork

        api.as(park).post().uri("/api/incidents/{id}/forks", source.incident).bodyValue(Map.of("asOf", asOf))
           .exchange().expectStatus().isForbidden();
        api.as(city).post().uri("/api/incidents/{id}/forks", source.incident)
           .bodyValue(Map.of("asOf", TestClock.INSTANCE.instant().plusSeconds(3600)))
           .exchange().expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("asOf");
        Map<String, Object> forked = api.as(city).post().uri("/api/incidents/{id}/forks", source.incident)
                                        .header("Idempotency-Key", "rehearse-1").bodyValue(Map.of("asOf", asOf))
                                        .exchange().expectStatus().isCreated().expectBody(Map.class)
                                        .returnResult().getResponseBody();
        String forkId = (String) forked.get("incidentId");
        assertThat(api.as(city).post().uri("/api/incidents/{id}/forks", source.incident)
                      .header("Idempotency-Key", "rehearse-1").bodyValue(Map.of("asOf", asOf))
                      .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                      .getResponseBody()).as("a retried fork").containsEntry("incidentId", forkId)
                                         .containsEntry("created", false);
        Duration shift = Duration.parse((String) forked.get("shift"));
        Scenario fork = Scenario.of(api, city, forkId);
        fork.awaitReadable(park);
        fork.awaitEntries("IncidentForked", 1);

        // the incident summary is its own read model: it may learn of the fork a moment after the timeline did
        Map<String, Object> summary = await().atMost(Duration.ofSeconds(30)).until(
                () -> api.as(city).get().uri("/api/incidents/{id}", forkId).exchange().expectStatus().isOk()
                         .expectBody(Map.class).returnResult().getResponseBody(),
                answer -> answer.get("forkedFrom") != null);
        assertThat(summary).containsEntry("mode", "EXERCISE").containsEntry("status", "OPEN")
                           .containsEntry("title", "【分岐訓練】福知山市 地震");
        assertThat((Map<String, Object>) summary.get("forkedFrom")).containsEntry("incidentId", source.incident)
                                                                   .containsEntry("asOf", asOf.toString());
        List<Map<String, Object>> copied = fork.timeline();
        assertThat(copied.subList(0, copied.size() - 1)).extracting(entry -> entry.get("type"))
                .as("the history up to the instant, and nothing after it")
                .containsExactlyElementsOf(upToAsOf.stream().map(entry -> entry.get("type")).toList());
        assertThat(copied.getLast()).containsEntry("type", "IncidentForked").containsEntry("exercise", true);
        assertThat(Instant.parse((String) copied.getFirst().get("recordedAt")))
                .isEqualTo(Instant.parse((String) upToAsOf.getFirst().get("recordedAt")).plus(shift));
        assertThat(copied).filteredOn(entry -> "StaffSafetyReported".equals(entry.get("type")))
                          .singleElement().satisfies(entry -> assertThat(entry).containsEntry("organisationId",
                                                                                              park.value()));

        api.as(park).post().uri("/api/incidents/{id}/reports", forkId).bodyValue(staffSafety(119, 2, 0))
           .exchange().expectStatus().isCreated();
        fork.awaitEntries("StaffSafetyReported", 2);
        assertThat(source.timelineOf("StaffSafetyReported")).as("the record is untouched").hasSize(2);
        assertThat(source.timeline().subList(0, upToAsOf.size())).isEqualTo(upToAsOf);

        // the fork's own deadlines: the power operator's staff-safety report falls due two hours after its zero hour
        TestClock.INSTANCE.advance(Duration.ofHours(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> fork.timelineOf("TaskOverdue").stream().anyMatch(
                entry -> power.value().equals(entry.get("organisationId"))));
        assertThat(fork.timelineOf("InformationReceived")).as("process managers did not act on the copies again")
                                                          .hasSize(1);
    }

    /** A judgement's id ("incident|chamber|district") is rewritten like every other id: the README's run found it was not. */
    @Test
    void aForkCopiesADistrictsDamageScaleJudgementUnderTheForksOwnIds() {
        Api api = new Api(port, tokens);
        OrganisationId chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        Scenario source = Scenario.open(api, chamber);
        api.asAdmin().put().uri("/api/organisations/{id}/districts/{d}", chamber, "長田野地区")
           .bodyValue(Map.of("registeredBusinesses", 120, "municipality", source.city.value(),
                             "scaleRules", "tsuyama-004"))
           .exchange().expectStatus().isOk();
        api.as(chamber).post().uri("/api/incidents/{id}/damage-scale/{c}/{d}/propose", source.incident, chamber,
                                   "長田野地区")
           .bodyValue(Map.of("scale", "DAMAGE", "basis", "瓦の被害 3%")).exchange().expectStatus().isOk();
        source.awaitEntries("DamageScaleProposed", 1);

        Map<?, ?> forked = api.as(source.city).post().uri("/api/incidents/{id}/forks", source.incident)
                              .bodyValue(Map.of("asOf", TestClock.INSTANCE.instant()))
                              .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                              .getResponseBody();
        Scenario fork = Scenario.of(api, source.city, (String) forked.get("incidentId"));
        fork.awaitReadable(source.city);
        fork.awaitEntries("DamageScaleProposed", 1);
        api.as(source.city).post().uri("/api/incidents/{id}/damage-scale/{c}/{d}/confirm", fork.incident, chamber,
                                       "長田野地区")
           .bodyValue(Map.of()).exchange().expectStatus().isOk();
        fork.awaitEntries("DamageScaleDeclared", 1);
        assertThat(source.timelineOf("DamageScaleDeclared")).as("the source's judgement is its own").isEmpty();
    }

    @Test
    void aForkThatStoppedMidwayIsFinishedByTheRetriedRequestWithEachEventCopiedOnce() {
        Api api = new Api(port, tokens);
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        Scenario source = Scenario.open(api, park);
        for (int safe = 100; safe < 106; safe++) {
            api.as(park).post().uri("/api/incidents/{id}/reports", source.incident).bodyValue(staffSafety(safe, 0, 0))
               .exchange().expectStatus().isCreated();
        }
        source.awaitEntries("StaffSafetyReported", 6);
        Instant asOf = TestClock.INSTANCE.instant();
        List<Map<String, Object>> upToAsOf = source.timeline();
        IncidentId forkId = IncidentId.derivedFrom("fork-that-stops");
        // a node whose store goes away after two commits of five copies
        AtomicInteger commits = new AtomicInteger();
        EventStore failing = (EventStore) Proxy.newProxyInstance(
                EventStore.class.getClassLoader(), new Class<?>[]{EventStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("publish") && commits.incrementAndGet() > 2) {
                        throw new IllegalStateException("store unavailable");
                    }
                    try {
                        return method.invoke(eventStore, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        IncidentForks stopping = new IncidentForks(timeline, timelineEvents, failing, commandGateway,
                                                   TestClock.INSTANCE, 5);
        TestClock.INSTANCE.advance(Duration.ofMinutes(10));
        assertThatThrownBy(() -> stopping.fork(IncidentId.of(source.incident), asOf, forkId, "途中で止まる分岐",
                                               source.city).block()).hasMessageContaining("store unavailable");
        assertThat(eventStore.readEvents(forkId.value()).hasNext()).as("two commits landed").isTrue();

        TestClock.INSTANCE.advance(Duration.ofMinutes(10));
        IncidentForks.Forked forked = forks.fork(IncidentId.of(source.incident), asOf, forkId, "途中で止まる分岐",
                                                 source.city).block();

        assertThat(forked.created()).isTrue();
        assertThat(forked.shift()).as("the first try's shift, not the retry's")
                                  .isGreaterThanOrEqualTo(Duration.ofMinutes(10)).isLessThan(Duration.ofMinutes(20));
        Scenario fork = Scenario.of(api, source.city, forkId.value());
        fork.awaitReadable(source.city);
        fork.awaitEntries("IncidentForked", 1);
        List<Map<String, Object>> copied = fork.timeline();
        assertThat(copied.subList(0, copied.size() - 1)).extracting(entry -> entry.get("type"))
                .containsExactlyElementsOf(upToAsOf.stream().map(entry -> entry.get("type")).toList());
        assertThat(forks.fork(IncidentId.of(source.incident), asOf, forkId, "途中で止まる分岐", source.city).block())
                .extracting(IncidentForks.Forked::created).isEqualTo(false);
    }
}
