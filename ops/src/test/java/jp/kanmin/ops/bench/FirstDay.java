package jp.kanmin.ops.bench;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.deadline.MongoDeadlineManager;
import jp.kanmin.ops.rebuild.ProjectionRebuilds;
import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.organisation.InfrastructureSector;
import jp.kanmin.shared.sharing.SharingDirection;
import jp.kanmin.shared.organisation.OrganisationCommands.AgreeSharing;
import jp.kanmin.shared.organisation.OrganisationCommands.RegisterOrganisation;
import jp.kanmin.shared.sharing.ExchangeTopic;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The first morning of a large earthquake (発災初日) as load: an incident coordinated by a city with {@code N}
 * participants (an industrial park, member companies, infrastructure operators and chambers of commerce), each with
 * its own token, and the mix they post: staff safety, site damage, surroundings, outages, support requests to the
 * park, and acknowledgements of the city's notices. Every request is a fresh command with its own idempotency key,
 * and carries the moment it was sent in its text ({@code bench-sent:<nanos>}), so a subscriber of the feed can tell
 * how long the command took to reach it.
 */
final class FirstDay {

    /** What one request did: its answer's status and time, and where it landed on the timeline (2xx only). */
    record Outcome(String kind, int status, long nanos, Long position) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    record Poster(OrganisationId id, OrganisationType type, String token) {
    }

    private static final Pattern SENT = Pattern.compile("bench-sent:(\\d+)");
    /** Acknowledgements the city's notices leave to give; the mix falls back to staff safety when they run out. */
    private final Queue<String[]> acknowledgements = new ConcurrentLinkedQueue<>();
    private final List<Poster> posters;
    private final List<Poster> operators;
    private final Poster city;
    private final Poster park;
    private final String incident;
    private final PooledClient http;
    private final AtomicLong sequence = new AtomicLong();

    private FirstDay(PooledClient http, String incident, Poster city, Poster park, List<Poster> posters) {
        this.http = http;
        this.incident = incident;
        this.city = city;
        this.park = park;
        this.posters = posters;
        this.operators = posters.stream().filter(p -> p.type() == OrganisationType.INFRASTRUCTURE_OPERATOR).toList();
    }

    /**
     * Registers {@code organisations} participants and their city in the directory, opens a real incident with all
     * of them, and has the city send each block of 50 (the most one sharing addresses) ten notices to acknowledge.
     */
    static FirstDay prepare(ConfigurableApplicationContext application, int organisations, int connections) {
        return prepare(application, organisations, connections, Duration.ofMinutes(10), false);
    }

    /**
     * As above, with zero hour {@code sinceZeroHour} ago; with {@code agreements}, every participant has agreed to
     * share its damage picture with the city twice a day (makinohara-002), so sharing slots fall due and are missed
     * as the day goes on.
     */
    static FirstDay prepare(ConfigurableApplicationContext application, int organisations, int connections,
                            Duration sinceZeroHour, boolean agreements) {
        int port = Integer.parseInt(application.getEnvironment().getProperty("local.server.port"));
        PooledClient http = PooledClient.to("http://localhost:" + port, connections);
        WebClient client = http.client();
        String run = UUID.randomUUID().toString().substring(0, 6);
        CommandGateway commands = application.getBean(CommandGateway.class);
        ApiTokens tokens = application.getBean(ApiTokens.class);
        Poster city = register(commands, tokens, "bench-" + run + "-city", OrganisationType.MUNICIPALITY);
        List<Poster> posters = new ArrayList<>();
        for (int n = 0; n < organisations; n++) {
            posters.add(register(commands, tokens, "bench-" + run + "-%03d".formatted(n), typeOf(n)));
        }
        if (agreements) {
            for (Poster poster : posters) {
                commands.sendAndWait(new AgreeSharing(poster.id(), "damage-to-city", city.id(),
                                                      ExchangeTopic.DAMAGE_PICTURE, SharingDirection.ONE_WAY,
                                                      "makinohara-002", null),
                                     MetaData.with(MessageMetadata.ACTOR, "admin")
                                             .and(MessageMetadata.REQUEST_ID, "bench/agree/" + poster.id()));
            }
        }
        Poster park = posters.getFirst();
        // the directory read model answers "is this a registered organisation?" when the incident opens
        ReplayBenchmark.awaitCaughtUp(application.getBean(ProjectionRebuilds.class), "directory");
        Map<?, ?> opened = answer(client, city.token(), "/api/incidents", Map.of(
                "title", "ベンチマーク 地震 " + run, "kind", "EARTHQUAKE",
                "zeroHour", Instant.now().minus(sinceZeroHour).toString(), "mode", "REAL",
                "obligationsFrom", "ZERO_HOUR",
                "participants", posters.stream().map(p -> p.id().value()).toList()));
        FirstDay day = new FirstDay(http, (String) opened.get("incidentId"), city, park, posters);
        FeedBenchmark.awaitSampleIncident(client, city.token(), day.incident);
        for (Poster poster : posters) {
            FeedBenchmark.awaitSampleIncident(client, poster.token(), day.incident);
        }
        day.shareNotices();
        // every notice reaches 50 participations through a process manager: the load starts when all is quiet
        History.settle(application.getBean(MongoDeadlineManager.class), application.getBean(ProjectionRebuilds.class));
        return day;
    }

