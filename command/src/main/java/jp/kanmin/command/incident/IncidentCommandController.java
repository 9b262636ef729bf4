package jp.kanmin.command.incident;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jp.kanmin.command.support.CommandSender;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.incident.IncidentMode;
import jp.kanmin.shared.incident.IncidentTrigger;
import jp.kanmin.shared.incident.OpenIncident;
import jp.kanmin.shared.organisation.OrganisationId;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

@RestController
@RequestMapping("/api/incidents")
class IncidentCommandController {

    static final String ORGANISATION_ID = "[a-z0-9][a-z0-9-]{1,62}";

    private final CommandSender commands;

    IncidentCommandController(CommandSender commands) {
        this.commands = commands;
    }

    /**
     * @param coordinatingHq the organisation that coordinates (usually the municipality); the caller if omitted
     * @param commandId      the idempotency key, for clients that cannot set the {@code Idempotency-Key} header
     */
    record OpenIncidentRequest(@NotBlank @Size(max = 200) String title,
                               @NotNull IncidentKind kind,
                               IncidentTrigger trigger,
                               @NotNull Instant zeroHour,
                               @NotNull IncidentMode mode,
                               @Pattern(regexp = ORGANISATION_ID) String coordinatingHq,
                               @Size(max = 500) Set<@NotNull @Pattern(regexp = ORGANISATION_ID) String> participants,
                               @Size(max = 128) String commandId) {
    }

    record IncidentOpenedResponse(String incidentId, long position) {
    }

    @PostMapping
    Mono<ResponseEntity<IncidentOpenedResponse>> open(@Valid @RequestBody OpenIncidentRequest request,
                                                      @RequestHeader(name = "Idempotency-Key", required = false)
                                                      String idempotencyKey,
                                                      @AuthenticationPrincipal Caller caller) {
        String key = idempotencyKey != null ? idempotencyKey : request.commandId();
        OrganisationId opener = caller.organisationId();
        OrganisationId hq = request.coordinatingHq() == null ? opener : OrganisationId.of(request.coordinatingHq());
        Set<OrganisationId> participants = request.participants() == null ? Set.of()
                : request.participants().stream().map(OrganisationId::of)
                         .collect(Collectors.toCollection(LinkedHashSet::new));
        IncidentTrigger trigger = request.trigger() != null ? request.trigger()
                : IncidentTrigger.defaultFor(request.kind(), request.mode());
        return commands.send(caller, key, "POST /api/incidents", request, requestId -> new OpenIncident(
                               IncidentId.derivedFrom(requestId), request.title().strip(), request.kind(), trigger,
                               request.zeroHour(), request.mode(), hq, participants, opener))
                       .map(sent -> ResponseEntity.created(URI.create("/api/incidents/" + sent.accepted().aggregateId()))
                                                  .body(new IncidentOpenedResponse(sent.accepted().aggregateId(),
                                                                                   sent.position())));
    }
}
