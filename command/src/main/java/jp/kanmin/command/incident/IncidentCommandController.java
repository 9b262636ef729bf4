package jp.kanmin.command.incident;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jp.kanmin.command.organisation.KnownOrganisations;
import jp.kanmin.command.plan.PlanCatalogue;
import jp.kanmin.command.support.CommandSender;
import jp.kanmin.command.support.IdempotencyKey;
import jp.kanmin.command.support.Retriable;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentCommands.ChangeCoordinatingHq;
import jp.kanmin.shared.incident.IncidentCommands.CloseIncident;
import jp.kanmin.shared.incident.IncidentCommands.InviteParticipant;
import jp.kanmin.shared.incident.IncidentCommands.JoinIncident;
import jp.kanmin.shared.incident.IncidentCommands.LeaveIncident;
import jp.kanmin.shared.incident.IncidentCommands.ReopenIncident;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.incident.IncidentMode;
import jp.kanmin.shared.incident.IncidentTrigger;
import jp.kanmin.shared.incident.ObligationsFrom;
import jp.kanmin.shared.incident.OpenIncident;
import jp.kanmin.shared.organisation.OrganisationId;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Opening an incident and changing who takes part and whether it is open. Every change is on its timeline. */
@Tag(name = "Incidents")
@RestController
@RequestMapping("/api/incidents")
class IncidentCommandController {

    static final String ORGANISATION_ID = "[a-z0-9][a-z0-9-]{1,62}";
    private final CommandSender commands;
    private final KnownOrganisations known;
    private final PlanCatalogue plans;

    private final java.time.Clock clock;

    IncidentCommandController(CommandSender commands, KnownOrganisations known, PlanCatalogue plans,
                              java.time.Clock clock) {
        this.commands = commands;
        this.known = known;
        this.plans = plans;
        this.clock = clock;
    }

    /**
     * @param coordinatingHq  the organisation that coordinates (usually the municipality); the caller if omitted
     * @param obligationsFrom when tasks and sharing slots start to fall due; if omitted, from registration for a real
     *                        incident registered more than an hour after its zero hour, from zero hour otherwise
     * @param confirmZeroHour a real incident's zero hour more than {@link #FAR_FROM_NOW} from now is taken only when
     *                        this is true (a mistyped year would otherwise make every task overdue, or none due)
     * @param commandId       the idempotency key, for clients that cannot set the {@code Idempotency-Key} header
     */
    @Schema(example = """
            {"title": "台風14号 接近", "kind": "TYPHOON", "trigger": "NATURAL_DISASTER_ONSET",
            "zeroHour": "2026-11-26T09:00:00Z", "mode": "REAL", "coordinatingHq": "fukuchiyama-city",
            "participants": ["osadano-park", "fukuchiyama-chamber"]}""")
    record OpenIncidentRequest(@NotBlank @Size(max = 200) String title,
                               @NotNull IncidentKind kind,
                               IncidentTrigger trigger,
                               @NotNull Instant zeroHour,
                               @NotNull IncidentMode mode,
                               @Pattern(regexp = ORGANISATION_ID) String coordinatingHq,
                               @Size(max = 500) Set<@NotNull @Pattern(regexp = ORGANISATION_ID) String> participants,
                               ObligationsFrom obligationsFrom,
                               Boolean confirmZeroHour,
                               @Size(max = 128) String commandId) implements Retriable {
    }

    /** How far a real incident's zero hour may lie from now without {@code confirmZeroHour}. */
    static final Duration FAR_FROM_NOW = Duration.ofDays(7);
    /** A real incident registered this long after its zero hour counts its obligations from registration. */
    static final Duration LATE_REGISTRATION = Duration.ofHours(1);

    @Schema(example = """
            {"organisationId": "osadano-park"}""")
    record OrganisationRequest(@Pattern(regexp = ORGANISATION_ID) String organisationId,
                               @Size(max = 128) String commandId) implements Retriable {
    }

    @Schema(example = """
            {"reason": "警報解除、全組織の復旧を確認"}""")
    record ReasonRequest(@Size(max = 2000) String reason, @Size(max = 128) String commandId) implements Retriable {
    }

