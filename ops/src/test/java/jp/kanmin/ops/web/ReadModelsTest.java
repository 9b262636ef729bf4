package jp.kanmin.ops.web;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A screen learns from the API which read models an entry changes, so that it re-reads only those panels. */
@ApplicationTest
class ReadModelsTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    @Test
    @SuppressWarnings("unchecked")
    void eachEntryTypeNamesTheReadModelsItsEventChanges() {
        Api api = new Api(port, tokens);
        Map<String, List<String>> byEntryType = (Map<String, List<String>>) api
                .as(api.register("park", OrganisationType.INDUSTRIAL_PARK)).get().uri("/api/read-models")
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody()
                .get("byEntryType");

        assertThat(byEntryType.get("InformationShared")).contains("exchanges", "timeline").doesNotContain("damage");
        assertThat(byEntryType.get("BusinessDamageSurveyed")).contains("damage", "reports", "timeline");
        assertThat(byEntryType.get("TaskCompleted")).contains("tasks", "timeline").doesNotContain("damage");
        assertThat(byEntryType.get("TaskEscalated")).contains("notifications", "timeline");
        assertThat(byEntryType.get("ReportConfirmed")).doesNotContain("notifications");
        assertThat(byEntryType.values()).as("read models only: every entry is on the timeline, no process manager")
                                        .allSatisfy(readModels -> assertThat(readModels).contains("timeline")
                                                .isSubsetOf("timeline", "tasks", "reports", "incidents", "exchanges",
                                                            "damage", "directory", "notifications"));
    }
}
