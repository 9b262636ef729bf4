package jp.kanmin.shared.notification;

import jp.kanmin.shared.RuleViolation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Base64;

/**
 * A browser's Web Push subscription, the address of a {@link NotificationChannel#WEB_PUSH} rule: where to send, and
 * the keys its messages are encrypted to (RFC 8291). Held as the JSON the browser gives
 * ({@code JSON.stringify(subscription)}).
 */
public record PushSubscription(String endpoint, byte[] p256dh, byte[] auth) {

    private static final JsonMapper JSON = JsonMapper.shared();

    /** @throws RuleViolation naming the address and what is wrong with it */
    public static PushSubscription parse(String address) {
        JsonNode node;
        try {
            node = JSON.readTree(address);
        } catch (RuntimeException e) {
            throw wrong("push-subscription", "a Web Push rule's address is the subscription JSON the browser gives "
                                             + "(endpoint and keys)");
        }
        String endpoint = node.path("endpoint").asString("");
        boolean loopback = endpoint.startsWith("http://localhost:") || endpoint.startsWith("http://127.0.0.1:");
        if (!endpoint.startsWith("https://") && !loopback) {
            throw wrong("https-url", "a push subscription's endpoint is an https URL (http only to this host)");
        }
        byte[] p256dh = decoded(node.path("keys").path("p256dh").asString(""));
        if (p256dh == null || p256dh.length != 65 || p256dh[0] != 4) {
            throw wrong("p256dh", "keys.p256dh is the browser's P-256 public key, uncompressed (65 bytes, base64url)");
        }
        byte[] auth = decoded(node.path("keys").path("auth").asString(""));
        if (auth == null || auth.length != 16) {
            throw wrong("auth", "keys.auth is the browser's 16-byte secret, base64url");
        }
        return new PushSubscription(endpoint, p256dh, auth);
    }

    private static RuntimeException wrong(String rule, String message) {
        return RuleViolation.invalid("address", rule, message);
    }

    private static byte[] decoded(String base64) {
        try {
            return Base64.getUrlDecoder().decode(base64.replace('+', '-').replace('/', '_').replace("=", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