    @Schema(example = """
            {"reason": "余震で被害が拡大したため再開"}""")
    record RequiredReasonRequest(@NotBlank @Size(max = 2000) String reason, @Size(max = 128) String commandId)
            implements Retriable {
    }

    /** {@code position} is where the change landed on the timeline; null when nothing needed to change. */
    record IncidentChanged(String incidentId, Long position) {
    }

    @Operation(summary = "Open an incident", description = """
            Opens a real incident or an exercise (訓練) with its zero hour (発災時刻), coordinating HQ (災害対策本部; the
            caller if omitted) and first participants. From then on the plan's tasks and sharing slots fall
            due for every participant. A real incident's zero hour far from now needs `confirmZeroHour`: a
            mistyped year would otherwise make every task overdue, or none due. Answers 201 with the
            incident's id and where the opening landed on its timeline.""")
    @PostMapping
    Mono<ResponseEntity<IncidentChanged>> open(@Valid @RequestBody OpenIncidentRequest request,
                                               IdempotencyKey idempotencyKey,
                                               @AuthenticationPrincipal Caller caller) {
        OrganisationId opener = caller.organisationId();
        OrganisationId hq = request.coordinatingHq() == null ? opener : OrganisationId.of(request.coordinatingHq());
        Set<OrganisationId> participants = request.participants() == null ? Set.of()
                : request.participants().stream().map(OrganisationId::of)
                         .collect(Collectors.toCollection(LinkedHashSet::new));
        IncidentTrigger trigger = request.trigger() != null ? request.trigger()
                : IncidentTrigger.defaultFor(request.kind(), request.mode());
        String planVersion = plans.currentVersion();
        Instant now = clock.instant();
        if (request.mode() == IncidentMode.REAL && !Boolean.TRUE.equals(request.confirmZeroHour())
                && Duration.between(request.zeroHour(), now).abs().compareTo(FAR_FROM_NOW) > 0) {
            return Mono.error(RuleViolation.invalid(
                    "zeroHour", "near-now", "a real incident's zero hour " + request.zeroHour() + " lies more than "
                            + FAR_FROM_NOW.toDays() + " days from now; check the date, or send confirmZeroHour: true"));
        }
        ObligationsFrom obligationsFrom = request.obligationsFrom() != null ? request.obligationsFrom()
                : request.mode() == IncidentMode.REAL
                  && request.zeroHour().plus(LATE_REGISTRATION).isBefore(now)
                ? ObligationsFrom.REGISTRATION : ObligationsFrom.ZERO_HOUR;
        return known.participant(hq, "coordinatingHq")
                    .zipWith(known.participants(participants, "participants"))
                    .flatMap(cast -> commands.send(caller, idempotencyKey,
                                                   "POST /api/incidents", request, requestId -> new OpenIncident(
                            IncidentId.derivedFrom(requestId), request.title().strip(), request.kind(), trigger,
                            request.zeroHour(), request.mode(), cast.getT1(), Set.copyOf(cast.getT2()), opener,
                            planVersion, obligationsFrom)))
                    .map(sent -> ResponseEntity
                            .created(URI.create("/api/incidents/" + sent.accepted().aggregateId()))
                            .body(new IncidentChanged(sent.accepted().aggregateId(), sent.position())));
    }

    @Operation(summary = "Invite an organisation (参加依頼)", description = """
            The coordinating HQ invites an organisation from the directory, which then joins itself.""")
    @PostMapping("/{incidentId}/invitations")
    Mono<IncidentChanged> invite(@PathVariable IncidentId incidentId, @Valid @RequestBody OrganisationRequest request,
                                 IdempotencyKey key,
                                 @AuthenticationPrincipal Caller caller) {
        OrganisationId invited = organisationOr(request, caller);
        return known.requireActive(List.of(invited), "organisationId")
                    .then(send(caller, key, "invite " + incidentId, request, incidentId,
                               new InviteParticipant(incidentId, invited, caller.organisationId(), caller.isAdmin())));
    }

