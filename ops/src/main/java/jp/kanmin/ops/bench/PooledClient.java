package jp.kanmin.ops.bench;

import io.netty.channel.ChannelOption;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;

/**
 * A benchmark's HTTP client with a connection pool of its own, sized for thousands of open feeds, that takes the
 * large timeline pages of a busy incident; closing it closes its connections.
 */
record PooledClient(WebClient client, ConnectionProvider pool) implements AutoCloseable {

    static PooledClient to(String baseUrl, int connections) {
        ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(connections)
                                                    .pendingAcquireMaxCount(-1)
                                                    .pendingAcquireTimeout(Duration.ofMinutes(2)).build();
        WebClient client = WebClient.builder().baseUrl(baseUrl)
                                    .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                                    .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)
                                            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)))
                                    .build();
        return new PooledClient(client, pool);
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
