package jp.kanmin.ops.bench;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;
import java.util.stream.LongStream;

/**
 * The floor of fan-out cost: a bare Reactor Netty server that sends every subscriber of {@code /feed} the same
 * SSE entries our feed would (same size, same rate), with no event store, projection, authorisation or filtering in
 * between. Measured with the same client as the real feed in the same run.
 */
final class IdleSseServer implements AutoCloseable {

    /** About the size of a staff-safety entry as the feed sends it. */
    private static final String ENTRY = "{\"position\":%d,\"incidentId\":\"0b8f5a1c-2d3e-4f50-9a6b-7c8d9e0f1a2b\","
            + "\"seq\":%d,\"recordedAt\":\"2026-11-26T01:02:03.456Z\",\"organisationId\":\"bench-a1b2c3-042\","
            + "\"actor\":\"bench-a1b2c3-042\",\"type\":\"StaffSafetyReported\",\"category\":\"report\","
            + "\"payload\":{\"reportId\":\"6f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\",\"number\":3,\"safe\":182,"
            + "\"injured\":2,\"missing\":0,\"unreachable\":3,\"observedAt\":\"2026-11-26T01:02:00Z\","
            + "\"note\":\"安否確認の途中経過 bench-sent:%d\"},\"facets\":{\"organisationType\":\"COMPANY\","
            + "\"tier\":null,\"topic\":null,\"concerns\":[]},\"exercise\":false}";

    private final Sinks.Many<String> entries = Sinks.many().multicast().directBestEffort();
    private final DisposableServer server;

    IdleSseServer() {
        server = HttpServer.create().port(0)
                           .route(routes -> routes.get("/feed", (request, response) -> response
                                   .header("Content-Type", "text/event-stream")
                                   .sendString(Flux.concat(Mono.just(":connected\n\n"), entries.asFlux()))))
                           .bindNow();
    }

    int port() {
        return server.port();
    }

    /** Sends {@code rate} entries a second for {@code duration}, numbered from 1, on schedule. */
    BurstBenchmark.Step emit(int rate, Duration duration) {
        int total = (int) (rate * duration.toMillis() / 1_000);
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 20_000_000L;
        Flux.range(1, total)
            .concatMap(n -> {
                long due = start + (n - 1) * period;
                return Mono.delay(Duration.ofNanos(Math.max(0, due - System.nanoTime()))).thenReturn(n);
            })
            .doOnNext(n -> {
                long sent = System.nanoTime();
                entries.tryEmitNext("id:" + n + "\nevent:entry\ndata:" + ENTRY.formatted(n, n, sent) + "\n\n");
            })
            .blockLast(duration.plusMinutes(1));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new BurstBenchmark.Step(rate, total, total, 0, 0, 0, 0, total / seconds,
                                       LongStream.rangeClosed(1, total).toArray(), java.util.Map.of(),
                                       new long[0]);
    }

    @Override
    public void close() {
        entries.tryEmitComplete();
        server.disposeNow();
    }
}
