package jp.kanmin.ops.calendar;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Calendar subscriptions (予定表の購読): a calendar application fetches a URL on its own schedule and cannot send a
 * bearer token, so the URL carries a token of its own that opens only that organisation's calendar of that incident,
 * and is revoked on its own. Only a SHA-256 hash of the token is stored, as for API tokens; the collection is state of
 * its own (exported with the other such collections), not a read model.
 */
@Component
public class CalendarSubscriptions {

    public static final String COLLECTION = "calendar_subscriptions";
    static final String PREFIX = "kmc_";

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    CalendarSubscriptions(ReactiveMongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** @param token shown once, in the URL; never stored */
    public record Issued(String subscriptionId, String token) {
    }

    public record Subscription(String subscriptionId, IncidentId incidentId, OrganisationId organisationId) {
    }

    public Mono<Issued> issue(IncidentId incident, OrganisationId organisation, OrganisationId by) {
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String id = UUID.randomUUID().toString();
        Document document = new Document("_id", id).append("tokenHash", ApiTokens.hash(token))
                                                   .append("incidentId", incident.value())
                                                   .append("organisationId", organisation.value())
                                                   .append("createdBy", by.value())
                                                   .append("createdAt", Date.from(clock.instant()));
        return mongo.insert(document, COLLECTION).thenReturn(new Issued(id, token));
    }

    /** The live subscription a presented token opens, if any. */
    public Mono<Subscription> opened(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Mono.empty();
        }
        return mongo.findOne(query(where("tokenHash").is(ApiTokens.hash(token)).and("revokedAt").isNull()), Document.class,
                             COLLECTION)
                    .map(found -> new Subscription(found.getString("_id"), IncidentId.of(found.getString("incidentId")),
                                                   OrganisationId.of(found.getString("organisationId"))));
    }

    /** Revokes a subscription of this organisation in this incident; answers whether there was one to revoke. */
    public Mono<Boolean> revoke(IncidentId incident, String subscriptionId, OrganisationId organisation,
                                boolean administrator) {
        var mine = where("_id").is(subscriptionId).and("incidentId").is(incident.value()).and("revokedAt").isNull();
        if (!administrator) {
            mine = mine.and("organisationId").is(organisation.value());
        }
        return mongo.updateFirst(query(mine), Update.update("revokedAt", Date.from(clock.instant())), COLLECTION)
                    .map(result -> result.getModifiedCount() > 0);
    }
}
