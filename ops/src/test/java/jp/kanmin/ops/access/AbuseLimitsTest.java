package jp.kanmin.ops.access;

import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slow client cannot hold a connection open with a dripping body, nor an organisation more live feeds than its
 * share; tokens never reach the log; pages are fenced.
 */
@ApplicationTest
@TestPropertySource(properties = {"kanmin.limits.body-timeout=2s", "kanmin.limits.streams-per-organisation=2"})
@ExtendWith(OutputCaptureExtension.class)
class AbuseLimitsTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    @Test
    void aBodyDrippedSlowerThanTheTimeoutIsRefusedWith408AndRecordsNothing() throws Exception {
        Api api = new Api(port, tokens);
        OrganisationId park = api.register("slow-park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(api, park);
        byte[] body = "{\"type\":\"STAFF_SAFETY\",\"safe\":1,\"injured\":0,\"missing\":0}".getBytes(StandardCharsets.UTF_8);

        long start = System.nanoTime();
        String statusLine;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/incidents/" + scenario.incident + "/reports HTTP/1.1\r\nHost: localhost\r\n"
                       + "Authorization: Bearer " + api.token(park) + "\r\nContent-Type: application/json\r\n"
                       + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            // read while dripping: the server may answer and close between two bytes, and a byte written after
            // that breaks the pipe; the answer is what the test is about, not the drip
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return in.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                for (int i = 0; i < 5 && !answer.isDone(); i++) {
                    out.write(body[i]); // a byte a second, as a slowloris client does
                    out.flush();
                    Thread.sleep(1_000);
                }
            } catch (IOException closedByServer) {
                // the server has given up on the body: its answer is already on the way or read
            }
            statusLine = answer.get(15, TimeUnit.SECONDS);
        }

        assertThat(statusLine).startsWith("HTTP/1.1 408");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(scenario.timelineOf("StaffSafetyReported")).isEmpty();
    }

    @Test
    void anOrganisationHoldingItsShareOfLiveFeedsOpenIsRefusedAnotherUntilItClosesOne() {
        Api api = new Api(port, tokens);
        OrganisationId park = api.register("screens-park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.openAt(api, Instant.now(), park);
        String cityToken = api.token(scenario.city);
        List<Disposable> screens = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            screens.add(openFeed(cityToken, scenario.incident));
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var third = api.withToken(cityToken).get().uri("/api/incidents/{id}/feed", scenario.incident)
                           .exchange().expectBody().returnResult();
            assertThat(third.getStatus().value()).isEqualTo(429);
            assertThat(third.getResponseHeaders().getFirst("Retry-After")).isNotBlank();
            assertThat(third.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        });
        // another organisation's screens are not counted against the city's
        Disposable parkScreen = openFeed(api.token(park), scenario.incident);
        screens.removeFirst().dispose();

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Disposable again = openFeed(cityToken, scenario.incident);
            boolean open = awaitConnected(again);
            again.dispose();
            return open;
        });
        screens.forEach(Disposable::dispose);
        parkScreen.dispose();
    }

    private final Map<Disposable, CompletableFuture<Integer>> statuses =
            new ConcurrentHashMap<>();

    /** A wall screen: holds the feed open until disposed. */
    private Disposable openFeed(String token, String incident) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Disposable screen = WebClient
                .create("http://localhost:" + port).get().uri("/api/incidents/{id}/feed", incident)
                .header("Authorization", "Bearer " + token)
                .exchangeToFlux(response -> {
                    status.complete(response.statusCode().value());
                    return response.bodyToFlux(String.class);
                })
                .subscribe(line -> { }, failure -> status.complete(-1));
        statuses.put(screen, status);
        return screen;
    }

    private boolean awaitConnected(Disposable screen) throws Exception {
        return statuses.get(screen).get(10, TimeUnit.SECONDS) == 200;
    }

    @Test
    void noTokenGoodOrBadIsWrittenToTheLog(CapturedOutput output) {
        Api api = new Api(port, tokens);
        OrganisationId park = api.register("quiet-park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(api, park);
        String good = api.token(park);
        String bad = "kmt_" + "x".repeat(40);

        api.withToken(good).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(staffSafety(1, 0, 0))
           .exchange().expectStatus().isCreated();
        api.withToken(good).post().uri("/api/incidents/{id}/reports", scenario.incident)
           .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"safe\":")
           .exchange().expectStatus().isBadRequest();
        api.withToken(bad).get().uri("/api/incidents").exchange().expectStatus().isUnauthorized();
        scenario.awaitEntries("StaffSafetyReported", 1);

        assertThat(output.getAll()).doesNotContain(good).doesNotContain(bad).doesNotContain(good.substring(4, 20));
    }

    @Test
    void pagesAreServedWithHeadersThatKeepThemFromBeingFramedSniffedOrScripted() {
        Api api = new Api(port, tokens);
        OrganisationId park = api.register("page-park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(api, park);

        api.as(scenario.city).get().uri("/api/incidents/{id}/review.html", scenario.incident).exchange()
           .expectStatus().isOk()
           .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp)
                   .contains("script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"))
           .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
           .expectHeader().valueEquals("X-Frame-Options", "DENY")
           .expectHeader().valueEquals("Referrer-Policy", "no-referrer");
    }
}
