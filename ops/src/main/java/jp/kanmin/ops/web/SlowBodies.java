package jp.kanmin.ops.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A request body must arrive whole within {@code kanmin.limits.body-timeout} of the request: a client that drips its
 * body a byte at a time (slowloris) holds a connection and a buffer, and gets 408 instead. Counted over the whole
 * body, not between chunks, which a drip would always satisfy. Uploads of exports are the one long body
 * ({@code /api/admin/import}) and get ten times as long.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SlowBodies implements WebFilter {

    private final Duration timeout;

    SlowBodies(@Value("${kanmin.limits.body-timeout:20s}") Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Duration allowed = exchange.getRequest().getPath().value().equals("/api/admin/import")
                ? timeout.multipliedBy(10) : timeout;
        long deadline = System.nanoTime() + allowed.toNanos();
        ServerHttpRequestDecorator timed = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody()
                            .timeout(Mono.delay(remaining(deadline)), chunk -> Mono.delay(remaining(deadline)))
                            .onErrorMap(TimeoutException.class, e -> new ResponseStatusException(
                                    HttpStatus.REQUEST_TIMEOUT, "the request body did not arrive within "
                                                                + allowed.toSeconds() + " s"));
            }
        };
        return chain.filter(exchange.mutate().request(timed).build());
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
