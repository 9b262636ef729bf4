package jp.kanmin.ops.testing;

import jp.kanmin.shared.organisation.OrganisationId;

import java.util.List;
import java.util.Map;

/** Reads an incident's timeline through the API, for tests that need specific entries. */
public final class TimelineQueries {

    private TimelineQueries() {
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> entries(Api api, OrganisationId reader, String incident) {
        Map<?, ?> page = api.as(reader).get().uri("/api/incidents/{id}/timeline?limit=1000", incident).exchange()
                            .expectBody(Map.class).returnResult().getResponseBody();
        if (page == null || page.get("entries") == null) {
            return List.of();
        }
        return (List<Map<String, Object>>) page.get("entries");
    }

    /** The TaskOverdue entries of one organisation's task. */
    public static List<Map<String, Object>> overdue(Api api, OrganisationId reader, String incident,
                                                    OrganisationId organisation, String taskId) {
        return entries(api, reader, incident).stream()
                .filter(entry -> "TaskOverdue".equals(entry.get("type")))
                .filter(entry -> organisation.value().equals(entry.get("organisationId")))
                .filter(entry -> taskId.equals(((Map<?, ?>) entry.get("payload")).get("taskId")))
                .toList();
    }
}
