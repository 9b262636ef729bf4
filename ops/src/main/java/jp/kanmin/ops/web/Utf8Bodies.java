package jp.kanmin.ops.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A JSON body must be valid UTF-8 (RFC 8259): the JSON reader would otherwise put replacement characters where the
 * broken bytes were, and store something the client never sent. Checked whole, up to the body limit (a larger body
 * is refused as too large, as the reader would).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class Utf8Bodies implements WebFilter {

    static final int LIMIT = 256 * 1024;

    /** Named by {@link ProblemHandler} as the rule {@code valid-utf8}. */
    static final class MalformedUtf8 extends ServerWebInputException {
        MalformedUtf8() {
            super("the body is not valid UTF-8");
        }

        @Override
        public String getMessage() {
            return getReason();
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        if (type == null || !(MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json"))) {
            return chain.filter(exchange);
        }
        ServerHttpRequestDecorator checked = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return DataBufferUtils.join(super.getBody(), LIMIT).flatMapMany(body -> {
                    ByteBuffer bytes = ByteBuffer.allocate(body.readableByteCount());
                    body.toByteBuffer(body.readPosition(), bytes, 0, bytes.capacity());
                    try {
                        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                              .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
                    } catch (CharacterCodingException e) {
                        DataBufferUtils.release(body);
                        return Flux.error(new MalformedUtf8());
                    }
                    return Flux.just(body);
                });
            }
        };
        return chain.filter(exchange.mutate().request(checked).build());
    }
}
