package jp.kanmin.ops.testing;

import jp.kanmin.shared.organisation.OrganisationId;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every read model of an incident as its HQ and its participants see it through the API, for comparing two stores. */
public final class ReadModels {

    private ReadModels() {
    }

    public static Map<String, Object> of(Api api, OrganisationId hq, String incidentId,
                                         OrganisationId... participants) {
        Map<String, Object> models = new LinkedHashMap<>();
        String incident = "/api/incidents/" + incidentId;
        for (String path : List.of("", "/timeline?limit=1000", "/overview", "/staff-safety/missing", "/reports",
                                   "/exchanges", "/exchanges/matrix", "/exchanges/compliance", "/silent",
                                   "/support-requests", "/damage", "/damage/businesses")) {
            models.put(path, get(api, hq, incident + path));
        }
        for (OrganisationId organisation : participants) {
            models.put("tasks of " + organisation, get(api, hq, incident + "/tasks?organisationId=" + organisation));
            models.put("directory " + organisation, get(api, hq, "/api/organisations/" + organisation));
        }
        models.put("incidents", get(api, hq, "/api/incidents"));
        return models;
    }

    private static Object get(Api api, OrganisationId hq, String uri) {
        return api.as(hq).get().uri(uri).exchange().expectStatus().isOk()
                  .expectBody(Object.class).returnResult().getResponseBody();
    }
}
