package jp.kanmin.ops.testing;

import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static jp.kanmin.ops.testing.Requests.openDrill;
import static org.awaitility.Awaitility.await;

/**
 * An incident with its cast, built through the API: a coordinating city, participants, and helpers that wait for
 * the read models, so tests say what they check rather than how they set it up.
 */
public final class Scenario {

    private final Api api;
    public final OrganisationId city;
    public final String incident;

    private Scenario(Api api, OrganisationId city, String incident) {
        this.api = api;
        this.city = city;
        this.incident = incident;
    }

    /** An incident opened some other way (an exercise), coordinated by {@code city}. */
    public static Scenario of(Api api, OrganisationId city, String incident) {
        return new Scenario(api, city, incident);
    }

    /** Opens an incident coordinated by a new city with the given (already registered) participants. */
    public static Scenario open(Api api, OrganisationId... participants) {
        return openAt(api, Instant.now().minusSeconds(600), participants);
    }

    public static Scenario openAt(Api api, Instant zeroHour, OrganisationId... participants) {
        OrganisationId city = api.register("city", OrganisationType.MUNICIPALITY);
        Map<?, ?> opened = api.as(city).post().uri("/api/incidents")
                              .bodyValue(openDrill(zeroHour, participants))
                              .exchange().expectStatus().isCreated()
                              .expectBody(Map.class).returnResult().getResponseBody();
        Scenario scenario = new Scenario(api, city, (String) opened.get("incidentId"));
        scenario.awaitReadable(city);
        for (OrganisationId participant : participants) {
            scenario.awaitReadable(participant);
        }
        return scenario;
    }

    /** Waits until the incident's read models let {@code organisation} read its timeline. */
    public void awaitReadable(OrganisationId organisation) {
        awaitOk(organisation, "/api/incidents/{id}/timeline");
    }

    /** Waits until {@code organisation} sees the incident's summary (it is invited or takes part). */
    public void awaitListed(OrganisationId organisation) {
        awaitOk(organisation, "/api/incidents/{id}");
    }

    private void awaitOk(OrganisationId organisation, String path) {
        WebTestClient client = api.as(organisation);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.get().uri(path, incident)
                                                                 .exchange().expectBody().returnResult()
                                                                 .getStatus().is2xxSuccessful());
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> timeline() {
        Map<?, ?> page = api.as(city).get().uri("/api/incidents/{id}/timeline?limit=1000", incident)
                            .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return (List<Map<String, Object>>) page.get("entries");
    }

    public List<Map<String, Object>> timelineOf(String type) {
        return timeline().stream().filter(entry -> type.equals(entry.get("type"))).toList();
    }

    /**
     * The directory agrees that {@code sender} shares its damage picture with the city on {@code cadence} (a plan's
     * 共有頻度), and the incident has scheduled the sharing.
     */
    public void agreeToShareTheDamagePicture(OrganisationId sender, String cadence) {
        api.asAdmin().put().uri("/api/organisations/{id}/agreements/damage-picture", sender)
           .bodyValue(Map.of("counterpart", city.value(), "topic", "DAMAGE_PICTURE", "direction", "ONE_WAY",
                             "cadence", cadence))
           .exchange().expectStatus().isOk();
        awaitEntries("ExchangeScheduled", 1);
    }

    /** Waits until the timeline holds at least {@code count} entries of {@code type}. */
    public List<Map<String, Object>> awaitEntries(String type, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> timelineOf(type).size() >= count);
        return timelineOf(type);
    }

    /** The HQ shares information (情報共有) with {@code recipient}: where to ask about support schemes. */
    public void hqShares(OrganisationId recipient) {
        api.as(city).post().uri("/api/incidents/{id}/exchanges", incident)
           .bodyValue(Map.of("to", List.of(recipient.value()), "topic", "SUPPORT_SCHEMES", "text", "相談窓口"))
           .exchange().expectStatus().isCreated();
    }

    /** {@code from} asks {@code to} for a generator truck (応援要請), urgently. */
    public void requestsSupport(OrganisationId from, OrganisationId to) {
        api.as(from).post().uri("/api/incidents/{id}/support-requests", incident)
           .bodyValue(Map.of("to", List.of(to.value()), "resource", "VEHICLES", "description", "発電機車",
                             "quantity", 1, "unit", "台", "priority", "URGENT"))
           .exchange().expectStatus().isCreated();
    }

    /** One task of an organisation's board as the HQ sees it, or null when the board does not hold it (yet). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> task(OrganisationId organisation, String taskId) {
        Map<?, ?> board = api.as(city).get()
                             .uri("/api/incidents/{id}/tasks?organisationId={org}", incident, organisation)
                             .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) board.get("tiers")).stream()
                .flatMap(tier -> ((List<Map<String, Object>>) tier.get("tasks")).stream())
                .filter(task -> taskId.equals(task.get("taskId"))).findFirst().orElse(null);
    }

    public String taskState(OrganisationId organisation, String taskId) {
        Map<String, Object> task = task(organisation, taskId);
        return task == null ? null : (String) task.get("state");
    }
}
