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
        ConnectionProvider pool = pool("bench", connections);
        WebClient client = WebClient.builder().baseUrl(baseUrl)
                                    .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                                    .clientConnector(new ReactorClientHttpConnector(over(pool)))
                                    .build();
        return new PooledClient(client, pool);
    }

    /** Connections for thousands of open feeds: requests beyond them wait rather than fail. */
    static ConnectionProvider pool(String name, int connections) {
        return ConnectionProvider.builder(name).maxConnections(connections).pendingAcquireMaxCount(-1)
                                 .pendingAcquireTimeout(Duration.ofMinutes(2)).build();
    }

    /** An HTTP client over {@code pool} that waits for a busy server to accept a connection. */
    static HttpClient over(ConnectionProvider pool) {
        return HttpClient.create(pool).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
