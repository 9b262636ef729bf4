package jp.kanmin.query.notification;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Signs webhook bodies so that a receiver knows they come from us and were not replayed: each rule's secret is
 * derived from one key (configured, or made once and kept in the store, so every node and every restart signs
 * alike), and no secret is ever written to an event. The signature covers the timestamp and the body, as
 * {@code X-Kanmin-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}.
 */
@Component
public class WebhookSigning {

    private static final String SIGNING = "webhook-signing";

    private final byte[] key;

    WebhookSigning(MongoTemplate mongo, @Value("${kanmin.notifications.signing-key:}") String configured) {
        this.key = configured.isBlank() ? storedKey(mongo) : configured.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] storedKey(MongoTemplate mongo) {
        Document stored = StoredKeys.once(mongo, SIGNING, () -> {
            byte[] made = new byte[32];
            new SecureRandom().nextBytes(made);
            return new Document("key", HexFormat.of().formatHex(made));
        });
        return HexFormat.of().parseHex(stored.getString("key"));
    }

    /** The secret a receiver checks a rule's deliveries with. */
    public String secretOf(String organisationId, String ruleId) {
        return HexFormat.of().formatHex(hmac(key, "webhook:" + organisationId + "/" + ruleId));
    }

    String signature(String secret, long epochSecond, String body) {
        return "t=" + epochSecond + ",v1=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8),
                                                                          epochSecond + "." + body));
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
