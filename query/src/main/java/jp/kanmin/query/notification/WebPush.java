package jp.kanmin.query.notification;

import com.interaso.webpush.VapidKeys;
import jp.kanmin.shared.notification.PushSubscription;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.Base64;
import java.util.Map;

/**
 * Web Push to the phone page (RFC 8030, payload encrypted per RFC 8291, the sender named by VAPID, RFC 8292). The
 * server's VAPID key pair is the one configured, else one made at the first start and kept in the store, so that every
 * node and every restart signs with the key the browsers subscribed with.
 */
@Component
class WebPush {

    private static final String KEY_ID = "web-push-vapid";

    private final MongoTemplate mongo;
    private final String subject;
    private final String configuredPublicKey;
    private final String configuredPrivateKey;
    private volatile com.interaso.webpush.WebPush signer;

    WebPush(MongoTemplate mongo,
            @Value("${kanmin.notifications.web-push.subject:mailto:${kanmin.notifications.mail-from:kanmin-timeline@localhost}}")
            String subject,
            @Value("${kanmin.notifications.web-push.public-key:}") String publicKey,
            @Value("${kanmin.notifications.web-push.private-key:}") String privateKey) {
        this.mongo = mongo;
        this.subject = subject;
        this.configuredPublicKey = publicKey.strip();
        this.configuredPrivateKey = privateKey.strip();
    }

    /** What a browser subscribes with ({@code applicationServerKey}): the public key, uncompressed, base64url. */
    String publicKey() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signer().getVapidKeys().getApplicationServerKey());
    }

    /** A push message's encrypted body and headers for one subscription. */
    record Message(String endpoint, byte[] body, Map<String, String> headers) {
    }

    /**
     * @param subscription the browser's subscription as the rule's address holds it
     * @param ttlSeconds   how long the push service keeps it for a phone that is off
     */
    Message message(String subscription, byte[] payload, int ttlSeconds) {
        PushSubscription to = PushSubscription.parse(subscription);
        com.interaso.webpush.WebPush push = signer();
        return new Message(to.endpoint(), push.getBody(payload, to.p256dh(), to.auth()),
                           push.getHeaders(to.endpoint(), ttlSeconds, null,
                                                    com.interaso.webpush.WebPush.Urgency.High));
    }

    private com.interaso.webpush.WebPush signer() {
        com.interaso.webpush.WebPush made = signer;
        if (made == null) {
            synchronized (this) {
                made = signer;
                if (made == null) {
                    made = new com.interaso.webpush.WebPush(subject, keys());
                    signer = made;
                }
            }
        }
        return made;
    }

    private VapidKeys keys() {
        if (!configuredPublicKey.isEmpty() || !configuredPrivateKey.isEmpty()) {
            return VapidKeys.fromUncompressedBytes(configuredPublicKey, configuredPrivateKey);
        }
        org.bson.Document stored = StoredKeys.once(mongo, KEY_ID, () -> {
            VapidKeys made = VapidKeys.generate();
            return new org.bson.Document("publicKey", made.getX509PublicKey())
                    .append("privateKey", made.getPkcs8PrivateKey());
        });
        return VapidKeys.create(stored.getString("publicKey"), stored.getString("privateKey"));
    }
}
