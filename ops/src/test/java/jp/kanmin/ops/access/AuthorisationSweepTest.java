package jp.kanmin.ops.access;

import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Processors;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the application, read from its route table, called without a token, with a member's token where an
 * administrator's is needed, and as an organisation of another incident: each is refused, and nothing is written.
 * A route this sweep cannot place under a rule fails it, so a new endpoint cannot arrive without one.
 */
@ApplicationTest
// its own database: no other test's incident moves the store's head while refused calls are checked against it
@TestPropertySource(properties = "kanmin.store.database=kanmin-sweep")
class AuthorisationSweepTest {

    /** Routes any member may use, each with the reason; everything else under /api is an incident's or admin's. */
    static final Map<String, String> OPEN_TO_MEMBERS = Map.ofEntries(
            Map.entry("GET /api/incidents", "lists only the incidents the caller takes part in or is invited to"),
            Map.entry("POST /api/incidents", "any organisation may open an incident it coordinates"),
            Map.entry("POST /api/exercises", "an exercise is an incident its opener coordinates"),
            Map.entry("GET /api/exercises/scenarios", "exercise scenarios are reference data"),
            Map.entry("GET /api/exercises/scenarios/{id}", "exercise scenarios are reference data"),
            Map.entry("GET /api/plans", "timeline plans are reference data"),
            Map.entry("GET /api/plans/{version}", "timeline plans are reference data"),
            Map.entry("GET /api/cadences", "sharing cadences are reference data"),
            Map.entry("GET /api/damage-scale-rules", "damage-scale rules and their readings are reference data"),
            Map.entry("GET /api/read-models", "which read models each event type changes: reference data"),
            Map.entry("GET /api/report-kinds", "the kinds of report, their names and summaries: reference data"),
            Map.entry("GET /api/me", "tells a caller only whom its own token speaks for"),
            Map.entry("GET /api/web-push/key", "the server's public VAPID key: public by nature, the same for all"),
            Map.entry("GET /api/organisations", "the directory: who is who, no incident data"),
            Map.entry("GET /api/organisations/{organisationId}", "the directory: who is who, no incident data"),
            Map.entry("GET /api/organisations/{organisationId}/reporting-chain", "the directory's relations"));
    /** Outside /api: the API document, open so that clients can be generated without a token. */
    static final List<String> PUBLIC_PREFIXES = List.of("/v3/api-docs", "/swagger-ui", "/webjars");
    /**
     * Outside /api: URLs whose path carries a token of their own (a calendar application cannot send one), so a
     * guessed or revoked token opens nothing.
     */
    static final Map<String, String> CAPABILITY_URLS = Map.of(
            "GET /calendars/{token}.ics", "a calendar subscription: the token opens one organisation's deadlines");

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    EventStorageEngine engine;
    @Autowired
    ApplicationContext context;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping routes;

