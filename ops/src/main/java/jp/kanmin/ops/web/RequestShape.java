package jp.kanmin.ops.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/**
 * Requests refused for their shape before any handler sees them still get a problem, not a bare status: a
 * request line longer than {@value #MAX_URI} characters (414) or headers over {@value #MAX_HEADERS} bytes (431) —
 * the server reads up to 64 KB of either so that it can say so — and what Spring Security's firewall refuses
 * ({@code ..} in a path, an encoded slash or NUL, a non-printable character: 400).
 */
@Configuration(proxyBeanMethods = false)
class RequestShape {

    static final int MAX_URI = 8_192;
    static final int MAX_HEADERS = 16_384;

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebFilter requestWithinShape(JsonMapper json) {
        return new Within(json);
    }

    /** The firewall's refusals as problems naming the rule. */
    @Bean
    static BeanPostProcessor firewallRefusalsAsProblems(ObjectProvider<JsonMapper> json) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof WebFilterChainProxy proxy) {
                    proxy.setExchangeRejectedHandler((exchange, rejected) -> Problems.write(exchange, Problems.problem(
                            HttpStatus.BAD_REQUEST, "rejected-request", "Invalid request",
                            "the request's path or headers are not allowed: " + rejected.getMessage(), List.of(),
                            null), json.getObject()));
                }
                return bean;
            }
        };
    }

    private record Within(JsonMapper json) implements WebFilter {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            String uri = exchange.getRequest().getURI().getRawPath()
                         + (exchange.getRequest().getURI().getRawQuery() == null ? ""
                                    : "?" + exchange.getRequest().getURI().getRawQuery());
            if (uri.length() > MAX_URI) {
                return Problems.write(exchange, Problems.problem(
                        HttpStatus.URI_TOO_LONG, "uri-too-long", "URI too long",
                        "the request's path and query have " + uri.length() + " characters; at most " + MAX_URI
                                + " are read", List.of(), null), json);
            }
            long headerBytes = 0;
            for (Map.Entry<String, List<String>> header : exchange.getRequest().getHeaders().headerSet()) {
                for (String value : header.getValue()) {
                    headerBytes += header.getKey().length() + value.length() + 4;
                }
            }
            if (headerBytes > MAX_HEADERS) {
                return Problems.write(exchange, Problems.problem(
                        HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large", "Headers too large",
                        "the request's headers take " + headerBytes + " bytes; at most " + MAX_HEADERS
                                + " are accepted", List.of(), null), json);
            }
            return chain.filter(exchange);
        }
    }
}
