package jp.kanmin.ops.plan;

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
@RestController
class PlanController {

    private final StoredPlanCatalogue plans;

    PlanController(StoredPlanCatalogue plans) {
        this.plans = plans;
    }

    @GetMapping("/api/plans")
    Mono<Map<String, Object>> list() {
        return Mono.fromCallable(() -> Map.<String, Object>of("current", plans.currentVersion(),
                                                              "versions", summaries(plans.published())))
                   .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/api/plans/{version}")
    Mono<TimelinePlan> get(@PathVariable String version) {
        return Mono.fromCallable(() -> plans.find(version).orElseThrow(() -> RuleViolation.notFound(
                           "plan-not-found", "no timeline plan version " + version)))
                   .subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping(path = "/api/admin/plans", consumes = {"application/yaml", "application/x-yaml", "text/yaml",
            "text/plain"})
    Mono<ResponseEntity<Map<String, String>>> publish(@RequestBody String yaml) {
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
