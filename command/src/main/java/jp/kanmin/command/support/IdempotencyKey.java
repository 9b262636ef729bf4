package jp.kanmin.command.support;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The key a client sends a command with, so that a retry over a bad connection is recognised and applied once: the
 * {@code Idempotency-Key} header, or else the request body's {@code commandId} (for clients that cannot set headers,
 * see {@link Retriable}). A command endpoint takes it as a parameter; {@link CommandSender} chooses and checks it.
 *
 * @param header the header's value, or {@code null}
 */
public record IdempotencyKey(String header) {

    public static final String HEADER = "Idempotency-Key";

    /** The key to recognise a retry of {@code request} by, or {@code null} when the client gave none. */
    public String of(Object request) {
        if (header != null) {
            return header;
        }
        return request instanceof Retriable retriable ? retriable.commandId() : null;
    }

    /** The key of a further command sent for the same request, such as an exercise's injects after its incident. */
    public IdempotencyKey andThen(String step, Object request) {
        String key = of(request);
        return new IdempotencyKey(key == null ? null : key + step);
    }

    /** Fills {@link IdempotencyKey} parameters of every command endpoint from the request's header. */
    @Configuration(proxyBeanMethods = false)
    static class FromHeader implements WebFluxConfigurer, HandlerMethodArgumentResolver {

        @Override
        public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
            configurer.addCustomResolver(this);
        }

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == IdempotencyKey.class;
        }

        @Override
        public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
                                            ServerWebExchange exchange) {
            return Mono.just(new IdempotencyKey(exchange.getRequest().getHeaders().getFirst(HEADER)));
        }
    }
}
