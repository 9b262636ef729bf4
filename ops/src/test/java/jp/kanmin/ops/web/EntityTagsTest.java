package jp.kanmin.ops.web;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;

/** A client that polls instead of holding a feed open pays for a body only when the read model changed. */
@ApplicationTest
class EntityTagsTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;
    OrganisationId park;
    Scenario scenario;

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens);
        park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        scenario = Scenario.open(api, park);
        scenario.awaitEntries("TaskActivated", 1);
    }

    private EntityExchangeResult<byte[]> poll(String path, String ifNoneMatch) {
        var request = api.as(scenario.city).get().uri("/api/incidents/" + scenario.incident + path);
        if (ifNoneMatch != null) {
            request = request.header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch);
        }
        return request.exchange().expectBody().returnResult();
    }

    @Test
    void anUnchangedReadModelAnswersNotModifiedWithoutABody() {
        EntityExchangeResult<byte[]> first = poll("/timeline", null);
        String tag = first.getResponseHeaders().getETag();
        assertThat(first.getStatus().value()).isEqualTo(200);
        assertThat(tag).matches("\"[0-9a-f]{32}\"");
        assertThat(first.getResponseHeaders().getCacheControl()).isEqualTo("private, no-cache");

        EntityExchangeResult<byte[]> again = poll("/timeline", tag);
        assertThat(again.getStatus().value()).isEqualTo(304);
        assertThat(again.getResponseBody()).isNullOrEmpty();
        assertThat(again.getResponseHeaders().getETag()).isEqualTo(tag);
    }

    @Test
    void theDamagePictureAndTheExchangesKeepTheirTagWhileNothingChanges() throws InterruptedException {
        for (String path : java.util.List.of("/damage", "/exchanges")) {
            String tag = poll(path, null).getResponseHeaders().getETag();
            Thread.sleep(5); // the clock moves on; the answer must not
            assertThat(poll(path, tag).getStatus().value()).as(path).isEqualTo(304);
        }
    }

    @Test
    void aChangedReadModelAnswersWithTheNewBodyAndANewTag() {
        String before = poll("/timeline", null).getResponseHeaders().getETag();
        api.as(park).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(staffSafety(3, 0, 0))
           .exchange().expectStatus().isCreated();
        scenario.awaitEntries("StaffSafetyReported", 1);

        EntityExchangeResult<byte[]> after = poll("/timeline", before);
        assertThat(after.getStatus().value()).isEqualTo(200);
        assertThat(new String(after.getResponseBody())).contains("StaffSafetyReported");
        assertThat(after.getResponseHeaders().getETag()).isNotEqualTo(before);
    }

    @Test
    void tagsAreForSuccessfulReadsOnly() {
        EntityExchangeResult<byte[]> refused = poll("/timeline?limit=0", null);
        assertThat(refused.getStatus().value()).isEqualTo(400);
        assertThat(refused.getResponseHeaders().getETag()).isNull();

        var feed = api.as(scenario.city).get().uri("/api/incidents/" + scenario.incident + "/feed")
                      .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                      .returnResult(String.class);
        assertThat(feed.getResponseHeaders().getETag()).isNull();
        feed.getResponseBody().take(1).blockLast();
    }
}
