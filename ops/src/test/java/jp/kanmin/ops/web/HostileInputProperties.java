package jp.kanmin.ops.web;

import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.RunningApplication;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestStore;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

import static jp.kanmin.ops.testing.Requests.openDrill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * Hostile input against the command endpoints: each valid request spoilt in one way a broken client, a fuzzer or an
 * attacker would (truncated or not JSON at all, a field of the wrong type, fields the server owns, a huge or deeply
 * nested body, invalid UTF-8 or Unicode, a time in year 1 or 10000, negative and overflowing numbers, floats for
 * counts). Every one is answered 4xx with a problem+json body, the event store is unchanged, and the node stays
 * healthy. Tries of the first property: 300, more with {@code -Dhostile.tries=N}
 * ({@code ./kanmin test -pl ops -Dtest=HostileInputProperties -Dhostile.tries=5000}); QuickTheories shrinks a failure
 * to the smallest spoilt request it finds and prints it with the seed that repeats it.
 */
class HostileInputProperties {

    static final int TRIES = Integer.getInteger("hostile.tries", 300);
    /** How often each kind of hostile input and path was tried, printed at the end as a check of the generators. */
    static final Map<String, Integer> tried = new ConcurrentSkipListMap<>();

    static RunningApplication node;
    static EventStorageEngine engine;
    static List<Endpoint> endpoints;
    static final JsonMapper json = JsonMapper.builder().build();

    /** A command endpoint, who may call it, and a request it accepts. */
    record Endpoint(String name, HttpMethod method, String path, WebTestClient caller, ObjectNode valid) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One way of spoiling a request: its kind (for the statistics) and the bytes sent instead. */
    record Hostile(String kind, Function<ObjectNode, byte[]> spoil) {
        @Override
        public String toString() {
            return kind;
        }
    }

    @BeforeAll
    static void startNode() {
        node = RunningApplication.node(TestStore.uri(), "kanmin-hostile-" + UUID.randomUUID(),
                                       // the per-organisation limits would answer 429 long before the properties end
                                       "kanmin.limits.writes-per-minute=10000000", "kanmin.limits.reads-per-minute=10000000");
        engine = node.bean(EventStorageEngine.class);
        Api api = node.api();
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        OrganisationId power = api.register("power", OrganisationType.INFRASTRUCTURE_OPERATOR);
        Scenario scenario = Scenario.open(api, park, power);
        String incident = "/api/incidents/" + scenario.incident;
        String now = Instant.now().toString();
        endpoints = List.of(
                new Endpoint("staff safety report", HttpMethod.POST, incident + "/reports", unpooled(api.as(park)),
                             object(Map.of("type", "STAFF_SAFETY", "safe", 10, "injured", 0, "missing", 0,
                                           "observedAt", now, "note", "本館 全員無事"))),
                new Endpoint("outage report", HttpMethod.POST, incident + "/reports", unpooled(api.as(power)),
                             object(Map.of("type", "INFRASTRUCTURE_OUTAGE", "outageId", "o-1", "sector", "POWER",
                                           "householdsAffected", 850, "cause", "倒木", "restorationEta", now,
                                           "area", Map.of("name", "長田野地区")))),
                new Endpoint("information shared", HttpMethod.POST, incident + "/exchanges",
                             unpooled(api.as(scenario.city)),
                             object(Map.of("to", List.of(park.value()), "topic", "SUPPORT_SCHEMES",
                                           "text", "相談窓口を開設"))),
                new Endpoint("support request", HttpMethod.POST, incident + "/support-requests",
                             unpooled(api.as(park)),
                             object(Map.of("to", List.of(power.value()), "resource", "VEHICLES",
                                           "description", "発電機車", "quantity", 1, "unit", "台",
                                           "priority", "URGENT"))),
                new Endpoint("incident opened", HttpMethod.POST, "/api/incidents", unpooled(api.as(scenario.city)),
                             object(openDrill(Instant.now(), park))),
                new Endpoint("organisation registered", HttpMethod.POST, "/api/organisations",
                             unpooled(api.asAdmin()),
                             object(Map.of("organisationId", "new-park", "name", "新しい団地",
                                           "type", "INDUSTRIAL_PARK"))),
                new Endpoint("token issued", HttpMethod.POST, "/api/admin/tokens", unpooled(api.asAdmin()),
                             object(Map.of("organisationId", park.value(), "administrator", false, "validDays", 30,
                                           "label", "phone"))));
    }

    @AfterAll
    static void stopNode() {
        node.close();
        System.out.println("Tried: " + tried);
    }

