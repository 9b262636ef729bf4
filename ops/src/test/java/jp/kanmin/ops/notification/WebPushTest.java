package jp.kanmin.ops.notification;

import com.sun.net.httpserver.HttpServer;
import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Liaison staff hear of what concerns them on the phone in their pocket: a Web Push message reaches the browser's
 * push service encrypted to the browser's keys (RFC 8291) and signed with the server's VAPID key (RFC 8292), and
 * only the phone can read it. The push service here is a stub; the test decrypts and verifies as a browser and a
 * push service would, with the JDK's cryptography alone.
 */
@ApplicationTest
class WebPushTest {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;
    OrganisationId company;
    Scenario scenario;
    PushService pushService;
    Browser phone;

    /** What a push service received: its headers and the encrypted body. */
    record Pushed(Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                          .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    /** A push service that answers every message with {@code status} (201: accepted for the browser). */
    static final class PushService implements AutoCloseable {

        final List<Pushed> received = new CopyOnWriteArrayList<>();
        final HttpServer server;
        volatile int status = 201;

        PushService() throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/push/", exchange -> {
                received.add(new Pushed(Map.copyOf(exchange.getRequestHeaders()),
                                        exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String origin() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A browser's push subscription: its key pair and auth secret, as {@code pushManager.subscribe} makes them. */
    record Browser(KeyPair keys, byte[] auth, String endpoint) {

        static Browser subscribedAt(String endpoint) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            byte[] auth = new byte[16];
            new SecureRandom().nextBytes(auth);
            return new Browser(generator.generateKeyPair(), auth, endpoint);
        }

        /** As {@code JSON.stringify(subscription)} gives it. */
        String subscriptionJson() {
            return JSON.writeValueAsString(Map.of(
                    "endpoint", endpoint, "keys", Map.of("p256dh", B64URL.encodeToString(uncompressed(publicKey())),
                                                         "auth", B64URL.encodeToString(auth))));
        }

        ECPublicKey publicKey() {
            return (ECPublicKey) keys.getPublic();
        }

        /** RFC 8291 §3.4 and RFC 8188, as the browser reads a message: the payload, or an exception. */
        byte[] decrypt(byte[] message) throws Exception {
            ByteBuffer in = ByteBuffer.wrap(message);
            byte[] salt = new byte[16];
            in.get(salt);
            int recordSize = in.getInt();
            byte[] senderKey = new byte[in.get() & 0xff];
            in.get(senderKey);
            byte[] ciphertext = new byte[in.remaining()];
            in.get(ciphertext);
            assertThat(ciphertext.length).as("one record").isLessThanOrEqualTo(recordSize);

            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(keys.getPrivate());
            agreement.doPhase(publicKeyOf(senderKey, publicKey()), true);
            byte[] ecdhSecret = agreement.generateSecret();
            byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII),
                                    uncompressed(publicKey()), senderKey);
            byte[] ikm = hmac(hmac(auth, ecdhSecret), concat(keyInfo, new byte[]{1}));
            byte[] prk = hmac(salt, ikm);
            byte[] cek = Arrays.copyOf(hmac(prk, "Content-Encoding: aes128gcm\0\1".getBytes(StandardCharsets.US_ASCII)), 16);
            byte[] nonce = Arrays.copyOf(hmac(prk, "Content-Encoding: nonce\0\1".getBytes(StandardCharsets.US_ASCII)), 12);

            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            byte[] padded = cipher.doFinal(ciphertext);
            int end = padded.length - 1;
            while (end >= 0 && padded[end] == 0) {
                end--;
            }
            assertThat(padded[end]).as("the last record's delimiter").isEqualTo((byte) 2);
            return Arrays.copyOf(padded, end);
        }

        boolean decryptFails(byte[] message) {
            try {
                decrypt(message);
                return false;
            } catch (Exception | AssertionError refused) {
                return true;
            }
        }
    }

    @BeforeEach
    void aCompanyTakesPartInAnExerciseWithAPhoneSubscribed() throws Exception {
        api = new Api(port, tokens);
        company = api.register("company", OrganisationType.COMPANY);
        scenario = Scenario.open(api, company);
        pushService = new PushService();
        phone = Browser.subscribedAt(pushService.origin() + "/push/" + company.value());
    }

    @AfterEach
    void stopPushService() {
        pushService.close();
    }

    @Test
    void aPushReachesThePhoneEncryptedToItsKeysAndSignedWithTheServersVapidKey() throws Exception {
        setRule(Map.of("kinds", List.of("SHARED_WITH_YOU"), "channel", "WEB_PUSH",
                       "address", phone.subscriptionJson()));

        scenario.hqShares(company);

        await().atMost(Duration.ofSeconds(20)).until(() -> pushService.received.size() == 1);
        Pushed pushed = pushService.received.getFirst();
        assertThat(pushed.header("Content-Encoding")).isEqualTo("aes128gcm");
        assertThat(pushed.header("TTL")).isEqualTo(String.valueOf(24 * 60 * 60));

        // signed (RFC 8292) with the key the page subscribed with, for this push service, for a while only
        String serverKey = api.as(company).get().uri("/api/web-push/key").exchange().expectStatus().isOk()
                              .expectBody(Map.class).returnResult().getResponseBody().get("publicKey").toString();
        String authorization = pushed.header("Authorization");
        assertThat(authorization).startsWith("vapid ").contains("k=" + serverKey);
        String jwt = authorization.substring(authorization.indexOf("t=") + 2, authorization.indexOf(','));
        String[] parts = jwt.split("\\.");
        assertThat(parts).as(authorization).hasSize(3);
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initVerify(publicKeyOf(Base64.getUrlDecoder().decode(serverKey), phone.publicKey()));
        es256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(es256.verify(Base64.getUrlDecoder().decode(parts[2]))).as("the VAPID signature").isTrue();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.get("aud").asString()).isEqualTo(pushService.origin());
        assertThat(claims.get("sub").asString()).startsWith("mailto:");
        assertThat(Instant.ofEpochSecond(claims.get("exp").asLong()))
                .isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofHours(24)).plusSeconds(60));

        // only the phone reads it: what its service worker shows, marked as an exercise's
        JsonNode shown = JSON.readTree(phone.decrypt(pushed.body()));
        assertThat(shown.get("title").asString()).startsWith("【訓練】").contains("情報共有を受信");
        assertThat(shown.get("body").asString()).contains("相談窓口");
        assertThat(shown.get("incidentId").asString()).isEqualTo(scenario.incident);
        Map<?, ?> delivered = awaitLog("DELIVERED").getFirst();
        assertThat(shown.get("delivery").asString()).isEqualTo(delivered.get("id"));
        assertThat(Browser.subscribedAt(phone.endpoint()).decryptFails(pushed.body()))
                .as("another browser's keys do not open it").isTrue();
    }

    @Test
    void aSubscriptionThePushServiceSaysHasEndedIsADeadLetterAtOnce() throws Exception {
        pushService.status = 410;
        setRule(Map.of("kinds", List.of("SUPPORT_REQUEST_TO_YOU"), "channel", "WEB_PUSH",
                       "address", phone.subscriptionJson()));

        scenario.requestsSupport(scenario.city, company);

        List<Map<?, ?>> dead = awaitLog("DEAD");
        assertThat((List<?>) dead.getFirst().get("attempts")).hasSize(1);
        assertThat(dead.getFirst().get("attempts").toString()).contains("410").contains("subscribe again");
        Thread.sleep(1_000); // a retry would come within the worker's poll
        assertThat(pushService.received).hasSize(1);
    }

    @Test
    void aSubscriptionWithoutTheBrowsersKeysIsRefusedNamingTheAddress() {
        String noKeys = JSON.writeValueAsString(Map.of("endpoint", "https://push.example.jp/abc",
                                                       "keys", Map.of("p256dh", "AAAA", "auth", "AAAA")));
        api.as(company).put().uri("/api/organisations/{id}/notification-rules/phone", company)
           .bodyValue(Map.of("kinds", List.of("TASK_OVERDUE"), "channel", "WEB_PUSH", "address", noKeys))
           .exchange().expectStatus().isBadRequest()
           .expectHeader().contentType("application/problem+json")
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("address")
           .jsonPath("$.errors[0].rule").isEqualTo("p256dh");
        api.as(company).put().uri("/api/organisations/{id}/notification-rules/phone", company)
           .bodyValue(Map.of("kinds", List.of("TASK_OVERDUE"), "channel", "WEB_PUSH", "address", "not json"))
           .exchange().expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].rule").isEqualTo("push-subscription");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void setRule(Map<String, Object> rule) {
        api.as(company).put().uri("/api/organisations/{id}/notification-rules/phone", company)
           .bodyValue(rule).exchange().expectStatus().isOk();
    }

    @SuppressWarnings("unchecked")
    private List<Map<?, ?>> awaitLog(String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !log(status).isEmpty());
        return log(status);
    }

    @SuppressWarnings("unchecked")
    private List<Map<?, ?>> log(String status) {
        return api.as(company).get().uri("/api/organisations/{id}/notifications?status=" + status, company)
                  .exchange().expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
    }

    static byte[] uncompressed(ECPublicKey key) {
        return concat(new byte[]{4}, fixed(key.getW().getAffineX()), fixed(key.getW().getAffineY()));
    }

    /** A P-256 public key from its uncompressed point, on the curve of {@code sameCurve}. */
    static ECPublicKey publicKeyOf(byte[] point, ECPublicKey sameCurve) throws Exception {
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                                new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, sameCurve.getParams()));
    }

    private static byte[] fixed(BigInteger coordinate) {
        byte[] bytes = coordinate.toByteArray();
        byte[] out = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, 32 - length, length);
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(part -> part.length).sum());
        Arrays.stream(parts).forEach(out::put);
        return out.array();
    }
}
