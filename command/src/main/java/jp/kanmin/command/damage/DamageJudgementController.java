package jp.kanmin.command.damage;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jp.kanmin.command.organisation.KnownOrganisations;
import jp.kanmin.command.support.CommandSender;
import jp.kanmin.command.support.IdempotencyKey;
import jp.kanmin.command.support.Retriable;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.damage.DamageJudgementCommands.ConfirmDamageScale;
import jp.kanmin.shared.damage.DamageJudgementCommands.DeclareDamageScale;
import jp.kanmin.shared.damage.DamageJudgementCommands.Parties;
import jp.kanmin.shared.damage.DamageJudgementCommands.ProposeDamageScale;
import jp.kanmin.shared.damage.JudgementId;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.report.DamageScale;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;


/**
 * 被害規模の判断 for a district (a chamber's 地区): propose, confirm, or (the municipality) declare. The district's
 * parties come from the directory; the suggestion the rules give is at {@code GET .../damage}.
 */
@Tag(name = "Damage")
@RestController
@RequestMapping("/api/incidents/{incidentId}/damage-scale/{chamber}/{district}")
class DamageJudgementController {

    private final CommandSender commands;
    private final KnownOrganisations known;

    DamageJudgementController(CommandSender commands, KnownOrganisations known) {
        this.commands = commands;
        this.known = known;
    }

    @Schema(example = """
            {"scale": "DAMAGE", "basis": "瓦・窓ガラスの被害 3%"}""")
    record ScaleRequest(@NotNull DamageScale scale, @Size(max = 2000) String basis,
                        @Size(max = 128) String commandId) implements Retriable {
    }

    @Schema(example = """
            {}""")
    record ConfirmRequest(@Size(max = 128) String commandId) implements Retriable {
    }

    record Judged(String incidentId, String chamber, String district, Long position) {
    }

    @Operation(summary = "Propose a damage scale (被害規模の判断)", description = """
            The chamber (or park) proposes its district's damage scale (ほぼ被害なし / 被害あり / 大規模被害) with its basis.
            The suggestion the rules give is at `GET .../damage`.""")
    @PostMapping("/propose")
    Mono<Judged> propose(@PathVariable IncidentId incidentId, @PathVariable OrganisationId chamber,
                         @PathVariable String district, @Valid @RequestBody ScaleRequest request,
                         IdempotencyKey key,
                         @AuthenticationPrincipal Caller caller) {
        return judge(incidentId, chamber, district, caller, key, request,
                     (id, parties) -> new ProposeDamageScale(id, parties, request.scale(), request.basis(),
                                                             caller.organisationId(), caller.isAdmin()));
    }

    @Operation(summary = "Confirm a proposed damage scale", description = """
            The district's municipality confirms the chamber's proposal, which declares that scale; tasks that
            open with it (e.g. 相談窓口) fall due.""")
    @PostMapping("/confirm")
    Mono<Judged> confirm(@PathVariable IncidentId incidentId, @PathVariable OrganisationId chamber,
                         @PathVariable String district, @Valid @RequestBody ConfirmRequest request,
                         IdempotencyKey key,
                         @AuthenticationPrincipal Caller caller) {
        return judge(incidentId, chamber, district, caller, key, request,
                     (id, parties) -> new ConfirmDamageScale(id, parties, caller.organisationId(), caller.isAdmin()));
    }

    @Operation(summary = "Declare a damage scale", description = """
            The municipality declares a district's scale directly, with its basis, when no proposal comes.""")
    @PostMapping("/declare")
    Mono<Judged> declare(@PathVariable IncidentId incidentId, @PathVariable OrganisationId chamber,
                         @PathVariable String district, @Valid @RequestBody ScaleRequest request,
                         IdempotencyKey key,
                         @AuthenticationPrincipal Caller caller) {
        return judge(incidentId, chamber, district, caller, key, request,
                     (id, parties) -> new DeclareDamageScale(id, parties, request.scale(), request.basis(),
                                                             caller.organisationId(), caller.isAdmin()));
    }

    private Mono<Judged> judge(IncidentId incident, OrganisationId chamber, String district, Caller caller,
                               IdempotencyKey key, Object request,
                               java.util.function.BiFunction<JudgementId, Parties, Object> command) {
        JudgementId id;
        try {
            id = new JudgementId(incident, chamber, district);
        } catch (IllegalArgumentException e) {
            return Mono.error(jp.kanmin.shared.RuleViolation.invalid("district", "district-name", e.getMessage()));
        }
        return known.district(chamber, district)
                    .flatMap(defined -> commands.send(caller, key, "judge " + id, request,
                                                      requestId -> command.apply(id, new Parties(chamber,
                                                                                                 defined.municipality()))))
                    .map(sent -> new Judged(incident.value(), chamber.value(), district, sent.position()));
    }
}
