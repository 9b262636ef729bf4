package jp.kanmin.ops.rebuild;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Processors;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A read-model book an earlier version kept as one document per incident is rebuilt in the current format. */
@ApplicationTest
// its own database, so that this node holds every segment and may rebuild
@TestPropertySource(properties = "kanmin.store.database=kanmin-upgrade")
class BookFormatUpgradeTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    ApplicationContext context;
    @Autowired
    BookFormatUpgrade upgrade;
    @Autowired
    ProjectionRebuilds rebuilds;
    @Autowired
    MongoTemplate mongo;

    @Test
    void aBookWrittenByAnEarlierVersionIsRebuiltInTheCurrentFormat() {
        Api api = new Api(port, tokens);
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(api, park);
        api.as(park).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(staffSafety(180, 2, 0))
           .exchange().expectStatus().isCreated();
        Processors.awaitCaughtUp(context);
        // as an earlier version left the store: the incident's whole book in one document, no format checked yet
        mongo.dropCollection("book_formats");
        mongo.getCollection("report_books").insertOne(new Document("_id", "earlier-incident")
                                                              .append("threads", new Document("park|x", new Document())));

        assertThat(upgrade.upgrade()).containsExactly("reports");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            ProjectionRebuilds.Progress progress = rebuilds.status("reports").rebuild();
            return progress != null && progress.finished();
        });

        assertThat(mongo.getCollection("report_books")
                        .countDocuments(new Document("section", new Document("$exists", false)))).isZero();
        assertThat(upgrade.upgrade()).isEmpty();
        assertThat(mongo.getCollection("book_formats").countDocuments()).as("each book is looked through once")
                                                                       .isEqualTo(4);
        String reports = api.as(scenario.city).get().uri("/api/incidents/{id}/reports", scenario.incident).exchange()
                            .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(reports).contains(park.value(), "\"safe\":180");
    }

    @Test
    void reportThreadsThatCarriedTheirWholeHistoryAreRebuiltWithTheHistoryBesideThem() {
        Api api = new Api(port, tokens);
        OrganisationId park = api.register("park-threads", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(api, park);
        for (int safe : new int[] {10, 20}) {
            api.as(park).post().uri("/api/incidents/{id}/reports", scenario.incident)
               .bodyValue(staffSafety(safe, 0, 0)).exchange().expectStatus().isCreated();
        }
        Processors.awaitCaughtUp(context);
        // as the previous version left them: each thread with its history inside, no report_history
        mongo.dropCollection("book_formats");
        mongo.dropCollection("report_history");
        mongo.getCollection("report_books").updateMany(new Document("section", "threads"),
                                                       new Document("$set", new Document("value.earlier", List.of())));

        assertThat(upgrade.upgrade()).containsExactly("reports");
        await().atMost(Duration.ofSeconds(60)).until(
                () -> mongo.getCollection("report_books").countDocuments(new Document("value.earlier",
                        new Document("$exists", true))) == 0
                      && rebuilds.status("reports").rebuild() instanceof ProjectionRebuilds.Progress progress
                      && progress.finished());

        assertThat(upgrade.upgrade()).isEmpty();
        Map<?, ?> threads = api.as(scenario.city).get().uri("/api/incidents/{id}/reports", scenario.incident)
                               .exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
                               .getResponseBody();
        Map<?, ?> thread = (Map<?, ?>) ((List<?>) threads.get("threads")).getFirst();
        assertThat(thread.get("reports")).isEqualTo(2);
        Object latest = ((Map<?, ?>) thread.get("latest")).get("reportId");
        Map<?, ?> history = api.as(scenario.city).get()
                               .uri("/api/incidents/{id}/reports/{report}/history", scenario.incident, latest)
                               .exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
                               .getResponseBody();
        assertThat((List<?>) history.get("reports")).hasSize(2);
    }
}