    record Route(HttpMethod method, String pattern) {
        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    @Test
    void everyRouteRefusesCallersWithoutTheRightAndWritesNothingForThem() {
        Api api = new Api(port, tokens);
        OrganisationId participant = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        OrganisationId outsider = api.register("other-park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(api, participant);
        Scenario.open(api, outsider); // the outsider takes part in another incident
        long position = ((Number) scenario.timeline().getFirst().get("position")).longValue();
        Processors.awaitCaughtUp(context);
        WebTestClient anonymous = api.anonymous().mutate().responseTimeout(Duration.ofSeconds(10)).build();
        WebTestClient member = api.as(scenario.city).mutate().responseTimeout(Duration.ofSeconds(10)).build();
        WebTestClient stranger = api.as(outsider).mutate().responseTimeout(Duration.ofSeconds(10)).build();

        List<Route> all = routeTable();
        assertThat(all).as("the route table").hasSizeGreaterThan(50);
        List<String> unplaced = new ArrayList<>();
        int calls = 0;
        for (Route route : all) {
            String path = concrete(route.pattern(), scenario.incident, participant, position);
            if (PUBLIC_PREFIXES.stream().anyMatch(route.pattern()::startsWith)) {
                assertThat(status(anonymous, route, path)).as("%s without a token", route).isNotEqualTo(401);
                calls++;
                continue;
            }
            if (CAPABILITY_URLS.containsKey(route.toString())) {
                assertThat(status(anonymous, route, path)).as("%s with a token never issued", route).isEqualTo(404);
                calls++;
                continue;
            }
            if (!route.pattern().startsWith("/api/")) {
                unplaced.add(route + " (outside /api and not public)");
                continue;
            }
            long head = head();
            assertThat(status(anonymous, route, path)).as("%s without a token", route).isEqualTo(401);
            calls++;
            if (isTheOrganisationsOwn(route)) {
                // the path names the participant: the HQ of its incident and a stranger are both others
                assertThat(status(member, route, path)).as("%s as another organisation", route).isEqualTo(403);
                assertThat(status(stranger, route, path)).as("%s as another organisation", route).isEqualTo(403);
                calls += 2;
            } else if (isAdministrative(route)) {
                assertThat(status(member, route, path)).as("%s as a member, not an administrator", route)
                                                       .isEqualTo(403);
                assertThat(status(stranger, route, path)).as("%s as another incident's member", route)
                                                         .isEqualTo(403);
                calls += 2;
            } else if (route.pattern().startsWith("/api/incidents/{incidentId}")) {
                int status = status(stranger, route, path);
                if (route.method() == HttpMethod.GET) {
                    assertThat(status).as("%s as another incident's member", route).isIn(403, 404);
                } else {
                    assertThat(status).as("%s as another incident's member", route).isBetween(400, 499);
                }
                calls++;
            } else if (OPEN_TO_MEMBERS.containsKey(route.toString())) {
                assertThat(status(member, route, path)).as("%s as a member", route).isNotIn(401, 403);
                calls++;
            } else {
                unplaced.add(route.toString());
            }
            assertThat(head()).as("%s: nothing written by a refused call", route).isEqualTo(head);
        }
        assertThat(unplaced).as("routes with no authorisation rule in this sweep").isEmpty();
        System.out.printf("authorisation sweep: %d routes, %d calls, 0 let through%n", all.size(), calls);
    }

    /** An organisation's notification rules and delivery log: its own staff's and administrators'. */
    private static boolean isTheOrganisationsOwn(Route route) {
        return route.pattern().startsWith("/api/organisations/{organisationId}/notification");
    }

    /** Administrators' routes, and changes to the directory. */
    private static boolean isAdministrative(Route route) {
        return route.pattern().startsWith("/api/admin/")
               || route.pattern().startsWith("/api/organisations") && route.method() != HttpMethod.GET;
    }

    private List<Route> routeTable() {
        TreeSet<String> seen = new TreeSet<>();
        List<Route> table = new ArrayList<>();
        routes.getHandlerMethods().keySet().forEach(info -> {
            var methods = info.getMethodsCondition().getMethods().isEmpty()
                    ? List.of(org.springframework.web.bind.annotation.RequestMethod.GET)
                    : List.copyOf(info.getMethodsCondition().getMethods());
            for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                for (var method : methods) {
                    Route route = new Route(method.asHttpMethod(), pattern.getPatternString());
                    if (seen.add(route.toString())) {
                        table.add(route);
                    }
                }
            }
        });
        return table;
    }

    private static String concrete(String pattern, String incident, OrganisationId organisation, long position) {
        Matcher variables = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (variables.find()) {
            String value = switch (variables.group(1)) {
                case "incidentId", "incident" -> incident;
                case "organisationId", "chamber" -> organisation.value();
                case "taskId" -> "staff-safety";
                case "position" -> Long.toString(position);
                case "name" -> "timeline";
                default -> "x";
            };
            variables.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        variables.appendTail(path);
        return path.toString().replace("/**", "/x");
    }

    private static int status(WebTestClient client, Route route, String path) {
        WebTestClient.RequestBodySpec request = client.method(route.method()).uri(path)
                                                      .accept(MediaType.ALL);
        WebTestClient.RequestHeadersSpec<?> call = route.method() == HttpMethod.GET
                                                           || route.method() == HttpMethod.DELETE
                ? request : request.contentType(MediaType.APPLICATION_JSON).bodyValue(staffSafety(1, 0, 0));
        return call.exchange().returnResult(Void.class).getStatus().value();
    }

    private long head() {
        var token = engine.createHeadToken();
        return token == null ? -1 : token.position().orElse(-1);
    }
}
