package jp.kanmin.ops.web;

import jp.kanmin.ops.config.ReadModelPositions;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.query.support.SharedReads;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Read-your-writes: a read with {@code atLeast=<position>} (or the {@value #HEADER} header), the position a command
 * answered with, is answered once every read model the endpoint reads ({@link ReadsFrom}) has handled the store up to
 * it. The wait is bounded ({@code kanmin.read-your-writes.max-wait}); past it the answer is 503 with Retry-After, and
 * the client asks again rather than being shown a view without its own write.
 */
@Component
class ReadYourWrites implements WebFilter, DisposableBean {

    static final String PARAMETER = "atLeast";
    static final String HEADER = "Kanmin-At-Least";
    private static final Duration POLL = Duration.ofMillis(20);

    private final RequestMappingHandlerMapping handlers;
    private final ReadModelPositions positions;
    private final JsonMapper json;
    private final Duration maxWait;
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final Scheduler looker = Schedulers.newSingle("read-your-writes", true);
    private final Disposable looks;

    ReadYourWrites(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping handlers,
                   ReadModelPositions positions, JsonMapper json,
                   @Value("${kanmin.read-your-writes.max-wait:5s}") Duration maxWait) {
        this.handlers = handlers;
        this.positions = positions;
        this.json = json;
        this.maxWait = maxWait;
        this.looks = Flux.interval(POLL, looker).subscribe(tick -> look());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String asked = exchange.getRequest().getQueryParams().getFirst(PARAMETER);
        if (asked == null) {
            asked = exchange.getRequest().getHeaders().getFirst(HEADER);
        }
        if (asked == null || exchange.getRequest().getMethod() != HttpMethod.GET) {
            return chain.filter(exchange);
        }
        long position;
        try {
            position = Long.parseLong(asked.strip());
        } catch (NumberFormatException e) {
            position = -1;
        }
        if (position < 1) {
            return Problems.write(exchange, Problems.problem(
                    HttpStatus.BAD_REQUEST, "position", "Invalid request",
                    PARAMETER + ": must be a timeline position (a positive whole number) that a command answered with",
                    List.of(new Problems.FieldError(PARAMETER, "position", "must be a positive whole number")),
                    null), json);
        }
        long wanted = position;
        return handlers.getHandler(exchange)
                       .map(handler -> readModels(handler))
                       .defaultIfEmpty(List.of())
                       .flatMap(readModels -> awaitAll(readModels, wanted))
                       .flatMap(behind -> behind.isEmpty()
                               ? chain.filter(exchange).contextWrite(Context.of(SharedReads.AT_LEAST, wanted))
                               : tooFarBehind(exchange, behind, wanted));
    }

    private static List<String> readModels(Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return List.of();
        }
        ReadsFrom reads = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), ReadsFrom.class);
        if (reads == null) {
            reads = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), ReadsFrom.class);
        }
        return reads == null ? List.of() : List.of(reads.value());
    }

    /** The first read model still behind at the end of the wait, or "" when all have reached the position. */
    private Mono<String> awaitAll(List<String> readModels, long position) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        // a look may read the token store, so off the event loop
        return Mono.fromCallable(() -> firstBehind(readModels, position, new HashMap<>()))
                   .subscribeOn(Schedulers.boundedElastic())
                   .flatMap(behind -> behind.isEmpty() ? Mono.just(behind) : Mono.<String>create(answer -> {
                       Waiting read = new Waiting(readModels, position, deadline, answer);
                       answer.onDispose(() -> waiting.remove(read));
                       waiting.add(read);
                   }));
    }

    /**
     * One look for every waiting read, each read model asked once per position however many reads wait for it: two
     * hundred boards waiting cost one look, not two hundred timers.
     */
    private void look() {
        if (waiting.isEmpty()) {
            return;
        }
        Map<String, Boolean> seen = new HashMap<>();
        long now = System.nanoTime();
        for (Waiting read : waiting) {
            try {
                String behind = firstBehind(read.readModels(), read.position(), seen);
                if (behind.isEmpty() || now > read.deadline()) {
                    waiting.remove(read);
                    read.answer().success(behind);
                }
            } catch (RuntimeException failure) {
                waiting.remove(read);
                read.answer().error(failure);
            }
        }
    }

    private String firstBehind(List<String> readModels, long position, Map<String, Boolean> seen) {
        for (String readModel : readModels) {
            if (!seen.computeIfAbsent(readModel + "@" + position, key -> positions.reached(readModel, position))) {
                return readModel;
            }
        }
        return "";
    }

    private record Waiting(List<String> readModels, long position, long deadline, MonoSink<String> answer) {
    }

    @Override
    public void destroy() {
        looks.dispose();
        looker.dispose();
    }

    private Mono<Void> tooFarBehind(ServerWebExchange exchange, String readModel, long position) {
        exchange.getResponse().getHeaders().set("Retry-After", "1");
        return Problems.write(exchange, Problems.problem(
                HttpStatus.SERVICE_UNAVAILABLE, "read-model-behind", "Service unavailable",
                "the " + readModel + " read model has not reached position " + position + " within "
                        + maxWait.toMillis() + " ms; ask again shortly", List.of(), null), json);
    }
}
