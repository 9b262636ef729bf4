package jp.kanmin.ops.bench;

import io.netty.channel.ChannelOption;
import jp.kanmin.ops.KanminApplication;
import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Command-to-SSE latency with many HQ screens on one node: N subscribers hold the incident's feed open over HTTP,
 * a participant posts staff-safety reports at a steady pace, and every subscriber notes when each entry reached it.
 * Latency runs from just before the report's POST to the moment a subscriber has parsed the entry, so it contains
 * the command, the event store append, the timeline projection, the feed's fan-out and the SSE encoding. The
 * baseline is the POST's own answer time in the same run.
 * <p>
 * Server and subscribers share this JVM and its two cores, so the figures are an upper bound for the server alone.
 */
final class FeedBenchmark {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };
    private static final OrganisationId CITY = OrganisationId.of("fukuchiyama-city");
    private static final OrganisationId PARK = OrganisationId.of("osadano-park");

    private FeedBenchmark() {
    }

    static void run(BenchStore store, BenchReport report, int[] subscriberCounts, int reports) {
        try (ConfigurableApplicationContext application = start(store, "kanmin-bench-feed")) {
            int port = Integer.parseInt(application.getEnvironment().getProperty("local.server.port"));
            ApiTokens tokens = application.getBean(ApiTokens.class);
            String cityToken = token(tokens, CITY);
            String parkToken = token(tokens, PARK);
            String incident = IncidentId.derivedFrom("sample/drill").value();
            int connections = Arrays.stream(subscriberCounts).max().orElse(1) + 50;
            ConnectionProvider pool = ConnectionProvider.builder("bench-feed").maxConnections(connections)
                                                        .pendingAcquireMaxCount(-1).build();
            WebClient client = WebClient.builder()
                                        .baseUrl("http://localhost:" + port)
                                        .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)
                                                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)))
                                        .build();
            awaitSampleIncident(client, cityToken, incident);
            for (int subscribers : subscriberCounts) {
                measure(report, client, cityToken, parkToken, incident, subscribers, reports);
            }
            pool.dispose();
        }
    }

    private static void measure(BenchReport report, WebClient client, String cityToken, String parkToken,
                                String incident, int subscribers, int reports) {
        System.out.println("Feed: " + subscribers + " SSE subscribers, " + reports + " reports");
        long heapBefore = usedHeapAfterGc();
        long head = headPosition(client, cityToken, incident);
        Map<Long, long[]> arrivals = new ConcurrentHashMap<>(); // position → arrival nanos per subscriber
        CountDownLatch connected = new CountDownLatch(subscribers);
        List<Disposable> streams = new ArrayList<>(subscribers);
        long connectStart = System.nanoTime();
        for (int i = 0; i < subscribers; i++) {
            int subscriber = i;
            boolean[] seenConnect = new boolean[1];
            streams.add(client.get()
                              .uri("/api/incidents/{id}/feed?type=StaffSafetyReported&after={after}", incident, head)
                              .header(HttpHeaders.AUTHORIZATION, "Bearer " + cityToken)
                              .accept(MediaType.TEXT_EVENT_STREAM)
                              .retrieve().bodyToFlux(SSE)
                              .subscribe(event -> {
                                  long now = System.nanoTime();
                                  if (!seenConnect[0]) {
                                      seenConnect[0] = true;
                                      connected.countDown();
                                  }
                                  if ("entry".equals(event.event())) {
                                      arrivals.computeIfAbsent(Long.parseLong(event.id()), p -> new long[subscribers])
                                              [subscriber] = now;
                                  }
                              }, failure -> System.out.println("  subscriber " + subscriber + " failed: " + failure)));
        }
        await(connected, Duration.ofMinutes(3), "subscribers to connect");
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        long heapConnected = usedHeapAfterGc();

        long[] sentAt = new long[reports];
        long[] positions = new long[reports];
        long[] answerNanos = new long[reports];
        for (int i = 0; i < reports; i++) {
            long start = System.nanoTime();
            Map<?, ?> created = client.post().uri("/api/incidents/{id}/reports", incident)
                                      .header(HttpHeaders.AUTHORIZATION, "Bearer " + parkToken)
                                      .bodyValue(Map.of("type", "STAFF_SAFETY", "safe", i, "injured", 0, "missing", 0))
                                      .retrieve().bodyToMono(Map.class).block(Duration.ofSeconds(30));
            sentAt[i] = start;
            answerNanos[i] = System.nanoTime() - start;
            positions[i] = ((Number) created.get("position")).longValue();
            sleep(Duration.ofMillis(200)); // a busy HQ morning: five reports a second
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (missing(arrivals, positions, subscribers) > 0 && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(100));
        }
        long missed = missing(arrivals, positions, subscribers);
        streams.forEach(Disposable::dispose);

        long[] latencies = new long[reports * subscribers];
        long[] lastArrivals = new long[reports];
        int n = 0;
        for (int i = 0; i < reports; i++) {
            long[] times = arrivals.getOrDefault(positions[i], new long[subscribers]);
            for (long time : times) {
                if (time != 0) {
                    latencies[n++] = time - sentAt[i];
                    lastArrivals[i] = Math.max(lastArrivals[i], time - sentAt[i]);
                }
            }
        }
        long[] delivered = Arrays.copyOf(latencies, n);
        Arrays.sort(delivered);
        Arrays.sort(answerNanos);
        Arrays.sort(lastArrivals);
        String scenario = "feed, " + subscribers + " subscribers";
        double answerP50 = millis(percentile(answerNanos, 50));
        report.add(scenario, "command-to-SSE p50", millis(percentile(delivered, 50)), "ms", "POST answer p50",
                   answerP50, null);
        report.add(scenario, "command-to-SSE p99", millis(percentile(delivered, 99)), "ms", "POST answer p99",
                   millis(percentile(answerNanos, 99)), null);
        report.add(scenario, "last subscriber reached p50", millis(percentile(lastArrivals, 50)), "ms",
                   "POST answer p50", answerP50, "time until every subscriber had the entry");
        report.add(scenario, "deliveries missed", missed, "count", null, null,
                   "of " + (long) reports * subscribers + " expected");
        report.add(scenario, "connect all subscribers", connectSeconds, "s");
        report.add(scenario, "heap per subscriber", (heapConnected - heapBefore) / (double) subscribers, "bytes",
                   null, null, "client and server side together, after GC");
        // let the server notice the closed streams before the next round
        sleep(Duration.ofSeconds(2));
    }

    private static long missing(Map<Long, long[]> arrivals, long[] positions, int subscribers) {
        long missing = 0;
        for (long position : positions) {
            long[] times = arrivals.get(position);
            if (times == null) {
                missing += subscribers;
                continue;
            }
            for (long time : times) {
                if (time == 0) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /** The whole application on {@code store}, with the sample exercise, in a database of its own. */
    static ConfigurableApplicationContext start(BenchStore store, String database) {
        Path dataDirectory = temporaryDirectory();
        // arguments rather than default properties, which application.yml would override
        return new SpringApplicationBuilder(KanminApplication.class)
                .registerShutdownHook(false)
                .run("--spring.mongodb.uri=" + store.uri(), "--kanmin.store.database=" + database,
                     "--kanmin.store.data-dir=" + dataDirectory, "--server.port=0",
                     "--kanmin.sample-data.enabled=true",
                     // the benchmark measures the feed, not the per-organisation request limits
                     "--kanmin.limits.reads-per-minute=100000000", "--kanmin.limits.writes-per-minute=100000000",
                     "--logging.level.root=WARN");
    }

    private static String token(ApiTokens tokens, OrganisationId organisation) {
        return tokens.issue(organisation, Set.of(Caller.Role.MEMBER), Duration.ofHours(2), "feed benchmark")
                     .block(Duration.ofSeconds(30)).token();
    }

    static void awaitSampleIncident(WebClient client, String token, String incident) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Boolean ready = client.get().uri("/api/incidents/{id}/timeline?limit=1", incident)
                                  .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                                  .exchangeToMono(response -> Mono.just(response.statusCode().is2xxSuccessful()))
                                  .onErrorReturn(false).block();
            if (Boolean.TRUE.equals(ready)) {
                return;
            }
            sleep(Duration.ofMillis(250));
        }
        String answer = client.get().uri("/api/incidents/{id}/timeline?limit=1", incident)
                              .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                              .exchangeToMono(response -> response.bodyToMono(String.class)
                                                                  .map(body -> response.statusCode() + " " + body))
                              .block();
        throw new IllegalStateException("the sample incident did not become readable: " + answer);
    }

    @SuppressWarnings("unchecked")
    private static long headPosition(WebClient client, String token, String incident) {
        long after = 0;
        while (true) {
            Map<String, Object> page = client.get().uri("/api/incidents/{id}/timeline?limit=1000&after={after}",
                                                        incident, after)
                                             .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                                             .retrieve().bodyToMono(Map.class).block(Duration.ofSeconds(30));
            Object last = page.get("lastPosition");
            if (last == null || ((Number) last).longValue() == after) {
                return after;
            }
            after = ((Number) last).longValue();
            if (page.get("nextAfter") == null) {
                return after;
            }
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(Duration.ofMillis(200));
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long percentile(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static void await(CountDownLatch latch, Duration timeout, String what) {
        try {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("timed out waiting for " + what + ": " + latch.getCount() + " left");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("kanmin-bench-feed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
