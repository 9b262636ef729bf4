package jp.kanmin.ops.testing;

import jp.kanmin.shared.organisation.OrganisationId;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/** Every read model of an incident as its HQ and its participants see it through the API, for comparing two stores. */
public final class ReadModels {

    /** The read models an administrator can rebuild, by processing group. */
    public static final List<String> PROJECTIONS = List.of("timeline", "incidents", "tasks", "damage", "reports",
                                                           "exchanges", "directory");
    /** Fields worked out from the time of the request (how long ago, how long left), not stored. */
    private static final Set<String> CLOCK_DEPENDENT = Set.of("asOf", "overdueBy", "worstOverdueBy", "timeLeft",
                                                              "overdue", "maxDelay", "sinceZeroHour");

    private ReadModels() {
    }

    /** As {@link #of}, without what changes with the clock alone: for a node whose clock a test cannot stop. */
    public static Object withoutClockDependentFields(Object model) {
        if (model instanceof Map<?, ?> map) {
            Map<Object, Object> kept = new LinkedHashMap<>();
            map.forEach((key, value) -> {
                if (!CLOCK_DEPENDENT.contains(String.valueOf(key))) {
                    kept.put(key, withoutClockDependentFields(value));
                }
            });
            return kept;
        }
        if (model instanceof List<?> list) {
            return list.stream().map(ReadModels::withoutClockDependentFields).toList();
        }
        return model;
    }

    /** Waits until every event processor of the node says it has handled every event in the store. */
    public static void awaitCaughtUp(Api api) {
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            List<?> statuses = api.asAdmin().get().uri("/api/admin/projections").exchange().expectStatus().isOk()
                                  .expectBody(List.class).returnResult().getResponseBody();
            return statuses.stream().map(Map.class::cast).allMatch(
                    status -> Boolean.TRUE.equals(status.get("caughtUp"))
                              && ((Number) status.get("position")).longValue() >= ((Number) status.get("head")).longValue());
        });
    }

    /** Rebuilds every read model from the events (beside the live one, then swapped) and waits until all are done. */
    public static void rebuildAll(Api api) {
        for (String projection : PROJECTIONS) {
            api.asAdmin().post().uri("/api/admin/projections/{name}/rebuild", projection).exchange()
               .expectStatus().isAccepted();
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> PROJECTIONS.stream().allMatch(name -> {
            Map<?, ?> status = api.asAdmin().get().uri("/api/admin/projections/{name}", name).exchange()
                                  .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
            Map<?, ?> rebuild = (Map<?, ?>) status.get("rebuild");
            return rebuild != null && Boolean.TRUE.equals(rebuild.get("finished"))
                   && Boolean.TRUE.equals(status.get("caughtUp"));
        }));
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
