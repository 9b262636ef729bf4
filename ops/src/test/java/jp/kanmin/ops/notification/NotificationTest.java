package jp.kanmin.ops.notification;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestMail;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Liaison staff hear of what concerns their organisation where they already are: a chat bot's webhook that fails
 * twice gets the notification on the third attempt, signed, with one entry in the log; a node that died holding a
 * delivery leaves it to another; e-mail reaches the inbox in the rule's language, marked as an exercise's; and nobody
 * outside an incident hears of it.
 */
@ApplicationTest
class NotificationTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    List<SmartLifecycle> lifecycles;

    Api api;
    OrganisationId company;
    Scenario scenario;
    Receiver receiver;

    /** A webhook receiver that answers 500 to the first {@code failures} requests, then 200. */
    static final class Receiver implements AutoCloseable {

        record Received(String delivery, String signature, String body) {
        }

        final List<Received> received = new CopyOnWriteArrayList<>();
        final AtomicInteger failures;
        final HttpServer server;

        Receiver(int failures) throws Exception {
            this.failures = new AtomicInteger(failures);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(exchange.getRequestHeaders().getFirst("X-Kanmin-Delivery"),
                                          exchange.getRequestHeaders().getFirst("X-Kanmin-Signature"), body));
                exchange.sendResponseHeaders(failures() ? 500 : 200, -1);
                exchange.close();
            });
            server.start();
        }

        private boolean failures() {
            return failures.getAndDecrement() > 0;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @BeforeEach
    void aCompanyTakesPartInAnExercise() {
        api = new Api(port, tokens);
        company = api.register("company", OrganisationType.COMPANY);
        scenario = Scenario.open(api, company);
    }

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWebhookThatFailsTwiceThenSucceedsHasOneDeliveryWithItsThreeAttempts() throws Exception {
        receiver = new Receiver(2);
        setRule(company, "bot", Map.of("kinds", List.of("SHARED_WITH_YOU"), "channel", "WEBHOOK",
                                       "address", receiver.url()));

        scenario.hqShares(company);

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received.size() >= 3);
        Map<String, Object> delivery = awaitLog(company, "DELIVERED").getFirst();
        List<Map<String, Object>> attempts = (List<Map<String, Object>>) delivery.get("attempts");
        assertThat(attempts).extracting(attempt -> attempt.get("delivered")).containsExactly(false, false, true);
        assertThat(attempts).extracting(attempt -> attempt.get("outcome"))
                            .containsExactly("HTTP 500", "HTTP 500", "HTTP 200");
        assertThat(log(company, null)).hasSize(1);
        Thread.sleep(1_000); // a fourth request would come within the poll and back-off
        assertThat(receiver.received).hasSize(3);

        // the same delivery each time, signed with the secret the organisation reads for the rule
        assertThat(receiver.received).extracting(Receiver.Received::delivery).containsOnly((String) delivery.get("id"));
        String secret = (String) rules(company).getFirst().get("secret");
        for (Receiver.Received request : receiver.received) {
            assertThat(signatureValid(secret, request)).as(request.signature()).isTrue();
        }
        Map<String, Object> body = new tools.jackson.databind.json.JsonMapper()
                .readValue(receiver.received.getLast().body(), Map.class);
        assertThat(body).containsEntry("kind", "SHARED_WITH_YOU").containsEntry("exercise", true)
                        .containsEntry("incidentId", scenario.incident);
        assertThat((String) body.get("subject")).startsWith("【訓練】").contains("情報共有を受信");
        assertThat((String) body.get("text")).contains(scenario.city.value()).contains("相談窓口");
        // a signature made with another secret does not pass
        assertThat(signatureValid("0".repeat(64), receiver.received.getFirst())).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeliveryEveryAttemptOfWhichFailedIsADeadLetterThatIsSentAgainFromTheLog() throws Exception {
        receiver = new Receiver(Integer.MAX_VALUE); // the bot is down
        setRule(company, "bot", Map.of("kinds", List.of("SHARED_WITH_YOU"), "channel", "WEBHOOK",
                                       "address", receiver.url()));
        scenario.hqShares(company);

        Map<String, Object> dead = awaitLog(company, "DEAD").getFirst();
        assertThat((List<Object>) dead.get("attempts")).as("the test's four attempts").hasSize(4);
        assertThat(receiver.received).hasSize(4);

        receiver.failures.set(0); // the bot is back; the duty officer sends it again from the log
        api.as(company).post().uri("/api/organisations/{id}/notifications/{delivery}/redeliver", company,
                                   dead.get("id"))
           .exchange().expectStatus().isAccepted();

        Map<String, Object> delivered = awaitLog(company, "DELIVERED").getFirst();
        assertThat((List<Map<String, Object>>) delivered.get("attempts"))
                .extracting(attempt -> attempt.get("delivered")).containsExactly(false, false, false, false, true);
        assertThat(receiver.received).hasSize(5).extracting(Receiver.Received::delivery)
                                     .containsOnly((String) dead.get("id"));
        api.as(company).post().uri("/api/organisations/{id}/notifications/{delivery}/redeliver", company, "nothing")
           .exchange().expectStatus().isNotFound();
    }

    @Test
    void aDeliveryHeldByANodeThatDiedIsMadeOnceByAnotherWhenItsLeaseRunsOut() throws Exception {
        receiver = new Receiver(0);
        SmartLifecycle worker = lifecycles.stream()
                                          .filter(bean -> bean.getClass().getSimpleName().startsWith("DeliveryWorker"))
                                          .findFirst().orElseThrow();
        worker.stop(); // this node is down while the entry arrives and another node takes the delivery
        try {
            setRule(company, "bot", Map.of("kinds", List.of("SUPPORT_REQUEST_TO_YOU"), "channel", "WEBHOOK",
                                           "address", receiver.url()));
            scenario.requestsSupport(scenario.city, company);
            await().atMost(Duration.ofSeconds(10)).until(() -> !log(company, "PENDING").isEmpty());
            // another node claims it for three seconds, then dies before sending
            Instant leaseEnds = Instant.now().plusSeconds(3);
            mongo.updateFirst(query(where("organisationId").is(company.value())),
                              new Update().set("claimedBy", "notifier-dead").set("claimedUntil", leaseEnds),
                              "notification_outbox");
        } finally {
            worker.start();
        }

        Thread.sleep(1_500);
        assertThat(receiver.received).as("held by the dead node's lease").isEmpty();
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received.size() == 1);
        Thread.sleep(1_000);
        assertThat(receiver.received).hasSize(1);
        assertThat(awaitLog(company, "DELIVERED")).hasSize(1);
        assertThat(new tools.jackson.databind.json.JsonMapper().readTree(receiver.received.getFirst().body())
                                                               .get("subject").asString())
                .contains("応援要請を受信");
    }

    @Test
    void anEmailReachesTheInboxInTheRulesLanguageMarkedAsAnExercise() throws Exception {
        String address = company.value() + "@example.jp";
        setRule(company, "duty-desk", Map.of("kinds", List.of("SHARED_WITH_YOU"), "channel", "EMAIL",
                                             "address", address, "language", "en"));

        scenario.hqShares(company);

        await().atMost(Duration.ofSeconds(20)).until(() -> inbox(address).length == 1);
        MimeMessage mail = inbox(address)[0];
        assertThat(mail.getSubject()).startsWith("【訓練】").contains("Information shared with you");
        assertThat(GreenMailUtil.getBody(mail)).isNotBlank();
        assertThat(mail.getHeader("X-Kanmin-Delivery")).hasSize(1);
        assertThat(awaitLog(company, "DELIVERED")).hasSize(1);
    }

    @Test
    void aDeclaredScaleReachesEveryParticipantWithARuleAndNoOneOutsideTheIncident() throws Exception {
        OrganisationId chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        OrganisationId outsider = api.register("outsider", OrganisationType.COMPANY);
        Scenario withChamber = Scenario.open(api, chamber, company);
        String district = "長田野地区";
        api.asAdmin().put().uri("/api/organisations/{id}/districts/{district}", chamber, district)
           .bodyValue(Map.of("registeredBusinesses", 100, "municipality", withChamber.city.value(),
                             "scaleRules", "makinohara-002"))
           .exchange().expectStatus().is2xxSuccessful();
        for (OrganisationId organisation : List.of(company, outsider)) {
            setRule(organisation, "mail", Map.of("kinds", List.of("SCALE_DECLARED"), "channel", "EMAIL",
                                                 "address", organisation.value() + "@example.jp"));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> api.as(withChamber.city).post()
                .uri("/api/incidents/{id}/damage-scale/{chamber}/{district}/declare", withChamber.incident, chamber,
                     district)
                .bodyValue(Map.of("scale", "DAMAGE", "basis", "瓦・窓ガラスの被害が地区内2%"))
                .exchange().expectBody().returnResult().getStatus().is2xxSuccessful());

        await().atMost(Duration.ofSeconds(20)).until(() -> inbox(company.value() + "@example.jp").length == 1);
        assertThat(inbox(company.value() + "@example.jp")[0].getSubject()).contains("被害規模の確定");
        assertThat(inbox(outsider.value() + "@example.jp")).isEmpty();
        assertThat(log(outsider, null)).isEmpty();
    }

    @Test
    void aRuleWithAnAddressItsChannelCannotUseIsRefusedNamingTheField() {
        api.as(company).put().uri("/api/organisations/{id}/notification-rules/bot", company)
           .bodyValue(Map.of("kinds", List.of("TASK_OVERDUE"), "channel", "WEBHOOK",
                             "address", "http://bot.example.jp/hook"))
           .exchange().expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("address")
           .jsonPath("$.errors[0].rule").isEqualTo("https-url");
        api.as(company).put().uri("/api/organisations/{id}/notification-rules/bot", company)
           .bodyValue(Map.of("kinds", List.of(), "channel", "EMAIL", "address", "duty@example.jp"))
           .exchange().expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("kinds");
        OrganisationId other = api.register("other", OrganisationType.COMPANY);
        api.as(other).put().uri("/api/organisations/{id}/notification-rules/bot", company)
           .bodyValue(Map.of("kinds", List.of("TASK_OVERDUE"), "channel", "EMAIL", "address", "x@example.jp"))
           .exchange().expectStatus().isForbidden();
        api.as(other).get().uri("/api/organisations/{id}/notifications", company)
           .exchange().expectStatus().isForbidden();
        assertThat(rules(company)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void setRule(OrganisationId organisation, String ruleId, Map<String, Object> rule) {
        api.as(organisation).put().uri("/api/organisations/{id}/notification-rules/{rule}", organisation, ruleId)
           .bodyValue(rule).exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10))
               .until(() -> rules(organisation).stream().anyMatch(r -> ruleId.equals(r.get("ruleId"))));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> rules(OrganisationId organisation) {
        return api.as(organisation).get().uri("/api/organisations/{id}/notification-rules", organisation)
                  .exchange().expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> log(OrganisationId organisation, String status) {
        return api.as(organisation).get()
                  .uri("/api/organisations/{id}/notifications" + (status == null ? "" : "?status=" + status),
                       organisation)
                  .exchange().expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
    }

    private List<Map<String, Object>> awaitLog(OrganisationId organisation, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !log(organisation, status).isEmpty());
        return log(organisation, status);
    }

    private static MimeMessage[] inbox(String address) {
        return Arrays.stream(TestMail.server().getReceivedMessages()).filter(message -> {
            try {
                return Arrays.stream(message.getAllRecipients()).anyMatch(r -> r.toString().equals(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(MimeMessage[]::new);
    }

    /** As a receiver checks it: {@code t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">}. */
    private static boolean signatureValid(String secret, Receiver.Received request) throws Exception {
        String[] parts = request.signature().split(",");
        String t = parts[0].substring(2);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + request.body())
                                                                       .getBytes(StandardCharsets.UTF_8)));
        return parts[1].equals("v1=" + expected);
    }
}
