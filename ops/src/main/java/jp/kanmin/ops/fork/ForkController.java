package jp.kanmin.ops.fork;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jp.kanmin.command.support.IdempotencyKey;
import jp.kanmin.command.support.Retriable;
import jp.kanmin.query.incident.IncidentAccess;
import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** 分岐訓練: the coordinating HQ (or an administrator) starts an exercise from an instant of a past incident. */
@Tag(name = "Exercises")
@RestController
class ForkController {

    private final IncidentForks forks;
    private final IncidentAccess access;
    private final Clock clock;

    ForkController(IncidentForks forks, IncidentAccess access, Clock clock) {
        this.forks = forks;
        this.access = access;
        this.clock = clock;
    }

    /**
     * @param asOf  the instant of the source the exercise starts from; not in the future
     * @param title the exercise's title; 「【分岐訓練】」 and the source's title if omitted
     */
    @Schema(example = """
            {"asOf": "2026-11-26T12:00:00Z", "title": "【分岐訓練】台風14号 正午から"}""")
    record ForkRequest(@NotNull Instant asOf, @Size(max = 200) String title, @Size(max = 128) String commandId)
            implements Retriable {
    }

    @Operation(summary = "Start an exercise from a past incident (分岐訓練)", description = """
            The coordinating HQ (or an administrator) starts an exercise from an instant (`asOf`) of a past or
            running incident: the new EXERCISE incident holds what was known then, and play goes on from
            there.""")
    @PostMapping("/api/incidents/{incidentId}/forks")
    Mono<ResponseEntity<IncidentForks.Forked>> fork(@PathVariable IncidentId incidentId,
                                                    @Valid @RequestBody ForkRequest request,
                                                    IdempotencyKey idempotencyKey,
                                                    @AuthenticationPrincipal Caller caller) {
        if (request.asOf().isAfter(clock.instant())) {
            throw RuleViolation.invalid("asOf", "not-in-future", "a fork starts from an instant that has passed");
        }
        String key = idempotencyKey.of(request);
        IncidentId fork = IncidentId.derivedFrom(MessageMetadata.requestId(
                caller.organisationId().value(), "fork/" + (key != null ? key : UUID.randomUUID().toString())));
        return access.readable(incidentId, caller).flatMap(source -> {
            if (!caller.isAdmin() && !source.coordinatingHq().equals(caller.organisationId().value())) {
                return Mono.error(RuleViolation.forbidden("coordinating-hq-only",
                                                          "only the coordinating HQ may fork its incident"));
            }
            if (request.asOf().isBefore(source.openedAt())) {
                return Mono.error(RuleViolation.invalid("asOf", "within-incident",
                                                        "asOf must not lie before the incident was opened ("
                                                                + source.openedAt() + ")"));
            }
            String title = request.title() != null && !request.title().isBlank() ? request.title().strip()
                    : "【分岐訓練】" + source.title();
            return forks.fork(incidentId, request.asOf(), fork, title, caller.organisationId());
        }).map(forked -> ResponseEntity.created(URI.create("/api/incidents/" + forked.incidentId())).body(forked));
    }
}
