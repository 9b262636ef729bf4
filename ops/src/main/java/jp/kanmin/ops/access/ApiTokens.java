package jp.kanmin.ops.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.organisation.OrganisationId;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * API tokens: each acts as exactly one organisation, expires, and can be revoked. Only a SHA-256 hash is stored.
 * A slow password hash is unnecessary here because tokens are 256 random bits, not something a person chose;
 * a fast hash keeps authentication to one indexed lookup per request.
 */
@Component
public class ApiTokens {

    static final String COLLECTION = "api_tokens";
    private static final String PREFIX = "kmt_";

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(ReactiveMongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
        mongo.indexOps(COLLECTION).createIndex(new Index("hash", Sort.Direction.ASC).unique()).block();
    }

    /** A token just issued; its secret is shown this once and never again. */
    public record IssuedToken(String tokenId, String token, String organisationId, Set<Caller.Role> roles,
                              String label, Instant expiresAt) {
    }

    /** What the system keeps of a token. */
    public record TokenInfo(String tokenId, String organisationId, Set<Caller.Role> roles, String label,
                            Instant issuedAt, Instant expiresAt, Instant revokedAt) {
    }

    public Mono<IssuedToken> issue(OrganisationId organisation, Set<Caller.Role> roles, Duration validity,
                                   String label) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return register(token, organisation, roles, validity, label);
    }

    /** Stores a token whose secret came from elsewhere (a bootstrap secret given to a new installation). */
    public Mono<IssuedToken> register(String token, OrganisationId organisation, Set<Caller.Role> roles,
                                      Duration validity, String label) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(validity);
        String tokenId = UUID.randomUUID().toString();
        Document document = new Document("_id", tokenId)
                .append("hash", hash(token))
                .append("organisationId", organisation.value())
                .append("roles", roles.stream().map(Enum::name).sorted().toList())
                .append("label", label)
                .append("issuedAt", Date.from(now))
                .append("expiresAt", Date.from(expiresAt));
        return mongo.insert(document, COLLECTION)
                    .thenReturn(new IssuedToken(tokenId, token, organisation.value(), roles, label, expiresAt));
    }

    /** A token as looked up: who it acts as (null when revoked), and until when. */
    private record Known(Caller caller, Instant expiresAt) {
    }

    static final Duration RECHECK = Duration.ofSeconds(5);

    /**
     * Tokens recently looked up, so a phone or a wall screen making a request a second does not cost a store read
     * each time. An entry is trusted for {@link #RECHECK}: a token revoked on any node stops working within that.
     */
    private final Cache<String, Known> recent = Caffeine.newBuilder().expireAfterWrite(RECHECK)
                                                        .maximumSize(10_000).build();

    /** The caller a presented token acts as, if the token is known, not revoked and not expired. */
    public Mono<Caller> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 200) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        String hash = hash(token);
        Known known = recent.getIfPresent(hash);
        Mono<Known> read = known != null ? Mono.just(known)
                : mongo.findOne(query(where("hash").is(hash)), Document.class, COLLECTION)
                       .map(found -> new Known(found.get("revokedAt") != null ? null
                                                       : new Caller(OrganisationId.of(found.getString("organisationId")),
                                                                    roles(found)),
                                               found.getDate("expiresAt").toInstant()))
                       // a token not (yet) known is asked for again next time: it may be being issued on another node
                       .doOnNext(found -> recent.put(hash, found));
        return read.filter(found -> found.caller() != null && found.expiresAt().isAfter(now)).map(Known::caller);
    }

    public Mono<Boolean> revoke(String tokenId) {
        recent.invalidateAll(); // on this node at once; on the others within RECHECK
        return mongo.updateFirst(query(where("_id").is(tokenId).and("revokedAt").is(null)),
                                 Update.update("revokedAt", Date.from(clock.instant())), COLLECTION)
                    .map(result -> result.getMatchedCount() > 0);
    }

    public Mono<Long> revokeAllOf(OrganisationId organisation) {
        recent.invalidateAll();
        return mongo.updateMulti(query(where("organisationId").is(organisation.value()).and("revokedAt").is(null)),
                                 Update.update("revokedAt", Date.from(clock.instant())), COLLECTION)
                    .map(result -> result.getModifiedCount());
    }

    public Flux<TokenInfo> list() {
        return mongo.findAll(Document.class, COLLECTION).map(ApiTokens::info);
    }

    private static TokenInfo info(Document d) {
        return new TokenInfo(d.getString("_id"), d.getString("organisationId"), roles(d), d.getString("label"),
                             instant(d.getDate("issuedAt")), instant(d.getDate("expiresAt")),
                             instant(d.getDate("revokedAt")));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static Set<Caller.Role> roles(Document d) {
        List<String> names = d.getList("roles", String.class, List.of());
        return names.stream().map(Caller.Role::valueOf).collect(Collectors.toUnmodifiableSet());
    }

    /** How a secret token is kept: its SHA-256, never the token. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                                         .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
