package jp.kanmin.ops.feed;

import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.RunningApplication;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.SignalType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stopping node ends its live feeds before the web server waits for open requests, so a wall screen's stream ends
 * cleanly and it reconnects (with Last-Event-ID) to a node that is up; before, the node sat out its whole graceful
 * shutdown on streams that never end by themselves.
 */
class FeedShutdownTest {

    @TempDir
    Path directory;

    @Test
    void stoppingTheNodeEndsAnOpenFeedCleanly() {
        RunningApplication node = RunningApplication.start(directory);
        CompletableFuture<SignalType> ended = new CompletableFuture<>();
        try {
            Api api = node.api();
            OrganisationId park = api.register("closing-park", OrganisationType.INDUSTRIAL_PARK);
            Scenario scenario = Scenario.open(api, park);
            CompletableFuture<Integer> status = new CompletableFuture<>();
            WebClient.create("http://localhost:" + node.port()).get()
                     .uri("/api/incidents/{id}/feed", scenario.incident)
                     .header("Authorization", "Bearer " + api.token(scenario.city))
                     .exchangeToFlux(response -> {
                         status.complete(response.statusCode().value());
                         return response.bodyToFlux(String.class);
                     })
                     .doFinally(ended::complete)
                     .subscribe(line -> { }, failure -> { });
            assertThat(status).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(200);
        } finally {
            CompletableFuture.runAsync(node::close);
        }

        await().atMost(Duration.ofSeconds(10)).until(ended::isDone);
        assertThat(ended.join()).as("the stream ended by the server, not cut").isEqualTo(SignalType.ON_COMPLETE);
    }
}
