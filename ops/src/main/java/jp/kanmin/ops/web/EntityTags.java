package jp.kanmin.ops.web;

import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * ETags on read models, for clients that poll instead of holding a feed open (a chamber's script, a phone on a
 * metered line): the tag is a digest of the answer as this caller sees it, so an unchanged read model costs a
 * {@code 304} with no body. Answers stay private to the caller and must be revalidated on every use.
 * <p>
 * The digest is taken over the rendered body rather than a version kept per read model: every book already
 * renders per caller (disclosure rules differ), and a digest cannot go stale when a new read model forgets to bump
 * a version.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class EntityTags implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getMethod() != HttpMethod.GET
            || !exchange.getRequest().getPath().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().response(new Tagged(exchange)).build());
    }

    private static final class Tagged extends ServerHttpResponseDecorator {

        private final ServerWebExchange exchange;

        Tagged(ServerWebExchange exchange) {
            super(exchange.getResponse());
            this.exchange = exchange;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            if (!isTaggable()) {
                return super.writeWith(body);
            }
            return DataBufferUtils.join(Flux.from(body)).flatMap(joined -> {
                String tag = tagOf(joined);
                HttpHeaders headers = getHeaders();
                headers.setETag(tag);
                headers.setCacheControl("private, no-cache");
                if (matches(exchange.getRequest().getHeaders().getIfNoneMatch(), tag)) {
                    DataBufferUtils.release(joined);
                    setStatusCode(HttpStatus.NOT_MODIFIED);
                    headers.remove(HttpHeaders.CONTENT_TYPE);
                    headers.setContentLength(0);
                    return getDelegate().setComplete();
                }
                return super.writeWith(Mono.just(joined));
            });
        }

        private boolean isTaggable() {
            MediaType type = getHeaders().getContentType();
            return getStatusCode() != null && getStatusCode().is2xxSuccessful()
                   && (type == null || !MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type));
        }

        private static boolean matches(java.util.List<String> ifNoneMatch, String tag) {
            return ifNoneMatch.stream().anyMatch(candidate -> candidate.equals(tag) || candidate.equals("*")
                                                              || candidate.equals("W/" + tag));
        }

        private static String tagOf(DataBuffer body) {
            MessageDigest digest = sha256();
            try (DataBuffer.ByteBufferIterator chunks = body.readableByteBuffers()) {
                chunks.forEachRemaining(digest::update);
            }
            return "\"" + HexFormat.of().formatHex(digest.digest(), 0, 16) + "\"";
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }
}
