package jp.kanmin.ops.access;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import jp.kanmin.ops.web.Problems;
import jp.kanmin.shared.access.Caller;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-organisation request limits, so that one misbehaving client (a phone stuck in a retry loop) cannot crowd out
 * the others. Writes and reads have separate budgets; over budget the answer is 429 with {@code Retry-After}.
 * Limits are per node: with several nodes behind a load balancer an organisation gets each node's budget.
 */
final class RequestLimits implements WebFilter {

    /**
     * @param writesPerMinute         commands an organisation may send per minute on one node
     * @param readsPerMinute          queries an organisation may send per minute on one node
     * @param streamsPerOrganisation  live feeds and replays an organisation may hold open at once on one node (its
     *                                wall screens and desks; a reconnect loop that never closes its streams stops here)
     */
    @ConfigurationProperties("kanmin.limits")
    record Settings(@DefaultValue("600") int writesPerMinute, @DefaultValue("3000") int readsPerMinute,
                    @DefaultValue("100") int streamsPerOrganisation) {
    }

    private static final Duration PERIOD = Duration.ofSeconds(10);

    private final RateLimiterRegistry writes;
    private final RateLimiterRegistry reads;
    private final int streamsPerOrganisation;
    private final Map<String, AtomicInteger> openStreams = new ConcurrentHashMap<>();
    private final JsonMapper json;

    RequestLimits(Settings settings, JsonMapper json) {
        this.writes = registry(settings.writesPerMinute());
        this.reads = registry(settings.readsPerMinute());
        this.streamsPerOrganisation = settings.streamsPerOrganisation();
        this.json = json;
    }

    private static RateLimiterRegistry registry(int perMinute) {
        return RateLimiterRegistry.of(RateLimiterConfig.custom()
                                                       .limitRefreshPeriod(PERIOD)
                                                       .limitForPeriod(Math.max(1, perMinute / 6))
                                                       .timeoutDuration(Duration.ZERO)
                                                       .build());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return exchange.getPrincipal()
                       .filter(Authentication.class::isInstance)
                       .map(principal -> ((Authentication) principal).getPrincipal())
                       .filter(Caller.class::isInstance)
                       .map(Caller.class::cast)
                       .flatMap(caller -> {
                           RateLimiter limiter = limiterFor(exchange.getRequest().getMethod(), caller);
                           if (!limiter.acquirePermission()) {
                               return tooMany(exchange, limiter).then(Mono.just(true));
                           }
                           if (isStream(exchange)) {
                               return stream(exchange, chain, caller).then(Mono.just(true));
                           }
                           return chain.filter(exchange).then(Mono.just(true));
                       })
                       .switchIfEmpty(Mono.defer(() -> chain.filter(exchange).then(Mono.just(true))))
                       .then();
    }

    /** Live feeds and replays: held open for hours, so counted while open rather than per request. */
    private static boolean isStream(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().value();
        return exchange.getRequest().getMethod() == HttpMethod.GET && (path.endsWith("/feed") || path.endsWith("/replay"));
    }

    private Mono<Void> stream(ServerWebExchange exchange, WebFilterChain chain, Caller caller) {
        AtomicInteger open = openStreams.computeIfAbsent(caller.organisationId().value(), id -> new AtomicInteger());
        if (open.incrementAndGet() > streamsPerOrganisation) {
            open.decrementAndGet();
            exchange.getResponse().getHeaders().set("Retry-After", "30");
            return Problems.write(exchange, Problems.problem(
                    HttpStatus.TOO_MANY_REQUESTS, "too-many-streams", "Too many open streams",
                    "your organisation holds " + streamsPerOrganisation + " live feeds or replays open on this server; "
                    + "close one (or reuse it: one feed can carry every filter) and try again", List.of(), null), json);
        }
        return chain.filter(exchange).doFinally(signal -> open.decrementAndGet());
    }

    private RateLimiter limiterFor(HttpMethod method, Caller caller) {
        boolean write = method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
        return (write ? writes : reads).rateLimiter(caller.organisationId().value());
    }

    private Mono<Void> tooMany(ServerWebExchange exchange, RateLimiter limiter) {
        long nanos = limiter instanceof io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter atomic
                ? atomic.getDetailedMetrics().getNanosToWait() : PERIOD.toNanos();
        long seconds = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
        exchange.getResponse().getHeaders().set("Retry-After", Long.toString(seconds));
        return Problems.write(exchange, Problems.problem(
                HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                "your organisation sent too many requests; nothing was recorded, try again in " + seconds + " s",
                List.of(), null), json);
    }
}