    @Test
    void hostileInputIsRefusedWithAProblemAndChangesNothing() {
        qt().withExamples(TRIES).forAll(endpoints(), hostile()).checkAssert(this::refused);
    }

    private void refused(Endpoint endpoint, Hostile hostile) {
        tried.merge("hostile input: " + hostile.kind(), 1, Integer::sum);
        long head = head();
        byte[] body = hostile.spoil().apply(endpoint.valid().deepCopy());

        EntityExchangeResult<byte[]> answer;
        try {
            answer = endpoint.caller().method(endpoint.method()).uri(endpoint.path())
                             .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                             .exchange().expectBody().returnResult();
        } catch (WebClientRequestException reset) {
            // The server answers an oversized body with 413 and closes the connection; a client still sending
            // megabytes may see the close before the answer. Refused either way: nothing may have been written.
            assertThat(hostile.kind()).as("a connection closed on %s: %s", hostile, reset).isEqualTo("huge body");
            assertThat(head()).as("the store is unchanged").isEqualTo(head);
            healthy();
            return;
        }

        int status = answer.getStatus().value();
        String sent = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        assertThat(status).as("%s, %s: %s", endpoint, hostile, sent).isBetween(400, 499).isNotEqualTo(429);
        assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(answer.getResponseBody());
        assertThat(problem.path("type").asString()).startsWith("urn:kanmin:problem:");
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asString()).isNotBlank();
        assertThat(head()).as("the store is unchanged").isEqualTo(head);
        healthy();
    }

    /** Markup, control characters, direction overrides, template injections: valid text, kept exactly as sent. */
    @Test
    void textWithMarkupAndControlCharactersIsStoredAndReturnedExactlyAsSent() {
        qt().withExamples(60).forAll(nastyText()).checkAssert(this::keptExactly);
    }

    private void keptExactly(String text) {
        Endpoint share = endpoints.stream().filter(e -> e.name().equals("information shared")).findFirst().orElseThrow();
        ObjectNode request = share.valid().deepCopy().put("text", text);
        JsonNode shared = json.readTree(share.caller().post().uri(share.path()).contentType(MediaType.APPLICATION_JSON)
                                             .bodyValue(bytes(request)).exchange().expectStatus().isCreated()
                                             .expectBody(String.class).returnResult().getResponseBody());
        String exchangeId = shared.get("exchangeId").asString();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode exchanges = json.readTree(share.caller().get().uri(share.path()).exchange().expectStatus().isOk()
                                                    .expectBody(String.class).returnResult().getResponseBody());
            JsonNode stored = null;
            for (JsonNode exchange : exchanges.get("exchanges")) {
                if (exchange.get("exchangeId").asString().equals(exchangeId)) {
                    stored = exchange;
                }
            }
            assertThat(stored).as("exchange %s", exchangeId).isNotNull();
            assertThat(stored.get("text").asString()).isEqualTo(text);
        });
    }

    static Gen<String> nastyText() {
        Gen<String> pieces = pick("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                                                  "\"><svg/onload=alert(1)>", "'; DROP TABLE events; --",
                                                  "{\"$gt\": \"\"}", "${jndi:ldap://x/a}", "{{7*7}}", "\u202Eevil",
                                                  "\u0000", "\u0007\u001b[31m", "\r\n\r\nX-Injected: 1", "🚒🏭",
                                                  "合成文字 が゚", "\uFEFF", "&amp;&lt;&#x3C;");
        Gen<String> plain = strings().betweenCodePoints(0x0000, 0xD7FF).ofLengthBetween(0, 200);
        return lists().of(pieces).ofSizeBetween(0, 6)
                      .zip(plain, (list, filler) -> String.join(filler, list) + filler)
                      // at most 6 × 30 + 7 × 200 characters, within the 4,000 allowed; a blank text is refused as
                      // such, so it gets a letter (QuickTheories gives up on a filter that refuses its first value)
                      .map(text -> text.isBlank() ? text + "x" : text);
    }

    /**
     * A connection of its own per request: after refusing an oversized body the server closes the connection, and a
     * pooled client would send the next request down it and see it reset.
     */
    private static WebTestClient unpooled(WebTestClient client) {
        return client.mutate().clientConnector(new ReactorClientHttpConnector(HttpClient.newConnection())).build();
    }

    private static void healthy() {
        unpooled(node.api().anonymous()).get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    static Gen<Endpoint> endpoints() {
        return Generate.pick(endpoints);
    }

    static Gen<Hostile> hostile() {
        return Generate.oneOf(truncated(), notJson(), wrongType(), unknownField(), huge(), deeplyNested(),
                                 invalidUtf8(), unpairedSurrogate(), farTime(), badNumber(), nothing(),
                                 coercibleScalar());
    }

    private static Gen<Hostile> truncated() {
        return doubles().between(0.01, 0.99).map(fraction -> new Hostile("truncated JSON", valid -> {
            byte[] whole = bytes(valid);
            return java.util.Arrays.copyOf(whole, Math.max(1, (int) (whole.length * fraction)));
        }));
    }

    private static Gen<Hostile> notJson() {
        return pick("", " ", "null", "[]", "\"text\"", "42", "true", "{", "}{", "<report/>", "{'single':1}",
                              "{\"a\":1,}", "{\"a\" 1}", "\u0000", "{\"type\":\"STAFF_SAFETY\"}{}")
                          .map(text -> new Hostile("not JSON or not an object", valid -> utf8(text)));
    }

    /** A scalar where an object or list belongs, or an object or list where a scalar does. */
    private static Gen<Hostile> wrongType() {
        return integers().between(0, 100).map(pick -> new Hostile("wrong type", valid -> {
            String field = field(valid, pick);
            JsonNode value = valid.get(field);
            valid.set(field, value.isContainer() ? json.readTree("\"x\"")
                    : pick % 2 == 0 ? json.createObjectNode().put("x", 1) : json.createArrayNode().add(1));
            return bytes(valid);
        }));
    }

    /** Fields a client must never set: the server owns them (or they do not exist). */
    private static Gen<Hostile> unknownField() {
        Gen<String> names = Generate.oneOf(
                pick("recordedAt", "position", "actor", "globalIndex", "sequenceNumber", "_id", "$where",
                               "__proto__", "constructor", "requestId", "createdBy", "admin", "roles"),
                lists().of(Generate.pick(ALPHA)).ofSizeBetween(1, 12).map(letters -> "x" + String.join("", letters)));
        return names.zip(pick("1", "true", "\"x\"", "{}", "[]", "null"),
                         (name, value) -> new Hostile("unknown or server-owned field", valid -> {
                              valid.set(name, json.readTree(value));
                              return bytes(valid);
                          }));
    }

    private static Gen<Hostile> huge() {
        return integers().between(300_000, 3_000_000).map(size -> new Hostile("huge body", valid -> {
            valid.put(textField(valid), "あ".repeat(size / 3));
            return bytes(valid);
        }));
    }

    private static Gen<Hostile> deeplyNested() {
        return integers().between(1_500, 20_000).map(depth -> new Hostile("deeply nested", valid -> {
            String nested = "[".repeat(depth) + "]".repeat(depth);
            String text = bytesAsText(valid);
            return utf8(depth % 2 == 0 ? nested
                                       : text.substring(0, text.length() - 1) + ",\"" + firstField(valid) + "\":"
                                         + nested + "}");
        }));
    }

    /** Bytes that are not UTF-8 inside a string. */
    private static Gen<Hostile> invalidUtf8() {
        return pick(new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xE2, (byte) 0x82},
                              new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xC0, (byte) 0xAF})
                          .map(bad -> new Hostile("invalid UTF-8", valid -> {
                              String marker = "@@BAD@@";
                              valid.put(textField(valid), marker);
                              byte[] text = bytes(valid);
                              String asText = new String(text, StandardCharsets.UTF_8);
                              int at = asText.indexOf(marker);
                              ByteArrayOutputStream out = new ByteArrayOutputStream();
                              out.writeBytes(asText.substring(0, at).getBytes(StandardCharsets.UTF_8));
                              out.writeBytes(bad);
                              out.writeBytes(asText.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
                              return out.toByteArray();
                          }));
    }

    private static Gen<Hostile> unpairedSurrogate() {
        return pick("\\ud800", "\\udfff", "a\\ud83dz", "\\udc00\\ud800")
                          .map(escape -> new Hostile("invalid Unicode", valid -> {
                              valid.put(textField(valid), "@@S@@");
                              return utf8(bytesAsText(valid).replace("@@S@@", escape));
                          }));
    }

    private static Gen<Hostile> farTime() {
        return pick("0001-01-01T00:00:00Z", "1000-06-01T00:00:00Z", "1899-12-31T23:59:59Z",
                              "+10000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2200-01-01T00:00:00Z",
                              "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z")
                          .map(time -> new Hostile("time far in the past or future", valid -> {
                              valid.put(timeField(valid), time);
                              return bytes(valid);
                          }));
    }

    private static Gen<Hostile> badNumber() {
        return pick("-1", "-2147483649", "2147483648", "9223372036854775808", "1e400", "-1e400", "1.5",
                              "NaN", "Infinity", "0x10", "1_000")
                          .map(number -> new Hostile("negative, overflowing or malformed number", valid -> {
                              String field = numberField(valid);
                              valid.put(field, "@@N@@");
                              return utf8(bytesAsText(valid).replace("\"@@N@@\"", number));
                          }));
    }

    /** A scalar of another JSON type that a lenient parser would convert: "12" for 12, 12 for "12", "true", 1. */
    private static Gen<Hostile> coercibleScalar() {
        return integers().between(0, 3).map(pick -> new Hostile("scalar of another type", valid -> {
            switch (pick) {
                case 0 -> {
                    String field = numberField(valid);
                    valid.put(field, valid.has(field) ? valid.get(field).asString() : "12");
                }
                case 1 -> valid.put(textField(valid), 12);
                case 2 -> valid.put(timeField(valid), 1_765_000_000L);
                default -> valid.put(numberField(valid), true);
            }
            return bytes(valid);
        }));
    }

    /**
     * What a router refuses before any handler runs: a path that climbs out ({@code ..}), an encoded slash or NUL in
     * an id, an id of 20,000 characters, a control character. Each is a problem too, and writes nothing.
     */
    @Test
    void hostilePathsAreRefusedWithAProblemAndChangeNothing() {
        qt().withExamples(40).forAll(endpoints(), hostileIds()).checkAssert(this::pathRefused);
    }

    private void pathRefused(Endpoint endpoint, String id) {
        tried.merge("hostile path: " + (id.length() > 100 ? "very long id" : id), 1, Integer::sum);
        long head = head();
        String path = endpoint.path().contains("/api/incidents/")
                ? endpoint.path().replaceFirst("/api/incidents/[^/]+", "/api/incidents/" + id)
                : endpoint.path() + "/" + id;

        EntityExchangeResult<byte[]> answer = endpoint.caller().method(endpoint.method())
                                                      .uri(java.net.URI.create("http://localhost:" + node.port()
                                                                               + path))
                                                      .contentType(MediaType.APPLICATION_JSON)
                                                      .bodyValue(bytes(endpoint.valid()))
                                                      .exchange().expectBody().returnResult();

        int status = answer.getStatus().value();
        assertThat(status).as("%s at %s", endpoint, path.length() > 200 ? path.substring(0, 200) + "…" : path)
                          .isBetween(400, 499);
        assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(answer.getResponseBody());
        assertThat(problem.path("type").asString()).startsWith("urn:kanmin:problem:");
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(head()).as("the store is unchanged").isEqualTo(head);
        healthy();
    }

    static Gen<String> hostileIds() {
        return Generate.oneOf(
                pick("..", "../..", "%2e%2e", "a%2Fb", "%2F", "a%00b", "%00", "a%5Cb", "%252F", "a%0Ab",
                               "a%09b", "%C0%AE%C0%AE", "%E2%80%AE"),
                integers().between(9_000, 20_000).map("a"::repeat));
    }

    private static Gen<Hostile> nothing() {
        return Generate.constant(new Hostile("every field missing", valid -> utf8("{}")));
    }

    private static final List<String> ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".chars()
                                                                                          .mapToObj(Character::toString)
                                                                                          .toList();

    @SafeVarargs
    private static <T> Gen<T> pick(T... values) {
        return Generate.pick(List.of(values));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static ObjectNode object(Map<String, Object> request) {
        return json.valueToTree(request);
    }

    private static String field(ObjectNode valid, int pick) {
        List<String> names = new ArrayList<>(valid.propertyNames());
        return names.get(pick % names.size());
    }

    private static String firstField(ObjectNode valid) {
        return valid.propertyNames().iterator().next();
    }

    /** A text field of the request, or one the request does not have (then refused as unknown, also a refusal). */
    private static String textField(ObjectNode valid) {
        for (String name : List.of("note", "text", "description", "name", "label", "title", "cause")) {
            if (valid.has(name)) {
                return name;
            }
        }
        return "note";
    }

    private static String timeField(ObjectNode valid) {
        for (String name : List.of("observedAt", "restorationEta", "zeroHour")) {
            if (valid.has(name)) {
                return name;
            }
        }
        return "observedAt";
    }

    private static String numberField(ObjectNode valid) {
        for (String name : List.of("safe", "householdsAffected", "quantity", "validDays")) {
            if (valid.has(name)) {
                return name;
            }
        }
        return "quantity";
    }

    private static byte[] bytes(ObjectNode valid) {
        return json.writeValueAsBytes(valid);
    }

    private static String bytesAsText(ObjectNode valid) {
        return json.writeValueAsString(valid);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private long head() {
        var token = engine.createHeadToken();
        return token == null ? -1 : token.position().orElse(-1);
    }
}
