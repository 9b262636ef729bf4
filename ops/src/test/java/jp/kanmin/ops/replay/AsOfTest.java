package jp.kanmin.ops.replay;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Processors;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestClock;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static jp.kanmin.ops.testing.Requests.survey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 振り返り rests on this: whatever the HQ saw at an instant, {@code asOf} that instant shows again. A week of an
 * incident is played on the test clock with random actions of four organisations; at 20 random instants every read
 * model is captured live (the clock stopped, every projection caught up), and afterwards each is asked for
 * {@code asOf} that instant and must answer exactly the same.
 */
@ApplicationTest
// its own database: other cached test contexts on the shared one would hold some processor segments, and the test
// must see every segment caught up before it takes a snapshot
@TestPropertySource(properties = "kanmin.store.database=kanmin-asof")
class AsOfTest {

    static final String DISTRICT = "長田野地区";
    static final int STEPS = 150;
    static final int SNAPSHOTS = 20;

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    ApplicationContext context;

    Api api;
    Scenario scenario;
    OrganisationId park;
    OrganisationId power;
    OrganisationId chamber;
    Random random;

    final List<String> outages = new ArrayList<>();
    final List<String> unacknowledged = new ArrayList<>();
    final List<String> supportRequests = new ArrayList<>();
    int events;
    /** A report whose thread grows through the run: its history is read live and as of each snapshot. */
    String firstReport;

    record Snapshot(Instant at, String path, Object live) {
    }

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void everyReadModelAsOfAnInstantEqualsWhatItShowedLiveAtThatInstant() {
        long seed = System.nanoTime();
        random = new Random(seed);
        api = new Api(port, tokens);
        park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        power = api.register("power", OrganisationType.INFRASTRUCTURE_OPERATOR);
        chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        scenario = Scenario.openAt(api, TestClock.INSTANCE.instant().truncatedTo(ChronoUnit.SECONDS),
                                   park, power, chamber);
        agreeOnDistrictAndCadence();
        firstReport = post(park, staffSafety(100, 0, 0));

        Set<Integer> snapshotSteps = new TreeSet<>();
        while (snapshotSteps.size() < SNAPSHOTS) {
            snapshotSteps.add(10 + random.nextInt(STEPS - 10));
        }
        List<Snapshot> snapshots = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            TestClock.INSTANCE.advance(Duration.ofMinutes(20 + random.nextInt(80)));
            act();
            if (snapshotSteps.contains(step)) {
                snapshots.addAll(captureLive());
            }
        }
        Processors.awaitCaughtUp(context);
        int timelineEntries = scenario.timeline().size();

