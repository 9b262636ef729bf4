package jp.kanmin.query.notification;

import jp.kanmin.shared.notification.NotificationChannel;
import jp.kanmin.shared.notification.NotificationKind;
import org.springframework.data.annotation.Id;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One notification to one address, and every attempt to deliver it: an entry of the delivery log, and of the outbox
 * while it is pending.
 *
 * @param id            the idempotency key: the entry's event, the organisation and the rule; a receiver that sees it
 *                      twice (a node died between sending and recording) has been told once
 * @param body          what a webhook receives, as JSON
 * @param nextAttemptAt when the next attempt is due, while pending
 * @param claimedUntil  a node sending it holds it until then; after that, any node may (it died mid-delivery)
 */
public record Delivery(@Id String id, String organisationId, String ruleId, String incidentId,
                       NotificationKind kind, NotificationChannel channel, String address, String language,
                       boolean exercise, String subject, String text, Map<String, Object> body, Instant createdAt,
                       Status status, List<Attempt> attempts, Instant nextAttemptAt, String claimedBy,
                       Instant claimedUntil, Instant deliveredAt) {

    /** PENDING until delivered, or DEAD (the dead letter) after the last attempt failed. */
    public enum Status { PENDING, DELIVERED, DEAD }

    /** One try: when, whether it got through, and what the other side answered. */
    public record Attempt(Instant at, String node, boolean delivered, String outcome) {
    }

    /** A delivery queued now, due at once, held by nobody. */
    static Delivery queued(String id, String organisationId, String ruleId, String incidentId, NotificationKind kind,
                           NotificationChannel channel, String address, String language, boolean exercise,
                           String subject, String text, Map<String, Object> body, Instant now) {
        return new Delivery(id, organisationId, ruleId, incidentId, kind, channel, address, language, exercise, subject,
                            text, body, now, Status.PENDING, new java.util.ArrayList<>(), now, null, now, null);
    }

    /** The same delivery, under the same key, queued again with its attempts anew (再送). */
    Delivery queuedAgain(Instant now) {
        return new Delivery(id, organisationId, ruleId, incidentId, kind, channel, address, language, exercise, subject,
                            text, body, createdAt, Status.PENDING, new java.util.ArrayList<>(), now, null, now, null);
    }

    public List<Attempt> attempts() {
        return attempts == null ? List.of() : attempts;
    }
}
