package jp.kanmin.ops.plan;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.plan.TimelinePlan;
import jp.kanmin.shared.plan.TimelinePlanReader;
import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The timeline plans: anyone may read them (they say what each organisation must do when); administrators publish
 * new versions as YAML ({@code POST /api/admin/plans}); a plan with mistakes is refused naming each one.
 */
@Tag(name = "Plans")
@RestController
class PlanController {

    static final String EXAMPLE_PLAN = """
            version: "2027.04-1"
            name: 訓練用計画 (exercise plan)
            plans:
              - name: すべての災害
                incidentKinds: [EARTHQUAKE, TSUNAMI, TYPHOON, FLOOD, HEAVY_RAIN, VOLCANO, HEAVY_SNOW, PANDEMIC, OTHER]
                organisations:
                  INDUSTRIAL_PARK:
                    - {id: staff-safety, tier: 1, ja: 職員の安全確認, en: Staff safety, due: PT2H,
                       completedBy: {report: STAFF_SAFETY}}
                    - {id: park-hq, tier: 2, ja: 団地対策本部の設置, en: Set up the park's HQ, due: PT3H}
            """;

    private final StoredPlanCatalogue plans;

    PlanController(StoredPlanCatalogue plans) {
        this.plans = plans;
    }

    @Operation(summary = "List timeline plans", description = """
            The plan versions and which one new incidents use.""")
    @GetMapping("/api/plans")
    Mono<Map<String, Object>> list() {
        return Mono.fromCallable(() -> Map.<String, Object>of("current", plans.currentVersion(),
                                                              "versions", summaries(plans.published())))
                   .subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Read a timeline plan (タイムライン計画)", description = """
            A plan version: for each incident kind and organisation type, the tiered tasks with their due
            offsets from zero hour and what completes them. Anyone may read the plans.""")
    @GetMapping("/api/plans/{version}")
    Mono<TimelinePlan> get(@PathVariable String version) {
        return Mono.fromCallable(() -> plans.find(version).orElseThrow(() -> RuleViolation.notFound(
                           "plan-not-found", "no timeline plan version " + version)))
                   .subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Publish a timeline plan", description = """
            Administrators publish a new plan version as YAML, in the form of the shipped
            `plans/default-plans.yaml` (each task's tier, due offset from zero hour and what completes it); new
            incidents use it, running ones keep theirs. A plan with mistakes is refused naming each one.""")
    @PostMapping(path = "/api/admin/plans", consumes = {"application/yaml", "application/x-yaml", "text/yaml",
            "text/plain"})
    Mono<ResponseEntity<Map<String, String>>> publish(@RequestBody @Schema(example = EXAMPLE_PLAN) String yaml) {
        return Mono.fromCallable(() -> {
                       TimelinePlan plan;
                       try {
                           plan = plans.publish(yaml, "uploaded plan");
                       } catch (TimelinePlanReader.InvalidPlanException invalid) {
                           throw RuleViolation.invalid("plan", "valid-plan", invalid.getMessage());
                       }
                       return ResponseEntity.status(HttpStatus.CREATED)
                                            .location(URI.create("/api/plans/" + plan.version()))
                                            .body(Map.of("version", plan.version()));
                   })
                   .subscribeOn(Schedulers.boundedElastic());
    }

    private static List<Map<String, Object>> summaries(List<Document> published) {
        return published.stream()
                        .map(document -> Map.<String, Object>of("version", document.getString("_id"),
                                                                "source", document.getString("source"),
                                                                "publishedAt", document.getDate("publishedAt").toInstant()))
                        .toList();
    }
}
