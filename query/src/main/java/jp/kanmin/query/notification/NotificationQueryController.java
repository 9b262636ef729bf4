package jp.kanmin.query.notification;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.shared.RuleViolation;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * An organisation's notification rules as they stand, and the log of what was sent to it: its own staff's and
 * administrators' only (the security configuration refuses anyone else before a request is read).
 */
@ReadsFrom(ReadsFrom.NOTIFICATIONS)
@Tag(name = "Notifications")
@RestController
@RequestMapping("/api/organisations/{organisationId}")
class NotificationQueryController {

    private final MongoTemplate mongo;
    private final Deliveries deliveries;
    private final WebhookSigning signing;
    private final Clock clock;

    NotificationQueryController(MongoTemplate mongo, Deliveries deliveries, WebhookSigning signing, Clock clock) {
        this.mongo = mongo;
        this.deliveries = deliveries;
        this.signing = signing;
        this.clock = clock;
    }

    /** @param secret what a webhook receiver checks {@code X-Kanmin-Signature} with; null for e-mail */
    record Rule(String ruleId, List<String> kinds, List<String> incidents, String channel, String address,
                String language, String secret) {
    }

    @Operation(summary = "List notification rules", description = """
            The organisation's notification rules, each webhook's with the secret its receiver checks the
            `X-Kanmin-Signature` header with (`t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`).""")
    @GetMapping("/notification-rules")
    Mono<List<Rule>> rules(@PathVariable String organisationId) {
        return Mono.fromCallable(() -> {
            Document stored = mongo.findById(organisationId, Document.class, NotificationProjection.RULES);
            List<Rule> rules = new ArrayList<>();
            Document byId = stored == null ? null : stored.get("rules", Document.class);
            if (byId != null) {
                byId.forEach((ruleId, value) -> {
                    Document rule = (Document) value;
                    String channel = rule.getString("channel");
                    rules.add(new Rule(ruleId, rule.getList("kinds", String.class),
                                       rule.getList("incidents", String.class), channel, rule.getString("address"),
                                       rule.getString("language"),
                                       "WEBHOOK".equals(channel) ? signing.secretOf(organisationId, ruleId) : null));
                });
            }
            rules.sort(java.util.Comparator.comparing(Rule::ruleId));
            return rules;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Delivery log of notifications", description = """
            What was sent to the organisation, newest first: each delivery with its attempts (when, by which
            node, what the other side answered). `status=DEAD` lists the dead letters: deliveries whose every
            attempt failed.""")
    @GetMapping("/notifications")
    Mono<List<Delivery>> log(@PathVariable String organisationId,
                             @RequestParam(required = false) Delivery.Status status,
                             @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            return Mono.error(RuleViolation.invalid("limit", "range", "limit must be between 1 and 1000"));
        }
        return Mono.fromCallable(() -> deliveries.of(organisationId, status, limit))
                   .subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Send a notification again (再送)", description = """
            Queues a delivery of the log again, a dead letter or one delivered, under the same
            `X-Kanmin-Delivery` key: a receiver that has it already can tell.""")
    @PostMapping("/notifications/{deliveryId}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Void> redeliver(@PathVariable String organisationId, @PathVariable String deliveryId) {
        return Mono.fromCallable(() -> deliveries.redeliver(organisationId, deliveryId, clock.instant()))
                   .subscribeOn(Schedulers.boundedElastic())
                   .flatMap(found -> found ? Mono.empty()
                           : Mono.error(RuleViolation.notFound("delivery-not-found", "no delivery " + deliveryId
                                   + " to " + organisationId)));
    }

}
