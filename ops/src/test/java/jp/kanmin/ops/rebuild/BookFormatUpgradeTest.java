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
}