    @Operation(summary = "Join an incident (参加)", description = """
            An invited organisation joins (omit `organisationId`), or the coordinating HQ adds one directly.
            Its tasks start to fall due from the incident's obligations start.""")
    @PostMapping("/{incidentId}/participants")
    Mono<IncidentChanged> join(@PathVariable IncidentId incidentId, @Valid @RequestBody OrganisationRequest request,
                               IdempotencyKey key,
                               @AuthenticationPrincipal Caller caller) {
        return known.participant(organisationOr(request, caller), "organisationId")
                    .flatMap(joining -> send(caller, key, "join " + incidentId, request,
                                             incidentId, new JoinIncident(incidentId, joining, caller.organisationId(),
                                                                          caller.isAdmin())));
    }

    @Operation(summary = "Leave an incident (離脱)", description = """
            An organisation leaves, or the coordinating HQ removes it; what it reported stays on the timeline.""")
    @DeleteMapping("/{incidentId}/participants/{organisationId}")
    Mono<IncidentChanged> leave(@PathVariable IncidentId incidentId, @PathVariable OrganisationId organisationId,
                                @RequestParam(required = false) String reason,
                                IdempotencyKey key,
                                @AuthenticationPrincipal Caller caller) {
        return send(caller, key, "leave " + incidentId + " " + organisationId, reason, incidentId,
                    new LeaveIncident(incidentId, organisationId, reason, caller.organisationId(), caller.isAdmin()));
    }

    @Operation(summary = "Hand over coordination (災害対策本部の交代)", description = """
            Another participating organisation becomes the coordinating HQ, as when the prefecture takes over
            from a municipality that cannot act.""")
    @PutMapping("/{incidentId}/coordinating-hq")
    Mono<IncidentChanged> changeHq(@PathVariable IncidentId incidentId,
                                   @Valid @RequestBody OrganisationRequest request,
                                   IdempotencyKey key,
                                   @AuthenticationPrincipal Caller caller) {
        return known.participant(organisationOr(request, caller), "organisationId")
                    .flatMap(hq -> send(caller, key, "hq " + incidentId, request,
                                        incidentId, new ChangeCoordinatingHq(incidentId, hq, caller.organisationId(),
                                                                             caller.isAdmin())));
    }

    @Operation(summary = "Close an incident (終了)", description = """
            The coordinating HQ closes the incident: deadlines stop and reports are refused (409) until it is
            reopened. The reason is optional and shown on the timeline.""")
    @PostMapping("/{incidentId}/close")
    Mono<IncidentChanged> close(@PathVariable IncidentId incidentId, @Valid @RequestBody ReasonRequest request,
                                IdempotencyKey key,
                                @AuthenticationPrincipal Caller caller) {
        return send(caller, key, "close " + incidentId, request, incidentId,
                    new CloseIncident(incidentId, request.reason(), caller.organisationId(), caller.isAdmin()));
    }

    @Operation(summary = "Reopen an incident (再開)", description = """
            Reopens a closed incident. The reason is required: the review (振り返り) later asks why an incident
            came back.""")
    @PostMapping("/{incidentId}/reopen")
    Mono<IncidentChanged> reopen(@PathVariable IncidentId incidentId,
                                 @Valid @RequestBody RequiredReasonRequest request,
                                 IdempotencyKey key,
                                 @AuthenticationPrincipal Caller caller) {
        return send(caller, key, "reopen " + incidentId, request, incidentId,
                    new ReopenIncident(incidentId, request.reason(), caller.organisationId(), caller.isAdmin()));
    }

    private Mono<IncidentChanged> send(Caller caller, IdempotencyKey key, String route, Object request,
                                       IncidentId incident, Object command) {
        return commands.send(caller, key, route, request, requestId -> command)
                       .map(sent -> new IncidentChanged(incident.value(), sent.position()));
    }

    private static OrganisationId organisationOr(OrganisationRequest request, Caller caller) {
        return request.organisationId() == null ? caller.organisationId() : OrganisationId.of(request.organisationId());
    }
}
