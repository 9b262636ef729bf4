package jp.kanmin.ops.damage;

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

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static jp.kanmin.ops.testing.Requests.survey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Districts (管轄地区) are told apart by owner and name, every district of a participant is on the damage picture
 * surveyed or not, and a district cut off with no survey yet is presumed to suffer large-scale damage.
 */
@ApplicationTest
class DistrictsTest {

    static final String CENTRAL = "中央地区";

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;
    OrganisationId first;
    OrganisationId second;
    OrganisationId outsider;
    Scenario scenario;

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens);
        first = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        second = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        outsider = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        scenario = Scenario.open(api, first, second);
        define(first, CENTRAL, "makinohara-002");
        define(first, "北地区", "makinohara-002");
        define(second, CENTRAL, "chugei-003");
        define(outsider, CENTRAL, "chugei-003");
    }

    @Test
    void aChamberCuttingOffItsDistrictLeavesAnotherChambersDistrictOfTheSameNameAsItWas() {
        post(second, survey("b-1", CENTRAL, "NONE", "ROUGH", false, Map.of("BUILDING", 0L)));
        post(first, cutOff(Map.of("name", CENTRAL)));

        Map<String, Object> cutOff = awaitDistrict(first, CENTRAL, DistrictsTest::cutOffAndJudged);
        assertThat(suggestion(cutOff)).containsEntry("scale", "LARGE");
        assertThat(conditions(cutOff)).extracting(c -> c.get("metric"))
                                      .containsExactlyInAnyOrder("UNREACHABLE", "ROADS_CUT");
        // the directory's read model, which gives the district its registered businesses, may trail a moment
        Map<String, Object> untouched = awaitDistrict(second, CENTRAL, d -> d.get("suggestion") != null);
        assertThat(untouched).containsEntry("state", "SURVEYED").containsEntry("unreachableAreas", 0);
        assertThat(suggestion(untouched)).containsEntry("scale", "ALMOST_NONE");
    }

    @Test
    void everyDistrictOfAParticipantIsOnThePictureAndOneNobodySurveyedSaysSo() {
        Map<String, Object> north = awaitDistrict(first, "北地区", d -> true);
        assertThat(north).containsEntry("state", "NOT_SURVEYED").containsEntry("surveyed", 0)
                         .containsEntry("registeredBusinesses", 100);
        assertThat(north.get("suggestion")).as("no survey is not 'almost no damage'").isNull();
        assertThat(district(outsider, CENTRAL)).as("a district of an organisation that does not take part").isNull();
    }

    @Test
    void theCityReportsAChambersDistrictCutOffByNamingItsOwner() {
        post(scenario.city, cutOff(Map.of("name", CENTRAL, "districtOf", second.value())));

        Map<String, Object> cutOff = awaitDistrict(second, CENTRAL, DistrictsTest::cutOffAndJudged);
        assertThat(suggestion(cutOff)).containsEntry("scale", "LARGE").containsEntry("ruleSet", "chugei-003");
        assertThat(district(first, CENTRAL)).containsEntry("state", "NOT_SURVEYED");
    }

    @Test
    void aDistrictOfAnOrganisationThatDoesNotTakePartIsRefused() {
        api.as(scenario.city).post().uri("/api/incidents/{id}/reports", scenario.incident)
           .bodyValue(cutOff(Map.of("name", CENTRAL, "districtOf", outsider.value())))
           .exchange().expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("area.districtOf")
           .jsonPath("$.errors[0].rule").isEqualTo("district-in-incident");
    }

    /** 003 names no "damage" condition for severe damage; its stated reading counts it as at least light damage. */
    @Test
    @SuppressWarnings("unchecked")
    void aCollapsedAndABrokenWindowInTwoHundredSuggestDamageUnderTheStatedReadingOfPlan003() {
        define(second, CENTRAL, "chugei-003", 200);
        post(second, survey("b-9", CENTRAL, "TOTAL_COLLAPSE", "ROUGH", false, Map.of("BUILDING", 9_000_000L)));
        post(second, survey("b-10", CENTRAL, "PARTIAL_DAMAGE", "ROUGH", false, Map.of("BUILDING", 300_000L)));

        Map<String, Object> central = awaitDistrict(second, CENTRAL, d -> Integer.valueOf(2).equals(d.get("surveyed"))
                                                                    && Integer.valueOf(200).equals(d.get("registeredBusinesses")));
        assertThat(suggestion(central)).containsEntry("scale", "DAMAGE");
        Map<?, ?> rules = api.as(first).get().uri("/api/damage-scale-rules").exchange().expectStatus().isOk()
                             .expectBody(Map.class).returnResult().getResponseBody();
        assertThat((String) rules.get("reading")).contains("severely damaged business also counts as lightly damaged");
        assertThat((List<Map<String, Object>>) rules.get("ruleSets"))
                .filteredOn(set -> "chugei-003".equals(set.get("id")))
                .singleElement().satisfies(set -> assertThat((String) set.get("uncovered")).contains("全壊"));
    }

    private void define(OrganisationId owner, String district, String rules) {
        define(owner, district, rules, 100);
    }

    private void define(OrganisationId owner, String district, String rules, int registered) {
        api.asAdmin().put().uri("/api/organisations/{id}/districts/{district}", owner, district)
           .bodyValue(Map.of("registeredBusinesses", registered, "municipality", scenario.city.value(),
                             "scaleRules", rules))
           .exchange().expectStatus().is2xxSuccessful();
    }

    private static Map<String, Object> cutOff(Map<String, Object> area) {
        return Map.of("type", "SURROUNDINGS", "accessRoutes", "CUT", "reachable", false, "area", area);
    }

    private void post(OrganisationId reporter, Map<String, Object> report) {
        api.as(reporter).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(report)
           .exchange().expectStatus().isCreated();
    }

    private Map<String, Object> awaitDistrict(OrganisationId owner, String name,
                                              java.util.function.Predicate<Map<String, Object>> until) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<String, Object> district = district(owner, name);
            return district != null && until.test(district);
        });
        return district(owner, name);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> district(OrganisationId owner, String name) {
        Map<?, ?> damage = api.as(scenario.city).get().uri("/api/incidents/{id}/damage", scenario.incident)
                              .exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
                              .getResponseBody();
        return ((List<Map<String, Object>>) damage.get("districts")).stream()
                .filter(d -> owner.value().equals(d.get("surveyor")) && name.equals(d.get("district")))
                .findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> suggestion(Map<String, Object> district) {
        return (Map<String, Object>) district.get("suggestion");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> conditions(Map<String, Object> district) {
        return (List<Map<String, Object>>) suggestion(district).get("conditions");
    }

    /** Cut off, and judged: the directory's read model gives the district its rule set and may trail a moment. */
    private static boolean cutOffAndJudged(Map<String, Object> district) {
        return "CUT_OFF".equals(district.get("state")) && district.get("suggestion") != null;
    }

}
