package jp.kanmin.command.participation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jp.kanmin.command.support.CommandSender;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.participation.PostStaffSafetyReport;
import jp.kanmin.shared.participation.ReportId;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Status reports (報告) posted by a participating organisation, always as itself. */
@RestController
@RequestMapping("/api/incidents/{incidentId}/reports")
class ReportCommandController {

    static final int MAX_STAFF = 1_000_000;
    /** Phones' clocks run a little fast or slow; more than this ahead is a mistake, not skew. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final CommandSender commands;
    private final Clock clock;

    ReportCommandController(CommandSender commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = StaffSafetyRequest.class, name = "STAFF_SAFETY")})
    sealed interface ReportRequest {
        Instant observedAt();

        String commandId();
    }

    /** 安否確認: counts of staff by state, as of {@code observedAt} (now if omitted). */
    record StaffSafetyRequest(@NotNull @PositiveOrZero @Max(MAX_STAFF) Integer safe,
                              @NotNull @PositiveOrZero @Max(MAX_STAFF) Integer injured,
                              @NotNull @PositiveOrZero @Max(MAX_STAFF) Integer missing,
                              @PositiveOrZero @Max(MAX_STAFF) Integer unreachable,
                              @Size(max = 2000) String note,
                              Instant observedAt,
                              @Size(max = 128) String commandId) implements ReportRequest {
    }

    record ReportAccepted(String reportId, String incidentId, String organisationId, String type, long position) {
    }

    @PostMapping
    Mono<ResponseEntity<ReportAccepted>> post(@PathVariable IncidentId incidentId,
                                              @Valid @RequestBody ReportRequest request,
                                              @RequestHeader(name = "Idempotency-Key", required = false)
                                              String idempotencyKey,
                                              @AuthenticationPrincipal Caller caller) {
        String key = idempotencyKey != null ? idempotencyKey : request.commandId();
        ParticipationId participation = new ParticipationId(incidentId, caller.organisationId());
        Instant now = clock.instant();
        Instant observedAt = request.observedAt() != null ? request.observedAt() : now;
        if (observedAt.isAfter(now.plus(CLOCK_SKEW))) {
            return Mono.error(RuleViolation.invalid("observedAt", "not-in-future",
                                                    "observedAt must not lie in the future"));
        }
        return commands.send(caller, key, "POST /api/incidents/" + incidentId + "/reports", request, requestId -> {
                           ReportId reportId = ReportId.derivedFrom(requestId);
                           return switch (request) {
                               case StaffSafetyRequest s -> new PostStaffSafetyReport(
                                       participation, reportId, s.safe(), s.injured(), s.missing(),
                                       s.unreachable() == null ? 0 : s.unreachable(), s.note(), observedAt);
                           };
                       })
                       .map(sent -> ResponseEntity
                               .created(URI.create("/api/incidents/" + incidentId + "/timeline/" + sent.position()))
                               .body(new ReportAccepted(ReportId.derivedFrom(sent.requestId()).value(),
                                                        incidentId.value(), caller.organisationId().value(),
                                                        "STAFF_SAFETY", sent.position())));
    }
}
