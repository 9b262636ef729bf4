package jp.kanmin.ops.access;

import jp.kanmin.ops.eventstore.IndexedMongoEventStorageEngine;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static jp.kanmin.ops.testing.Requests.openDrill;
import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.awaitility.Awaitility.await;

/**
 * Each role against each endpoint of one incident: outsiders learn nothing (404), participants that are not the
 * HQ may not manage it (403), strangers without a token are asked for one (401), and no refusal writes anything.
 */
@ApplicationTest
class AuthorisationMatrixTest {

    enum Role { ANONYMOUS, ADMIN, HQ, PARTICIPANT, INVITED, OUTSIDER }

    record Call(HttpMethod method, String path, Object body) {

        static Call get(String path) {
            return new Call(HttpMethod.GET, path, null);
        }

        static Call post(String path, Object body) {
            return new Call(HttpMethod.POST, path, body);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    record Expectation(Role role, Call call, int status) {
    }

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    EventStorageEngine engine;

    Api api;
    Scenario scenario;
    Map<Role, WebTestClient> clients = new EnumMap<>(Role.class);
    OrganisationId participant;
    OrganisationId invited;
    OrganisationId outsider;

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens);
        participant = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        invited = api.register("power", OrganisationType.INFRASTRUCTURE_OPERATOR);
        outsider = api.register("other-chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        scenario = Scenario.open(api, participant);
        Scenario.open(api, outsider); // the outsider takes part in another incident, not this one
        api.as(scenario.city).post().uri("/api/incidents/{id}/invitations", scenario.incident)
           .bodyValue(Map.of("organisationId", invited.value())).exchange().expectStatus().isOk();
        scenario.awaitListed(invited);
        clients.put(Role.ANONYMOUS, api.anonymous());
        clients.put(Role.ADMIN, api.asAdmin());
        clients.put(Role.HQ, api.as(scenario.city));
        clients.put(Role.PARTICIPANT, api.as(participant));
        clients.put(Role.INVITED, api.as(invited));
        clients.put(Role.OUTSIDER, api.as(outsider));
    }

    @Test
    void everyRoleIsRefusedWhatItMayNotDoAndNoRefusalWritesAnything() {
        String incident = "/api/incidents/" + scenario.incident;
        long position = ((Number) scenario.timeline().getFirst().get("position")).longValue();
        Call readIncident = Call.get(incident);
        Call timeline = Call.get(incident + "/timeline");
        Call entry = Call.get(incident + "/timeline/" + position);
        Call feed = Call.get(incident + "/feed");
        Call report = Call.post(incident + "/reports", staffSafety(1, 0, 0));
        Call invite = Call.post(incident + "/invitations", Map.of("organisationId", outsider.value()));
        Call join = Call.post(incident + "/participants", Map.of());
        Call changeHq = new Call(HttpMethod.PUT, incident + "/coordinating-hq",
                                 Map.of("organisationId", participant.value()));
        Call close = Call.post(incident + "/close", Map.of("reason", "x"));
        Call reopen = Call.post(incident + "/reopen", Map.of("reason", "x"));
        Call openIncident = Call.post("/api/incidents", openDrill(Instant.now()));
        Call register = Call.post("/api/organisations", Map.of("organisationId", "nobody-" + System.nanoTime(),
                                                               "name", "x", "type", "COMPANY"));
        Call listTokens = Call.get("/api/admin/tokens");
        Call directory = Call.get("/api/organisations");
        Call damage = Call.get(incident + "/damage");
        Call damageCsv = Call.get(incident + "/damage.csv");
        Call businesses = Call.get(incident + "/damage/businesses");
        Call reports = Call.get(incident + "/reports");
        Call exchanges = Call.get(incident + "/exchanges");
        Call matrix = Call.get(incident + "/exchanges/matrix");
        Call compliance = Call.get(incident + "/exchanges/compliance");
        Call silent = Call.get(incident + "/silent");
        Call supportRequests = Call.get(incident + "/support-requests");
        Call share = Call.post(incident + "/exchanges", Map.of("to", List.of(scenario.city.value()),
                                                               "topic", "GENERAL", "text", "x"));
        Call askForSupport = Call.post(incident + "/support-requests", Map.of(
                "to", List.of(scenario.city.value()), "resource", "WATER", "quantity", 1, "priority", "LOW"));
        List<Call> damageAndExchanges = List.of(damage, damageCsv, businesses, reports, exchanges, matrix, compliance,
                                                silent, supportRequests, share, askForSupport);

        List<Expectation> refusals = new ArrayList<>();
        for (Call call : damageAndExchanges) {
            refusals.add(new Expectation(Role.ANONYMOUS, call, 401));
            refusals.add(new Expectation(Role.OUTSIDER, call, 404));
            refusals.add(new Expectation(Role.INVITED, call, 404));
        }
        for (Call call : List.of(readIncident, timeline, entry, feed, report, invite, join, changeHq, close, reopen,
                                 openIncident, register, listTokens, directory)) {
            refusals.add(new Expectation(Role.ANONYMOUS, call, 401));
        }
        for (Call call : List.of(readIncident, timeline, entry, feed, report, invite, join, changeHq, close, reopen)) {
            refusals.add(new Expectation(Role.OUTSIDER, call, 404));
        }
        for (Call call : List.of(timeline, entry, feed, report)) {
            refusals.add(new Expectation(Role.INVITED, call, 404));
        }
        for (Call call : List.of(invite, changeHq, close, reopen)) {
            refusals.add(new Expectation(Role.PARTICIPANT, call, 403));
            refusals.add(new Expectation(Role.INVITED, call, 403));
        }
        for (Role role : List.of(Role.HQ, Role.PARTICIPANT, Role.INVITED, Role.OUTSIDER)) {
            refusals.add(new Expectation(role, register, 403));
            refusals.add(new Expectation(role, listTokens, 403));
        }
        refusals.add(new Expectation(Role.ADMIN, report, 404)); // administrators manage, they do not report

        long before = quiescentHead();
        assertSoftly(softly -> {
            for (Expectation expected : refusals) {
                WebTestClient.ResponseSpec response = call(expected.role(), expected.call());
                var result = response.expectBody().returnResult();
                softly.assertThat(result.getStatus().value()).as("%s as %s", expected.call(), expected.role())
                      .isEqualTo(expected.status());
                softly.assertThat(result.getResponseHeaders().getContentType())
                      .as("%s as %s", expected.call(), expected.role())
                      .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            }
        });
        assertThat(quiescentHead()).as("nothing was recorded by %d refused requests", refusals.size())
                                   .isEqualTo(before);
    }

