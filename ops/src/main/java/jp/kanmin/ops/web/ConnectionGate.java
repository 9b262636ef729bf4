package jp.kanmin.ops.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connection hygiene at the socket, before any request is read: at most {@code kanmin.limits.connections} open
 * connections per node and {@code connections-per-address} from one client address (the rest are answered 503 with a
 * problem and closed at once, so a flood of idle sockets cannot use up the process's file limit), and a request's
 * headers must arrive whole within {@code header-timeout} of their first byte (a client that drips its headers gets
 * 408 and is closed). A connection that sends nothing, or sends nothing more after an answer, is closed after
 * {@code server.netty.idle-timeout}. Behind a proxy every connection comes from the proxy's
 * address: set the per-address limit to the total there and limit per client in the proxy (see nginx.conf).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectionGate.Settings.class)
class ConnectionGate {

    /**
     * @param connections           open connections per node
     * @param connectionsPerAddress open connections from one client address per node
     * @param headerTimeout         how long a request's headers may take to arrive
     */
    @ConfigurationProperties("kanmin.limits")
    record Settings(@DefaultValue("10000") int connections, @DefaultValue("2000") int connectionsPerAddress,
                    @DefaultValue("10s") Duration headerTimeout) {
    }

    @Bean
    NettyServerCustomizer connectionLimits(Settings settings, MeterRegistry meters) {
        Counts counts = new Counts(settings, meters);
        return server -> server.doOnChannelInit((observer, channel, address) -> {
            String after = channel.pipeline().get(NettyPipeline.HttpCodec) != null ? NettyPipeline.HttpCodec : null;
            Gate gate = new Gate(counts, settings.headerTimeout());
            if (after != null) {
                channel.pipeline().addAfter(after, "kanminConnectionGate", gate);
            } else {
                channel.pipeline().addFirst("kanminConnectionGate", gate);
            }
        });
    }

    /** Open connections, in total and per client address, on this node. */
    static final class Counts {

        private final Settings settings;
        private final AtomicInteger total = new AtomicInteger();
        private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
        private final Counter refused;
        private final Counter headersTooSlow;

        Counts(Settings settings, MeterRegistry meters) {
            this.settings = settings;
            Gauge.builder("kanmin.connections.open", total, AtomicInteger::get)
                 .description("Open HTTP connections on this node").register(meters);
            this.refused = Counter.builder("kanmin.connections.refused")
                                  .description("Connections refused over the total or per-address limit")
                                  .register(meters);
            this.headersTooSlow = Counter.builder("kanmin.connections.header.timeouts")
                                         .description("Connections closed because a request's headers were too slow")
                                         .register(meters);
        }

        /** @return the limit broken, or null when the connection is admitted (and counted) */
        String admit(InetAddress address) {
            int now = total.incrementAndGet();
            int fromAddress = address == null ? 0
                    : perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
            if (now > settings.connections()) {
                return "this node holds its limit of " + settings.connections() + " open connections";
            }
            if (fromAddress > settings.connectionsPerAddress()) {
                return "your address holds its limit of " + settings.connectionsPerAddress() + " open connections";
            }
            return null;
        }

        void release(InetAddress address) {
            total.decrementAndGet();
            if (address != null) {
                perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
            }
        }
    }

    private static final class Gate extends ChannelDuplexHandler {

        private final Counts counts;
        private final Duration headerTimeout;
        private InetAddress address;
        private boolean counted;
        private ScheduledFuture<?> awaitingHeaders;
        /** A request's headers have arrived and its answer is not finished. */
        private boolean inRequest;

        Gate(Counts counts, Duration headerTimeout) {
            this.counts = counts;
            this.headerTimeout = headerTimeout;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            address = ctx.channel().remoteAddress() instanceof InetSocketAddress socket ? socket.getAddress() : null;
            counted = true;
            String refusal = counts.admit(address);
            if (refusal != null) {
                counts.refused.increment();
                answerAndClose(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "too-many-connections",
                               refusal + "; try again shortly", "5");
                return;
            }
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            cancel();
            if (counted) {
                counted = false;
                counts.release(address);
            }
            super.channelInactive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
            if (message instanceof HttpRequest) {
                cancel();
                inRequest = true;
            }
            super.channelRead(ctx, message);
        }

        /** Bytes arrived (the codec reports every read) while no request is open: its headers are on their way. */
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
            if (!inRequest && awaitingHeaders == null && ctx.channel().isActive()) {
                awaitHeaders(ctx);
            }
            super.channelReadComplete(ctx);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) throws Exception {
            if (message instanceof LastHttpContent) {
                inRequest = false;
            }
            super.write(ctx, message, promise);
        }

        private void awaitHeaders(ChannelHandlerContext ctx) {
            cancel();
            awaitingHeaders = ctx.executor().schedule(() -> {
                counts.headersTooSlow.increment();
                answerAndClose(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "header-timeout",
                               "the request's headers did not arrive within " + headerTimeout.toSeconds() + " s",
                               null);
            }, headerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void cancel() {
            if (awaitingHeaders != null) {
                awaitingHeaders.cancel(false);
                awaitingHeaders = null;
            }
        }

        /** Answered through the HTTP codec, which has read no request yet, then closed. */
        private static void answerAndClose(ChannelHandlerContext ctx, HttpResponseStatus status, String rule,
                                           String detail, String retryAfter) {
            byte[] body = ("{\"type\":\"urn:kanmin:problem:" + rule + "\",\"title\":\"" + status.reasonPhrase()
                           + "\",\"status\":" + status.code() + ",\"detail\":\"" + detail + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                                                                    Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            if (retryAfter != null) {
                response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfter);
            }
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
