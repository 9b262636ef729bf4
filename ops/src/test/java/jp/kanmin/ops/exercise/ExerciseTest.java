package jp.kanmin.ops.exercise;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestClock;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workshop exercises: a shipped scenario plays its injects (状況付与) into an EXERCISE incident on the clock while the
 * participants act live, and the review scores them against the plan and the injects.
 */
@ApplicationTest
class ExerciseTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    org.springframework.data.mongodb.core.MongoTemplate mongo;

    Api api;
    OrganisationId city;
    OrganisationId park;
    OrganisationId power;
    OrganisationId chamber;

    @BeforeEach
    void organisations() {
        api = new Api(port, tokens);
        city = api.register("city", OrganisationType.MUNICIPALITY);
        park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        power = api.register("power", OrganisationType.INFRASTRUCTURE_OPERATOR);
        chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
    }

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEarthquakeScenarioPlaysEndToEndAndTheReviewFindsWhoNeverAnswered() {
        Map<String, Object> started = start("earthquake-park", 1, "quake-1");
        String incident = (String) started.get("incidentId");
        assertThat((List<Object>) started.get("injects")).hasSize(9);
        Scenario exercise = Scenario.of(api, city, incident);
        exercise.awaitReadable(chamber);
        assertThat(start("earthquake-park", 1, "quake-1").get("incidentId")).as("a retried start").isEqualTo(incident);

        exercise.awaitEntries("InjectDelivered", 1); // +00:00, told as the exercise starts
        advance(Duration.ofMinutes(5));
        exercise.awaitEntries("InjectDelivered", 2); // +00:05 the park is told of damage
        advance(Duration.ofMinutes(15)); // +00:10 power's outage; the park answers at +00:20
        api.as(park).post().uri("/api/incidents/{id}/reports", incident).bodyValue(staffSafety(120, 1, 0))
           .exchange().expectStatus().isCreated();
        api.as(city).post().uri("/api/incidents/{id}/reports", incident).bodyValue(staffSafety(300, 0, 0))
           .exchange().expectStatus().isCreated();
        advance(Duration.ofMinutes(40));
        api.as(power).post().uri("/api/incidents/{id}/reports", incident).bodyValue(staffSafety(80, 0, 0))
           .exchange().expectStatus().isCreated();
        for (int hour = 1; hour <= 25; hour++) { // the chamber never answers
            advance(Duration.ofHours(1));
        }
        exercise.awaitEntries("InjectDelivered", 9);
        exercise.awaitEntries("RestorationEtaUpdated", 2);

        List<Map<String, Object>> timeline = exercise.timeline();
        assertThat(timeline).allSatisfy(entry -> assertThat(entry).containsEntry("exercise", true));
        assertThat(exercise.timelineOf("InjectDelivered"))
                .extracting(entry -> ((Map<String, Object>) entry.get("payload")).get("number"))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(exercise.timelineOf("OutageReported")).singleElement()
                .satisfies(entry -> assertThat(entry).containsEntry("organisationId", power.value())
                                                     .containsEntry("actor", "exercise-scenario"));
        Map<String, Object> summary = get(city, "/api/incidents/" + incident);
        assertThat(summary).containsEntry("mode", "EXERCISE").containsEntry("scenario", "earthquake-park");

        Map<String, Object> review = get(city, "/api/incidents/" + incident + "/review");
        assertThat(review).containsEntry("exercise", true).containsEntry("scenario", "earthquake-park");
        List<Map<String, Object>> findings = (List<Map<String, Object>>) review.get("findings");
        assertThat(findings).anySatisfy(finding -> assertThat(finding)
                .containsEntry("category", "staff-safety").containsEntry("severity", "HIGH")
                .containsEntry("organisationId", chamber.value()));
        assertThat(findings).anySatisfy(finding -> {
            assertThat(finding).containsEntry("category", "inject").containsEntry("organisationId", chamber.value());
            assertThat((String) finding.get("messageJa")).contains("状況付与5", "+1時間30分", "対応", "ありません");
        });
        assertThat(findings).anySatisfy(finding -> {
            assertThat(finding).containsEntry("category", "restoration").containsEntry("organisationId",
                                                                                       power.value());
            assertThat((String) finding.get("messageJa")).contains("2回延期");
        });
        assertThat(findings).noneSatisfy(finding -> assertThat(finding).containsEntry("category", "staff-safety")
                                                                       .containsEntry("organisationId", park.value()));
        List<Map<String, Object>> injects = (List<Map<String, Object>>) review.get("injects");
        assertThat(injects.get(1)).containsEntry("organisationId", park.value());
        assertThat(Duration.parse((String) injects.get(1).get("firstActionAfter")))
                .isBetween(Duration.ofMinutes(15), Duration.ofMinutes(15).plusSeconds(10));
        assertThat(injects.get(4)).containsEntry("organisationId", chamber.value()).containsEntry("firstActionAfter",
                                                                                                  null);

        String page = api.as(city).get().uri("/api/incidents/{id}/review.html", incident).exchange()
                         .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("訓練 EXERCISE", "状況付与への対応");
        String csv = new String(api.as(city).get().uri("/api/incidents/{id}/review.csv", incident).exchange()
                                   .expectStatus().isOk().expectBody().returnResult().getResponseBody(),
                                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv).contains("exercise,,訓練");
        var damage = api.as(city).get().uri("/api/incidents/{id}/damage.csv", incident).exchange()
                        .expectStatus().isOk().expectBody().returnResult();
        assertThat(new String(damage.getResponseBody(), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("\uFEFF【訓練】被害状況集計");
        assertThat(damage.getResponseHeaders().getContentDisposition().getFilename()).startsWith("exercise-");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTyphoonScenarioStartsBeforeZeroHourAndPlaysSixtyTimesFaster() {
        Instant now = TestClock.INSTANCE.instant();
        Map<String, Object> started = start("typhoon-river", 60, null);
        Instant zeroHour = Instant.parse((String) started.get("zeroHour"));
        assertThat(zeroHour).as("72 scenario hours ahead at 60×")
                            .isBetween(now.plus(Duration.ofMinutes(72)), now.plus(Duration.ofMinutes(72).plusSeconds(10)));
        List<Map<String, Object>> injects = (List<Map<String, Object>>) started.get("injects");
        assertThat(injects.getFirst()).containsEntry("offset", "PT-72H")
                                      .containsEntry("at", zeroHour.minus(Duration.ofMinutes(72)).toString());
        assertThat(injects.get(5)).containsEntry("offset", "PT1H")
                                  .containsEntry("at", zeroHour.plus(Duration.ofMinutes(1)).toString());
        String incident = (String) started.get("incidentId");
        Scenario exercise = Scenario.of(api, city, incident);
        exercise.awaitReadable(city);
        exercise.awaitEntries("InjectDelivered", 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> exercise.task(city, "contact-route-check") != null);
        assertThat(exercise.task(city, "contact-route-check")).as("a typhoon task due before zero hour")
                                                              .containsEntry("plannedOffset", "PT-48H");

        for (int minute = 0; minute < 90; minute += 10) {
            advance(Duration.ofMinutes(10));
        }
        List<Map<String, Object>> delivered = exercise.awaitEntries("InjectDelivered", 9);
        Map<String, Object> outage = exercise.awaitEntries("OutageReported", 1).getFirst();
        Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) outage.get("payload")).get("content");
        assertThat(content).containsEntry("restorationEta", zeroHour.plus(Duration.ofMinutes(6)).toString());
        assertThat(delivered).extracting(entry -> ((Map<String, Object>) entry.get("payload")).get("offset"))
                             .containsExactly("PT-72H", "PT-48H", "PT-24H", "PT-6H", "PT0S", "PT1H", "PT4H", "PT5H",
                                              "PT12H");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAdministratorArchivesAndDeletesExercisesButNeverARealIncident() {
        String archived = (String) start("earthquake-park", 1, null).get("incidentId");
        String deleted = (String) start("typhoon-river", 60, null).get("incidentId");
        Map<?, ?> opened = api.as(city).post().uri("/api/incidents")
                              .bodyValue(Map.of("title", "実災害", "kind", "EARTHQUAKE", "mode", "REAL",
                                                "zeroHour", TestClock.INSTANCE.instant().toString(),
                                                "participants", List.of(park.value())))
                              .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                              .getResponseBody();
        Scenario real = Scenario.of(api, city, (String) opened.get("incidentId"));
        real.awaitListed(park);
        Scenario.of(api, city, deleted).awaitEntries("InjectDelivered", 1);

        api.as(city).post().uri("/api/admin/exercises/{id}/archive", archived).exchange().expectStatus().isForbidden();
        api.asAdmin().post().uri("/api/admin/exercises/{id}/archive", real.incident).exchange()
           .expectStatus().isEqualTo(409)
           .expectBody().jsonPath("$.type").isEqualTo("urn:kanmin:problem:not-an-exercise");
        api.asAdmin().delete().uri("/api/admin/exercises/{id}", real.incident).exchange().expectStatus().isEqualTo(409);
        api.asAdmin().post().uri("/api/admin/exercises/{id}/archive", archived).exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).until(() -> bookEntriesOf(deleted) > 0);
        api.asAdmin().delete().uri("/api/admin/exercises/{id}?reason=練習", deleted).exchange().expectStatus().isOk();
        // every read-model book lets go of the deleted exercise
        await().atMost(Duration.ofSeconds(10)).until(() -> bookEntriesOf(deleted) == 0);

        await().atMost(Duration.ofSeconds(10)).until(() -> api.as(city).get().uri("/api/incidents/{id}", deleted)
                                                              .exchange().returnResult(String.class).getStatus()
                                                              .value() == 404);
        api.as(city).get().uri("/api/incidents/{id}/timeline", deleted).exchange().expectStatus().isNotFound();
        // the organisations' participations close right after the exercise does (ParticipationLifecycle)
        await().atMost(Duration.ofSeconds(10)).until(() -> api.as(park).post()
                                                              .uri("/api/incidents/{id}/reports", deleted)
                                                              .bodyValue(staffSafety(1, 0, 0)).exchange()
                                                              .returnResult(String.class).getStatus()
                                                              .is4xxClientError());
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(
                get(city, "/api/incidents/" + archived).get("archived")));
        assertThat(get(city, "/api/incidents/" + archived)).containsEntry("status", "CLOSED");
        List<Object> listed = ((List<Map<String, Object>>) get(city, "/api/incidents?limit=1000").get("list"))
                .stream().map(incident -> incident.get("incidentId")).toList();
        assertThat(listed).doesNotContain(archived, deleted);
        List<Object> withArchived = ((List<Map<String, Object>>) get(city, "/api/incidents?archived=true&limit=1000")
                .get("list")).stream().map(incident -> incident.get("incidentId")).toList();
        assertThat(withArchived).contains(archived).doesNotContain(deleted);
        assertThat(get(park, "/api/incidents/" + real.incident)).containsEntry("status", "OPEN")
                                                                .containsEntry("mode", "REAL");
    }

    @Test
    void aStartThatCannotBePlayedIsRefusedNamingTheFieldAndRule() {
        refused(Map.of("scenario", "meteor", "roles", Map.of()), "scenario", "one-of");
        refused(Map.of("scenario", "earthquake-park",
                       "roles", Map.of("hq", city.value(), "park", park.value(), "power", power.value())),
                "roles.chamber", "required");
        refused(Map.of("scenario", "earthquake-park",
                       "roles", Map.of("hq", city.value(), "park", chamber.value(), "power", power.value(),
                                       "chamber", park.value())),
                "roles.park", "organisation-type");
        refused(Map.of("scenario", "earthquake-park", "roles", roles(), "speed", 0), "speed", null);
        assertThat(get(city, "/api/incidents?limit=1000").toString()).doesNotContain("EXERCISE");
    }

    private void refused(Map<String, Object> body, String field, String rule) {
        var answer = api.as(city).post().uri("/api/exercises").bodyValue(body).exchange()
                        .expectStatus().isBadRequest()
                        .expectHeader().contentTypeCompatibleWith("application/problem+json")
                        .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
        if (rule != null) {
            answer.jsonPath("$.errors[0].rule").isEqualTo(rule);
        }
    }

    private Map<String, Object> start(String scenario, double speed, String key) {
        var request = api.as(city).post().uri("/api/exercises");
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> started = request.bodyValue(Map.of("scenario", scenario, "roles", roles(), "speed", speed))
                                             .exchange().expectStatus().isCreated()
                                             .expectBody(Map.class).returnResult().getResponseBody();
        return started;
    }

    private Map<String, String> roles() {
        return Map.of("hq", city.value(), "park", park.value(), "power", power.value(), "chamber", chamber.value());
    }

    /** Moves the clock on in steps the deadline poller sees one by one, so injects come in their order. */
    private void advance(Duration duration) {
        TestClock.INSTANCE.advance(duration);
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(OrganisationId as, String uri) {
        Object body = api.as(as).get().uri(uri).exchange().expectStatus().isOk().expectBody(Object.class)
                         .returnResult().getResponseBody();
        return body instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of("list", body);
    }

    /** The entries the task, report, exchange and damage books keep for an incident. */
    private long bookEntriesOf(String incident) {
        return java.util.stream.Stream.of("task_books", "report_books", "report_history", "exchange_books",
                                          "damage_books")
                                      .mapToLong(collection -> mongo.count(
                                              org.springframework.data.mongodb.core.query.Query.query(
                                                      org.springframework.data.mongodb.core.query.Criteria
                                                              .where("incidentId").is(incident)), collection))
                                      .sum();
    }
}
