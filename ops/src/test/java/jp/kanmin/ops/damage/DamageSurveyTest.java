package jp.kanmin.ops.damage;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestClock;
import jp.kanmin.ops.testing.TimelineQueries;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static jp.kanmin.ops.testing.Requests.survey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A chamber surveys 200 businesses of its district, revising 40 of them; the district summary, the per-business
 * rows and the CSV for the immediate report all count the latest revision of each business exactly once.
 */
@ApplicationTest
class DamageSurveyTest {

    static final String DISTRICT = "相良地区";
    static final int REGISTERED = 1000;
    static final int BUSINESSES = 200;
    static final int REVISED = 40;

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;
    OrganisationId chamber;
    OrganisationId company;
    Scenario scenario;

    /** What each business's latest survey says, kept by the test independently of the system. */
    final Map<String, Map<String, Object>> latest = new LinkedHashMap<>();

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens);
        chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        company = api.register("company", OrganisationType.COMPANY);
        scenario = Scenario.openAt(api, TestClock.INSTANCE.instant(), chamber, company);
        api.asAdmin().put().uri("/api/organisations/{id}/districts/{district}", chamber, DISTRICT)
           .bodyValue(Map.of("registeredBusinesses", REGISTERED, "municipality", scenario.city.value(),
                             "scaleRules", "makinohara-002"))
           .exchange().expectStatus().is2xxSuccessful();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<?, ?> detail = api.as(chamber).get().uri("/api/organisations/{id}", chamber).exchange()
                                  .expectBody(Map.class).returnResult().getResponseBody();
            return ((Map<?, ?>) detail.get("organisation")).get("districts") instanceof List<?> districts
                    && !districts.isEmpty();
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDistrictSummaryAndCsvCountTheLatestRevisionOfEveryBusinessOnce() {
        Random random = new Random(7);
        List<Map<String, Object>> sheet = new java.util.ArrayList<>();
        for (int i = 0; i < BUSINESSES; i++) {
            // The first 40 are first reported as undamaged rough guesses, then revised with confirmed figures.
            sheet.add(i < REVISED ? survey(business(i), DISTRICT, "NONE", "ROUGH", false, amounts(random))
                                  : finalSurvey(i, random));
        }
        postSheet("sheet-1", sheet);
        postSheet("sheet-1", sheet); // the phone did not hear the answer and sent the sheet again
        scenario.awaitEntries("BusinessDamageSurveyed", BUSINESSES);
        long firstPassTotal = total();
        Instant beforeRevisions = TestClock.INSTANCE.instant();
        await().pollDelay(Duration.ofMillis(5)).until(() -> TestClock.INSTANCE.instant().isAfter(beforeRevisions));
        for (int i = 0; i < REVISED; i++) {
            post(finalSurvey(i, random));
        }
        scenario.awaitEntries("BusinessDamageSurveyed", BUSINESSES + REVISED);
        assertThat(scenario.timelineOf("BusinessDamageSurveyed")).hasSize(BUSINESSES + REVISED);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Map<String, Object> district = district(damage(""));
            return district != null && totals(district).get("total").equals(total());
        });

        Map<String, Object> district = district(damage(""));
        assertThat(district).containsEntry("registeredBusinesses", REGISTERED).containsEntry("surveyed", BUSINESSES)
                            .containsEntry("severeDamage", 5).containsEntry("lightDamage", 20)
                            .containsEntry("powerOutage", 20);
        assertThat((Map<String, Object>) district.get("percentages"))
                .containsEntry("surveyed", 20.0).containsEntry("lightDamage", 2.0)
                .containsEntry("severeDamage", 0.5).containsEntry("powerOutage", 2.0);
        Map<String, Object> totals = totals(district);
        assertThat(totals.get("building")).isEqualTo(sum("BUILDING"));
        assertThat(totals.get("equipment")).isEqualTo(sum("MACHINERY"));
        assertThat(totals.get("goods")).isEqualTo(sum("GOODS"));
        assertThat(totals).containsEntry("confirmedBusinesses", REVISED)
                          .containsEntry("roughBusinesses", BUSINESSES - REVISED);
        assertThat(totals.get("confirmedYen")).isEqualTo(sumOf(latestSurveys().subList(0, REVISED)));

        Map<String, Object> suggestion = (Map<String, Object>) district.get("suggestion");
        assertThat(suggestion).containsEntry("scale", "DAMAGE");
        assertThat(((List<Map<String, Object>>) suggestion.get("conditions")).stream().map(c -> c.get("metric")))
                .containsExactlyInAnyOrder("LIGHT_DAMAGE_SHARE", "SEVERE_DAMAGE_SHARE");

        Map<String, Object> asKnownBefore = district(damage("?asOf=" + beforeRevisions));
        assertThat(asKnownBefore).containsEntry("surveyed", BUSINESSES);
        assertThat(totals(asKnownBefore).get("total")).isEqualTo(firstPassTotal);

        List<Map<String, Object>> rows = businesses(chamber);
        assertThat(rows).hasSize(BUSINESSES);
        Map<String, Object> revised = rows.stream().filter(r -> business(0).equals(r.get("businessId"))).findFirst()
                                          .orElseThrow();
        assertThat(revised).containsEntry("revision", 2).containsEntry("grade", "TOTAL_COLLAPSE");
        assertThat((List<?>) revised.get("earlier")).hasSize(1);
        assertThat(businesses(scenario.city)).as("the district's municipality sees the rows").hasSize(BUSINESSES);
        assertThat(businesses(company)).as("another participant does not").isEmpty();
        Map<String, Object> seenByCompany = (Map<String, Object>) ((Map<String, Object>) TimelineQueries
                .entries(api, company, scenario.incident).stream()
                .filter(entry -> "BusinessDamageSurveyed".equals(entry.get("type"))).findFirst().orElseThrow()
                .get("payload")).get("content");
        assertThat(seenByCompany).containsKey("grade").doesNotContainKeys("items", "businessName", "businessId");
        assertThat((Map<String, Object>) scenario.timelineOf("BusinessDamageSurveyed").getFirst().get("payload"))
                .extractingByKey("content").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKeys("items", "businessId");

        byte[] csv = api.as(scenario.city).get().uri("/api/incidents/{id}/damage.csv", scenario.incident).exchange()
                        .expectStatus().isOk()
                        .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                        .expectHeader().value("Content-Disposition", v -> assertThat(v).startsWith("attachment"))
                        .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        List<String> lines = List.of(new String(csv, StandardCharsets.UTF_8).substring(1).split("\r\n"));
        assertThat(lines).contains(String.join(",", chamber.value(), DISTRICT, "1000", "200", "20", "20", "5", "0",
                                               "0", "0", "20.0", "2.0", "2.0", "0.5", sum("BUILDING").toString(),
                                               sum("MACHINERY").toString(), sum("GOODS").toString(),
                                               total().toString(), String.valueOf(total() - sumOf(latestSurveys()
                                                       .subList(0, REVISED))),
                                               sumOf(latestSurveys().subList(0, REVISED)).toString(), "被害がある", ""));
        assertThat(lines).contains("非住家 その他,5,棟,調査した事業所のうち全壊・半壊の数 (非住家は全壊・半壊のみ計上)");
        assertThat(lines).anyMatch(line -> line.startsWith("商工被害," + (total() + 500) / 1000 + ",千円,"));
    }

    @Test
    void badSurveysAreRefusedNamingTheFieldAndRuleAndWriteNothing() {
        post(finalSurvey(0, new Random(1)));
        scenario.awaitEntries("BusinessDamageSurveyed", 1);

        Map<String, Object> negative = new LinkedHashMap<>(survey("b-x", DISTRICT, "NONE", "ROUGH", false,
                                                                  Map.of("GOODS", -1L)));
        refused(negative, "items[0].amountYen");
        Map<String, Object> unknownGrade = new LinkedHashMap<>(survey("b-x", DISTRICT, "NONE", "ROUGH", false,
                                                                      Map.of("GOODS", 1L)));
        unknownGrade.put("grade", "SOMEWHAT_BROKEN");
        refused(unknownGrade, "grade").jsonPath("$.errors[0].rule").isEqualTo("one-of");
        refused(survey("b-x", "隣の地区", "NONE", "ROUGH", false, Map.of("GOODS", 1L)), "area.name")
                .jsonPath("$.errors[0].rule").isEqualTo("within-district");
        Map<String, Object> nowhere = new LinkedHashMap<>(survey("b-x", DISTRICT, "NONE", "ROUGH", false, Map.of()));
        nowhere.remove("area");
        refused(nowhere, "area").jsonPath("$.errors[0].rule").isEqualTo("required");
        Map<String, Object> numberedNote = new LinkedHashMap<>(survey("b-x", DISTRICT, "NONE", "ROUGH", false,
                                                                      Map.of()));
        numberedNote.put("note", 12);
        refused(numberedNote, "note");
        api.as(chamber).post().uri("/api/incidents/{id}/reports/batch", scenario.incident)
           .bodyValue(Map.of("reports", List.of(survey("b-y", DISTRICT, "NONE", "ROUGH", false, Map.of()),
                                                unknownGrade)))
           .exchange().expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("reports[1].grade");
        List<Map<String, Object>> sheet = List.of(survey("b-y", DISTRICT, "NONE", "ROUGH", false, Map.of()),
                                                  survey("b-z", "隣の地区", "NONE", "ROUGH", false, Map.of()));
        api.as(chamber).post().uri("/api/incidents/{id}/reports/batch", scenario.incident)
           .bodyValue(Map.of("reports", sheet)).exchange().expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("reports[1].area.name");
        api.as(chamber).post().uri("/api/incidents/{id}/reports/batch", scenario.incident)
           .bodyValue(Map.of("reports", List.of(survey("b-y", DISTRICT, "NONE", "ROUGH", false, Map.of("GOODS", -5L)))))
           .exchange().expectStatus().isBadRequest()
           .expectBody().jsonPath("$.errors[0].field").isEqualTo("reports[0].items[0].amountYen");

        // A report that is accepted afterwards proves the refused ones would have been projected by now.
        post(finalSurvey(1, new Random(1)));
        scenario.awaitEntries("BusinessDamageSurveyed", 2);
        assertThat(scenario.timelineOf("BusinessDamageSurveyed")).hasSize(2);
        // the damage book is its own projection: wait for it to have the accepted one too
        await().atMost(Duration.ofSeconds(10)).until(() -> businesses(chamber).size() >= 2);
        assertThat(businesses(chamber)).extracting(row -> row.get("businessId"))
                                       .containsExactlyInAnyOrder(business(0), business(1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theChamberProposesTheMunicipalityConfirmsAndTheDeclaredScaleOpensTheConsultationDesk() {
        String judgement = "/api/incidents/{id}/damage-scale/{chamber}/{district}/";
        assertThat(scenario.taskState(chamber, "special-consultation-desk")).isNull();

        api.as(chamber).post().uri(judgement + "propose", scenario.incident, chamber, DISTRICT)
           .bodyValue(Map.of("scale", "DAMAGE", "basis", "瓦・窓ガラスの被害が地区内2%"))
           .exchange().expectStatus().isOk();
        api.as(company).post().uri(judgement + "confirm", scenario.incident, chamber, DISTRICT)
           .bodyValue(Map.of()).exchange().expectStatus().isForbidden();
        api.as(scenario.city).post().uri(judgement + "confirm", scenario.incident, chamber, DISTRICT)
           .bodyValue(Map.of()).exchange().expectStatus().isOk();

        Map<String, Object> declared = scenario.awaitEntries("DamageScaleDeclared", 1).getFirst();
        assertThat((Map<String, Object>) declared.get("payload")).containsEntry("scale", "DAMAGE")
                                                                 .containsEntry("confirmedBy", scenario.city.value());
        await().atMost(Duration.ofSeconds(15))
               .until(() -> "OPEN".equals(scenario.taskState(chamber, "special-consultation-desk")));
        assertThat(scenario.taskState(chamber, "damage-survey")).isEqualTo("OPEN");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<String, Object> district = district(damage(""));
            return district != null && district.get("judgement") instanceof Map<?, ?> j
                    && "DAMAGE".equals(j.get("declared"));
        });
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String business(int i) {
        return "b-%03d".formatted(i);
    }

    /** 5 severe, 20 light, the rest undamaged; every tenth without power. Revised ones end up confirmed. */
    private Map<String, Object> finalSurvey(int i, Random random) {
        String grade = i < 3 ? "TOTAL_COLLAPSE" : i < 5 ? "HALF_COLLAPSE" : i < 25 ? "PARTIAL_DAMAGE" : "NONE";
        return survey(business(i), DISTRICT, grade, i < REVISED ? "CONFIRMED" : "ROUGH", i % 10 == 0,
                      amounts(random));
    }

    private static Map<String, Long> amounts(Random random) {
        Map<String, Long> amounts = new LinkedHashMap<>();
        amounts.put("BUILDING", (long) random.nextInt(50_000_000));
        amounts.put("MACHINERY", (long) random.nextInt(20_000_000));
        if (random.nextBoolean()) {
            amounts.put("GOODS", (long) random.nextInt(3_000_000));
        }
        return amounts;
    }

    private void post(Map<String, Object> survey) {
        api.as(chamber).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(survey)
           .exchange().expectStatus().isCreated();
        latest.put((String) survey.get("businessId"), survey);
    }

    private void postSheet(String key, List<Map<String, Object>> sheet) {
        api.as(chamber).post().uri("/api/incidents/{id}/reports/batch", scenario.incident)
           .header("Idempotency-Key", key).bodyValue(Map.of("reports", sheet))
           .exchange().expectStatus().isCreated();
        sheet.forEach(survey -> latest.put((String) survey.get("businessId"), survey));
    }

    private org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec refused(
            Map<String, Object> survey, String field) {
        return api.as(chamber).post().uri("/api/incidents/{id}/reports", scenario.incident).bodyValue(survey)
                  .exchange().expectStatus().isBadRequest()
                  .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                  .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
    }

    private List<Map<String, Object>> latestSurveys() {
        return List.copyOf(latest.values());
    }

    @SuppressWarnings("unchecked")
    private static Long sumOf(List<Map<String, Object>> surveys) {
        return surveys.stream().flatMap(s -> ((List<Map<String, Object>>) s.get("items")).stream())
                      .mapToLong(item -> (Long) item.get("amountYen")).sum();
    }

    @SuppressWarnings("unchecked")
    private Long sum(String category) {
        return latest.values().stream().flatMap(s -> ((List<Map<String, Object>>) s.get("items")).stream())
                     .filter(item -> category.equals(item.get("category")))
                     .mapToLong(item -> (Long) item.get("amountYen")).sum();
    }

    private Long total() {
        return sumOf(latestSurveys());
    }

    private Map<?, ?> damage(String query) {
        return api.as(scenario.city).get().uri("/api/incidents/" + scenario.incident + "/damage" + query).exchange()
                  .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> district(Map<?, ?> damage) {
        return ((List<Map<String, Object>>) damage.get("districts")).stream()
                .filter(d -> DISTRICT.equals(d.get("district"))).findFirst().orElse(null);
    }

    /** Totals with every amount as a Long, as JSON numbers may arrive as Integer or Long. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> totals(Map<String, Object> district) {
        Map<String, Object> totals = new LinkedHashMap<>((Map<String, Object>) district.get("totals"));
        totals.replaceAll((key, value) -> key.endsWith("Businesses") ? value : ((Number) value).longValue());
        return totals;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> businesses(OrganisationId as) {
        return api.as(as).get().uri("/api/incidents/{id}/damage/businesses", scenario.incident).exchange()
                  .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
    }
}