    /** One park, 1 in 15 an infrastructure operator, 1 in 30 a chamber of commerce, the rest member companies. */
    private static OrganisationType typeOf(int n) {
        if (n == 0) {
            return OrganisationType.INDUSTRIAL_PARK;
        }
        if (n % 15 == 1) {
            return OrganisationType.INFRASTRUCTURE_OPERATOR;
        }
        return n % 30 == 2 ? OrganisationType.CHAMBER_OF_COMMERCE : OrganisationType.COMPANY;
    }

    static Poster register(CommandGateway commands, ApiTokens tokens, String id, OrganisationType type) {
        OrganisationId organisation = OrganisationId.of(id);
        // power operators' local offices: the outages they post name their own sector
        InfrastructureSector sector = type == OrganisationType.INFRASTRUCTURE_OPERATOR ? InfrastructureSector.POWER
                : null;
        commands.sendAndWait(new RegisterOrganisation(organisation, "ベンチ " + id, null, type, sector, null),
                             MetaData.with(MessageMetadata.ACTOR, "admin")
                                     .and(MessageMetadata.REQUEST_ID, "bench/register/" + id));
        String token = tokens.issue(organisation, Set.of(Caller.Role.MEMBER), Duration.ofHours(6), "benchmark")
                             .block(Duration.ofSeconds(30)).token();
        return new Poster(organisation, type, token);
    }

    private void shareNotices() {
        for (int from = 0; from < posters.size(); from += 50) {
            List<Poster> block = posters.subList(from, Math.min(posters.size(), from + 50));
            for (int notice = 0; notice < 10; notice++) {
                Map<?, ?> shared = answer(http.client(), city.token(), "/api/incidents/" + incident + "/exchanges", Map.of(
                        "to", block.stream().map(p -> p.id().value()).toList(), "topic", "DAMAGE_PICTURE",
                        "text", "市災害対策本部より 第" + (notice + 1) + "報"));
                for (Poster poster : block) {
                    acknowledgements.add(new String[]{poster.token(), (String) shared.get("exchangeId")});
                }
            }
        }
    }

