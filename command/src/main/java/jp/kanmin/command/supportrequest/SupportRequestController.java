package jp.kanmin.command.supportrequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jp.kanmin.command.roster.IncidentRoster;
import jp.kanmin.command.roster.IncidentRosters;
import jp.kanmin.command.organisation.KnownOrganisations;
import jp.kanmin.command.support.CommandSender;
import jp.kanmin.command.support.IdempotencyKey;
import jp.kanmin.command.support.Retriable;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.support.SupportRequestCommands.AcceptSupport;
import jp.kanmin.shared.support.SupportRequestCommands.CancelSupportRequest;
import jp.kanmin.shared.support.SupportRequestCommands.DeclineSupport;
import jp.kanmin.shared.support.SupportRequestCommands.DeliverSupport;
import jp.kanmin.shared.support.SupportRequestCommands.Priority;
import jp.kanmin.shared.support.SupportRequestCommands.RequestSupport;
import jp.kanmin.shared.support.SupportRequestCommands.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** 応援要請 between organisations of an incident: ask one, several, or all peers of the same type; answer; deliver. */
@Tag(name = "Support requests")
@RestController
@RequestMapping("/api/incidents/{incidentId}/support-requests")
class SupportRequestController {

    static final String ID = "[a-z0-9][a-z0-9-]{1,62}";
    static final int MAX_QUANTITY = 1_000_000;

    private final CommandSender commands;
    private final IncidentRosters rosters;
    private final KnownOrganisations known;

    SupportRequestController(CommandSender commands, IncidentRosters rosters, KnownOrganisations known) {
        this.commands = commands;
        this.rosters = rosters;
        this.known = known;
    }

    /**
     * @param to      the addressees by id; or
     * @param toPeers every other organisation of the caller's type (and sector) taking part: 同業他社への応援要請
     */
    @Schema(example = """
            {"to": ["fukuchiyama-city"], "resource": "WATER", "description": "給水車", "quantity": 2, "unit": "台",
            "priority": "HIGH", "neededBy": "2026-11-26T15:00:00Z"}""")
    record SupportRequestBody(@Size(max = 100) List<@NotNull @Pattern(regexp = ID) String> to, Boolean toPeers,
                        @NotNull Resource resource, @Size(max = 2000) String description,
                        @NotNull @Positive @Max(MAX_QUANTITY) Integer quantity, @Size(max = 20) String unit,
                        @NotNull Priority priority, Instant neededBy, @Size(max = 128) String commandId)
                                implements Retriable {
    }

    record Requested(String supportRequestId, List<String> addressees, Long position) {
    }

    @Schema(example = """
            {"quantity": 1, "note": "給水車1台を13時に派遣"}""")
    record Answer(@Positive @Max(MAX_QUANTITY) Integer quantity, @Size(max = 2000) String note,
                  @Size(max = 2000) String reason, @Size(max = 128) String commandId) implements Retriable {
    }

    record Answered(String supportRequestId, Long position) {
    }

    @Operation(summary = "Request support (応援要請)", description = """
            Asks named organisations (`to`), or every other participant of the caller's type and sector
            (`toPeers`: 同業他社への応援要請), for a resource: how much, by when, how urgent.""")
    @PostMapping
    Mono<ResponseEntity<Requested>> request(@PathVariable IncidentId incidentId,
                                            @Valid @RequestBody SupportRequestBody request,
                                            IdempotencyKey key,
                                            @AuthenticationPrincipal Caller caller) {
        boolean peers = Boolean.TRUE.equals(request.toPeers());
        boolean named = request.to() != null && !request.to().isEmpty();
        if (named == peers) {
            return Mono.error(RuleViolation.invalid("to", "addressees", "name the addressees in 'to', or set "
                    + "'toPeers' to ask every peer of your type; not both"));
        }
        return addressees(incidentId, request, peers, caller).flatMap(addressees -> commands
                .send(caller, key, "POST support request " + incidentId, request,
                      requestId -> new RequestSupport(idOf(requestId), incidentId, caller.organisationId(), addressees,
                                                      peers, request.resource(), request.description(),
                                                      request.quantity(), request.unit(), request.priority(),
                                                      request.neededBy()))
                .map(sent -> ResponseEntity
                        .created(URI.create("/api/incidents/" + incidentId + "/support-requests/"
                                                    + idOf(sent.requestId())))
                        .body(new Requested(idOf(sent.requestId()),
                                            addressees.stream().map(OrganisationId::value).toList(),
                                            sent.position()))));
    }

    @Operation(summary = "Answer, deliver or cancel a support request", description = """
            An addressee answers or delivers, or the requester cancels: `accept` (with how much it can give;
            all that is still needed when omitted), `decline` (with a reason), `deliver` (part or all of what
            it accepted), `cancel` (with a reason).""")
    @PostMapping("/{supportRequestId}/{step}")
    Mono<Answered> step(@PathVariable IncidentId incidentId, @PathVariable String supportRequestId,
                        @PathVariable String step, @Valid @RequestBody Answer answer,
                        IdempotencyKey key,
                        @AuthenticationPrincipal Caller caller) {
        Function<OrganisationId, Object> command = switch (step) {
            case "accept" -> by -> new AcceptSupport(supportRequestId, by, answer.quantity(), answer.note());
            case "decline" -> by -> new DeclineSupport(supportRequestId, by, answer.reason());
            case "deliver" -> by -> new DeliverSupport(supportRequestId, by, answer.quantity(), answer.note());
            case "cancel" -> by -> new CancelSupportRequest(supportRequestId, by, answer.reason());
            default -> null;
        };
        if (command == null) {
            return Mono.error(RuleViolation.notFound("step-not-found", "a support request is accepted, declined, "
                    + "delivered or cancelled, not '" + step + "'"));
        }
        return answer(incidentId, supportRequestId, step, answer, key, caller, command);
    }

    private Mono<Answered> answer(IncidentId incidentId, String supportRequestId, String what, Answer answer,
                                  IdempotencyKey key, Caller caller, Function<OrganisationId, Object> command) {
        return rosters.takenPartInBy(incidentId, caller)
                .then(commands.send(caller, key,
                                    what + " " + supportRequestId, answer,
                                    requestId -> command.apply(caller.organisationId())))
                .map(sent -> new Answered(supportRequestId, sent.position()))
                .onErrorMap(org.axonframework.modelling.command.AggregateNotFoundException.class,
                            e -> RuleViolation.notFound("support-request-not-found",
                                                        "no support request " + supportRequestId));
    }

    static String idOf(String requestId) {
        return UUID.nameUUIDFromBytes(("support:" + requestId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Mono<List<OrganisationId>> addressees(IncidentId incidentId, SupportRequestBody request, boolean peers,
                                                  Caller caller) {
        return rosters.takenPartInBy(incidentId, caller).map(IncidentRoster::parties).flatMap(all -> {
            if (peers) {
                return known.peersOf(caller.organisationId(), all).flatMap(found -> found.isEmpty()
                        ? Mono.error(RuleViolation.invalid("toPeers", "peers-take-part",
                                                           "no other organisation of your type takes part"))
                        : Mono.just(found));
            }
            Set<OrganisationId> addressees = new LinkedHashSet<>();
            for (int i = 0; i < request.to().size(); i++) {
                OrganisationId addressee = OrganisationId.of(request.to().get(i));
                if (!all.contains(addressee)) {
                    return Mono.error(RuleViolation.invalid("to[" + i + "]", "takes-part", "'" + addressee
                            + "' does not take part in this incident"));
                }
                addressees.add(addressee);
            }
            return Mono.just(new ArrayList<>(addressees));
        });
    }
}