    @Test
    void eachRoleMayDoWhatItsPlaceAllows() {
        String incident = "/api/incidents/" + scenario.incident;
        for (Role reader : List.of(Role.HQ, Role.PARTICIPANT, Role.ADMIN)) {
            call(reader, Call.get(incident + "/timeline")).expectStatus().isOk();
            call(reader, Call.get(incident)).expectStatus().isOk();
        }
        call(Role.INVITED, Call.get(incident)).expectStatus().isOk();
        call(Role.INVITED, Call.get("/api/incidents")).expectBody(String.class)
                                                    .value(body -> assertThat(body).contains(scenario.incident));
        call(Role.OUTSIDER, Call.get("/api/incidents")).expectBody(String.class)
                                                     .value(body -> assertThat(body).doesNotContain(scenario.incident));
        call(Role.PARTICIPANT, Call.post(incident + "/reports", staffSafety(3, 0, 0))).expectStatus().isCreated();
        call(Role.HQ, Call.post(incident + "/reports", staffSafety(9, 0, 0))).expectStatus().isCreated();
        call(Role.INVITED, Call.post(incident + "/participants", Map.of())).expectStatus().isOk();
        scenario.awaitReadable(invited);
        call(Role.INVITED, Call.post(incident + "/reports", staffSafety(4, 0, 0))).expectStatus().isCreated();
        call(Role.ADMIN, Call.post(incident + "/invitations", Map.of("organisationId", outsider.value())))
                .expectStatus().isOk();
        call(Role.ANONYMOUS, Call.get("/actuator/health")).expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec call(Role role, Call call) {
        WebTestClient client = clients.get(role);
        WebTestClient.RequestBodySpec request = client.method(call.method()).uri(call.path());
        if (call.path().endsWith("/feed")) {
            request.accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_PROBLEM_JSON);
        }
        return call.body() == null ? request.exchange() : request.bodyValue(call.body()).exchange();
    }

    /** The store's head once background work (process managers) has settled. */
    private long quiescentHead() {
        IndexedMongoEventStorageEngine store = (IndexedMongoEventStorageEngine) engine;
        long[] last = {store.allocatedIndex()};
        await().pollInterval(Duration.ofMillis(500)).atMost(Duration.ofSeconds(15)).until(() -> {
            long now = store.allocatedIndex();
            boolean settled = now == last[0];
            last[0] = now;
            return settled;
        });
        return last[0];
    }
}