        List<String> differences = new ArrayList<>();
        for (Snapshot snapshot : snapshots) {
            String separator = snapshot.path().contains("?") ? "&" : "?";
            Object asOf = withoutAsOf(get(snapshot.path() + separator + "asOf=" + snapshot.at()));
            if (!asOf.equals(snapshot.live())) {
                List<String> where = new ArrayList<>();
                diff("", snapshot.live(), asOf, where);
                differences.add(snapshot.path() + " at " + snapshot.at() + ": " + where);
            }
        }
        assertThat(timelineEntries).as("a few hundred events over the week").isGreaterThan(200);
        assertThat(snapshots).hasSize(SNAPSHOTS * paths().size());
        assertThat(differences).as("seed %d: read models whose asOf answer differs from the live one", seed)
                               .isEmpty();
    }

    private void agreeOnDistrictAndCadence() {
        api.asAdmin().put().uri("/api/organisations/{id}/districts/{district}", chamber, DISTRICT)
           .bodyValue(Map.of("registeredBusinesses", 200, "municipality", scenario.city.value(),
                             "scaleRules", "makinohara-002"))
           .exchange().expectStatus().is2xxSuccessful();
        scenario.agreeToShareTheDamagePicture(chamber, "makinohara-002");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<?, ?> detail = api.as(chamber).get().uri("/api/organisations/{id}", chamber).exchange()
                                  .expectBody(Map.class).returnResult().getResponseBody();
            return ((Map<?, ?>) detail.get("organisation")).get("districts") instanceof List<?> districts
                   && !districts.isEmpty();
        });
    }

    /** One thing one organisation does, at random. */
    private void act() {
        Instant now = TestClock.INSTANCE.instant();
        switch (random.nextInt(9)) {
            case 0 -> post(List.of(park, power, chamber, scenario.city).get(random.nextInt(4)),
                           staffSafety(random.nextInt(300), random.nextInt(3), random.nextInt(2)));
            case 1 -> {
                String outage = "outage-" + outages.size();
                outages.add(outage);
                post(power, Map.of("type", "INFRASTRUCTURE_OUTAGE", "outageId", outage, "sector", "POWER",
                                   "householdsAffected", 100 + random.nextInt(900), "cause", "倒木による断線",
                                   "restorationEta", now.plus(Duration.ofHours(3)).toString(),
                                   "area", Map.of("name", DISTRICT)));
            }
            case 2 -> {
                if (!outages.isEmpty()) {
                    post(power, Map.of("type", "RESTORATION_ETA", "outageId", pick(outages),
                                       "restorationEta", now.plus(Duration.ofHours(2 + random.nextInt(10))).toString(),
                                       "reason", "作業車両が通行止め"));
                }
            }
            case 3 -> post(chamber, survey("b-" + random.nextInt(40), DISTRICT,
                                           pick(List.of("NONE", "PARTIAL_DAMAGE", "HALF_COLLAPSE", "TOTAL_COLLAPSE")),
                                           random.nextBoolean() ? "ROUGH" : "CONFIRMED", random.nextBoolean(),
                                           Map.of("BUILDING", (long) random.nextInt(5_000_000),
                                                  "GOODS", (long) random.nextInt(1_000_000))));
            case 4 -> share(chamber, Map.of("to", List.of(scenario.city.value()), "topic", "DAMAGE_PICTURE",
                                            "text", "被害状況 第" + (++events) + "報"));
            case 5 -> {
                if (!unacknowledged.isEmpty() && random.nextBoolean()) {
                    String exchange = unacknowledged.remove(random.nextInt(unacknowledged.size()));
                    // delivery to the recipient is a step of its own, so the first try may come too early
                    await().atMost(Duration.ofSeconds(10)).until(() -> api.as(chamber).post()
                            .uri("/api/incidents/{id}/exchanges/{x}/acknowledge", scenario.incident, exchange)
                            .bodyValue(Map.of("note", "確認")).exchange().expectBody().returnResult()
                            .getStatus().is2xxSuccessful());
                } else {
                    unacknowledged.add(share(scenario.city, Map.of("to", List.of(chamber.value()),
                                                                   "topic", "SUPPORT_SCHEMES", "text", "相談窓口")));
                }
            }
            case 6 -> supportStep();
            case 7 -> completeATask();
            default -> judgeTheScale();
        }
    }

    private void supportStep() {
        String base = "/api/incidents/" + scenario.incident + "/support-requests";
        if (supportRequests.isEmpty() || random.nextInt(3) == 0) {
            Map<?, ?> requested = api.as(park).post().uri(base)
                                     .bodyValue(Map.of("to", List.of(power.value()), "resource", "VEHICLES",
                                                       "description", "高圧発電機車", "quantity", 2, "unit", "台",
                                                       "priority", "URGENT"))
                                     .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                                     .getResponseBody();
            supportRequests.add((String) requested.get("supportRequestId"));
            return;
        }
        String request = supportRequests.removeFirst();
        api.as(power).post().uri(base + "/{id}/accept", request).bodyValue(Map.of("quantity", 2))
           .exchange().expectStatus().isOk();
    }

    @SuppressWarnings("unchecked")
    private void completeATask() {
        OrganisationId who = List.of(park, power, chamber, scenario.city).get(random.nextInt(4));
        Map<?, ?> board = api.as(who).get().uri("/api/incidents/{id}/tasks", scenario.incident).exchange()
                             .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        List<String> open = ((List<Map<String, Object>>) board.get("tiers")).stream()
                .flatMap(tier -> ((List<Map<String, Object>>) tier.get("tasks")).stream())
                .filter(task -> Set.of("ACTIVE", "STARTED").contains(task.get("state")))
                .map(task -> (String) task.get("taskId")).toList();
        if (!open.isEmpty()) {
            api.as(who).post().uri("/api/incidents/{id}/tasks/{task}/complete", scenario.incident, pick(open))
               .bodyValue(Map.of("text", "対応済み")).exchange().expectStatus().is2xxSuccessful();
        }
    }

    private boolean proposed;
    private boolean confirmed;

    private void judgeTheScale() {
        String judgement = "/api/incidents/{id}/damage-scale/{chamber}/{district}/";
        if (!proposed) {
            api.as(chamber).post().uri(judgement + "propose", scenario.incident, chamber, DISTRICT)
               .bodyValue(Map.of("scale", "DAMAGE", "basis", "瓦・窓ガラスの被害")).exchange().expectStatus().isOk();
            proposed = true;
        } else if (!confirmed) {
            api.as(scenario.city).post().uri(judgement + "confirm", scenario.incident, chamber, DISTRICT)
               .bodyValue(Map.of()).exchange().expectStatus().isOk();
            confirmed = true;
        } else {
            post(park, staffSafety(random.nextInt(300), 0, 0));
        }
    }

    private List<String> paths() {
        List<String> paths = new ArrayList<>();
        for (OrganisationId organisation : List.of(park, power, chamber, scenario.city)) {
            paths.add("/tasks?organisationId=" + organisation);
        }
        paths.addAll(List.of("/overview", "/staff-safety/missing", "/reports", "/exchanges", "/exchanges/matrix",
                             "/exchanges/compliance", "/silent", "/support-requests", "/support-requests?open=true",
                             "/damage", "/damage/businesses", "/reports/" + firstReport + "/history"));
        return paths;
    }

    /** Every read model as the HQ sees it now, with the clock stopped and every projection caught up. */
    private List<Snapshot> captureLive() {
        TestClock.INSTANCE.freeze();
        try {
            // deadlines due by now fire within the deadline poll interval; let them, and their consequences, land
            await().pollDelay(Duration.ofMillis(600)).until(() -> true);
            Processors.awaitCaughtUp(context);
            Instant at = TestClock.INSTANCE.instant();
            List<Snapshot> snapshots = new ArrayList<>();
            for (String path : paths()) {
                snapshots.add(new Snapshot(at, path, withoutAsOf(get(path))));
            }
            return snapshots;
        } finally {
            TestClock.INSTANCE.thaw();
        }
    }

    /** The live answer says it is live by leaving {@code asOf} empty; the rest must be equal. */
    private static Object withoutAsOf(Object body) {
        if (!(body instanceof Map<?, ?> map)) {
            return body;
        }
        Map<Object, Object> copy = new LinkedHashMap<>(map);
        copy.remove("asOf");
        return copy;
    }

    /** Where two answers differ, leaf by leaf, so a failure names the field rather than dumping both. */
    private static void diff(String path, Object live, Object asOf, List<String> out) {
        if (out.size() >= 5 || java.util.Objects.equals(live, asOf)) {
            return;
        }
        if (live instanceof Map<?, ?> a && asOf instanceof Map<?, ?> b) {
            Set<Object> keys = new java.util.LinkedHashSet<>(a.keySet());
            keys.addAll(b.keySet());
            keys.forEach(key -> diff(path + "." + key, a.get(key), b.get(key), out));
        } else if (live instanceof List<?> a && asOf instanceof List<?> b && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
        } else {
            out.add(path + " live=" + live + " asOf=" + asOf);
        }
    }

    private Object get(String path) {
        String uri = "/api/incidents/" + scenario.incident + path;
        return api.as(scenario.city).get().uri(uri).exchange().expectStatus().isOk()
                  .expectBody(Object.class).returnResult().getResponseBody();
    }

    private String post(OrganisationId by, Map<String, Object> report) {
        return (String) api.as(by).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(report)
                           .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                           .getResponseBody().get("reportId");
    }

    private String share(OrganisationId from, Map<String, Object> body) {
        Map<?, ?> shared = api.as(from).post().uri("/api/incidents/{id}/exchanges", scenario.incident).bodyValue(body)
                              .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                              .getResponseBody();
        return (String) shared.get("exchangeId");
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