    /** The answer to a set-up request, which must succeed: its problem is the benchmark's failure. */
    static Map<?, ?> answer(WebClient client, String token, String path, Map<String, Object> body) {
        return client.post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).bodyValue(body)
                     .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                             ? response.bodyToMono(Map.class)
                             : response.bodyToMono(String.class).defaultIfEmpty("").flatMap(problem -> Mono.error(
                                     new IllegalStateException("POST " + path + ": " + response.statusCode() + " "
                                                               + problem))))
                     .block(Duration.ofMinutes(2));
    }

    String incident() {
        return incident;
    }

    /** Every organisation taking part, the city first. */
    List<OrganisationId> participants() {
        List<OrganisationId> all = new ArrayList<>(List.of(city.id()));
        posters.forEach(poster -> all.add(poster.id()));
        return all;
    }

    String cityToken() {
        return city.token();
    }

    WebClient client() {
        return http.client();
    }

    /** When the request whose text this is was sent (System.nanoTime), or -1 when it carries none. */
    static long sentAt(String text) {
        Matcher matcher = SENT.matcher(text);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** Sends one request of the mix, stamped with {@code sentNanos}; never fails, a failure is an outcome. */
    Mono<Outcome> send(long sentNanos) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int dice = random.nextInt(100);
        String stamp = " bench-sent:" + sentNanos;
        if (dice < 20) {
            String[] acknowledgement = acknowledgements.poll();
            if (acknowledgement != null) {
                return post("acknowledgement", acknowledgement[0],
                            "/api/incidents/" + incident + "/exchanges/" + acknowledgement[1] + "/acknowledge",
                            Map.of("note", "確認しました" + stamp), sentNanos);
            }
        }
        if (dice >= 20 && dice < 30 && !operators.isEmpty()) {
            Poster operator = operators.get(random.nextInt(operators.size()));
            return report("outage", operator, Map.of(
                    "type", "INFRASTRUCTURE_OUTAGE", "outageId", "outage-" + sequence.incrementAndGet(),
                    "sector", "POWER", "householdsAffected", random.nextInt(20_000), "sitesAffected",
                    random.nextInt(40), "cause", "地震による設備損傷", "note", "停電発生" + stamp), sentNanos);
        }
        Poster poster = posters.get(1 + random.nextInt(posters.size() - 1));
        if (dice >= 30 && dice < 40) {
            return post("support request", poster.token(), "/api/incidents/" + incident + "/support-requests",
                        Map.of("to", List.of(park.id().value()), "resource", "WATER", "quantity",
                               1 + random.nextInt(200), "unit", "本", "priority", "HIGH",
                               "description", "飲料水の支援をお願いします" + stamp), sentNanos);
        }
        if (dice >= 40 && dice < 60) {
            return report("site damage", poster, Map.of(
                    "type", "SITE_DAMAGE", "site", "第" + (1 + random.nextInt(3)) + "工場",
                    "severity", random.nextInt(4) == 0 ? "SEVERE" : "LIGHT", "operating", random.nextBoolean(),
                    "note", "建屋の一部損壊" + stamp), sentNanos);
        }
        if (dice >= 60 && dice < 65) {
            return report("surroundings", poster, Map.of(
                    "type", "SURROUNDINGS", "accessRoutes", random.nextBoolean() ? "OPEN" : "RESTRICTED",
                    "reachable", true, "note", "周辺道路の状況" + stamp), sentNanos);
        }
        return report("staff safety", poster, Map.of(
                "type", "STAFF_SAFETY", "safe", 50 + random.nextInt(500), "injured", random.nextInt(3),
                "missing", random.nextInt(2), "unreachable", random.nextInt(10),
                "note", "安否確認の途中経過" + stamp), sentNanos);
    }

    /** What the HQ's board reads on each refresh (board.html), all at once as the page does. */
    private static final List<String> BOARD = List.of("", "/overview", "/exchanges/matrix", "/damage",
                                                      "/support-requests?open=true", "/silent",
                                                      "/staff-safety/missing", "/timeline?limit=50");

    /** One refresh of the city's board: answered when every panel is; its status the worst panel's. */
    Mono<Outcome> readBoard(long sentNanos) {
        return reactor.core.publisher.Flux.fromIterable(BOARD)
                .flatMap(panel -> http.client().get().uri("/api/incidents/" + incident + panel)
                                      .header(HttpHeaders.AUTHORIZATION, "Bearer " + city.token())
                                      .exchangeToMono(response -> response.releaseBody()
                                              .thenReturn(response.statusCode().value()))
                                      .timeout(Duration.ofSeconds(30))
                                      .onErrorReturn(599))
                .reduce(200, (worst, status) -> status >= 200 && status < 300 ? worst : Math.max(worst, status))
                .map(status -> new Outcome("board", status, System.nanoTime() - sentNanos, null));
    }

    private Mono<Outcome> report(String kind, Poster poster, Map<String, Object> body, long sentNanos) {
        return post(kind, poster.token(), "/api/incidents/" + incident + "/reports", body, sentNanos);
    }

    private Mono<Outcome> post(String kind, String token, String path, Map<String, Object> body, long sentNanos) {
        return http.client().post().uri(path)
                     .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                     .header("Idempotency-Key", "bench-" + UUID.randomUUID())
                     .bodyValue(body)
                     .exchangeToMono(response -> response.bodyToMono(Map.class).defaultIfEmpty(Map.of())
                             .map(answer -> new Outcome(kind, response.statusCode().value(),
                                                        System.nanoTime() - sentNanos, position(answer))))
                     .timeout(Duration.ofSeconds(30))
                     .onErrorResume(failure -> Mono.just(new Outcome(kind, 599, System.nanoTime() - sentNanos, null)));
    }

    private static Long position(Map<?, ?> answer) {
        return answer.get("position") instanceof Number number ? number.longValue() : null;
    }

    /** Posts the mix from {@code inFlight} clients at once, each sending its next when answered, for a while. */
    List<Outcome> closedLoop(int inFlight, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        return reactor.core.publisher.Flux.fromStream(IntStream.range(0, inFlight).boxed())
                .flatMap(client -> Mono.defer(() -> send(System.nanoTime()))
                                       .repeat(() -> System.nanoTime() < end), inFlight)
                .collectList().block(duration.plusMinutes(2));
    }

    void close() {
        http.close();
    }
}
