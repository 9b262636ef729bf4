package jp.kanmin.command.organisation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jp.kanmin.command.support.CommandSender;
import jp.kanmin.command.support.IdempotencyKey;
import jp.kanmin.command.support.Retriable;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.exchange.SharingCadences;
import jp.kanmin.shared.sharing.SharingDirection;
import jp.kanmin.shared.organisation.InfrastructureSector;
import jp.kanmin.shared.organisation.OrganisationCommands.AddRelation;
import jp.kanmin.shared.organisation.OrganisationCommands.AgreeSharing;
import jp.kanmin.shared.organisation.OrganisationCommands.DefineDistrict;
import jp.kanmin.shared.organisation.OrganisationCommands.EndSharingAgreement;
import jp.kanmin.shared.organisation.OrganisationCommands.RegisterOrganisation;
import jp.kanmin.shared.organisation.OrganisationCommands.RemoveRelation;
import jp.kanmin.shared.organisation.OrganisationCommands.RenameOrganisation;
import jp.kanmin.shared.organisation.OrganisationCommands.RetireOrganisation;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.organisation.RelationType;
import jp.kanmin.shared.sharing.ExchangeTopic;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;

/** The organisation directory (組織台帳), changed by administrators only (see the security rules). */
@Tag(name = "Organisations")
@RestController
@RequestMapping("/api/organisations")
class OrganisationCommandController {

    static final String ID = "[a-z0-9][a-z0-9-]{1,62}";

    private final CommandSender commands;
    private final KnownOrganisations known;
    private final jp.kanmin.shared.report.DamageScaleRules scaleRules;
    private final SharingCadences cadences = SharingCadences.defaults();

    OrganisationCommandController(CommandSender commands, KnownOrganisations known) {
        this.commands = commands;
        this.known = known;
        this.scaleRules = jp.kanmin.shared.report.DamageScaleRules.defaults();
    }

    @Schema(example = """
            {"organisationId": "kansai-power-fukuchiyama", "name": "関西電力送配電 福知山配電営業所",
            "nameEn": "Kansai power distribution, Fukuchiyama", "type": "INFRASTRUCTURE_OPERATOR",
            "sector": "POWER"}""")
    record RegisterRequest(@NotNull @Pattern(regexp = ID) String organisationId,
                           @NotBlank @Size(max = 200) String name,
                           @Size(max = 200) String nameEn,
                           @NotNull OrganisationType type,
                           InfrastructureSector sector,
                           @Size(max = 200) String label,
                           @Size(max = 128) String commandId) implements Retriable {
    }

    @Schema(example = """
            {"name": "福知山商工会議所", "nameEn": "Fukuchiyama Chamber of Commerce and Industry"}""")
    record RenameRequest(@NotBlank @Size(max = 200) String name, @Size(max = 200) String nameEn,
                         @Size(max = 128) String commandId) implements Retriable {
    }

    @Schema(example = """
            {"reason": "合併により廃止"}""")
    record RetireRequest(@Size(max = 1000) String reason, @Size(max = 128) String commandId) implements Retriable {
    }

    @Schema(example = """
            {"type": "REPORTS_TO", "target": "fukuchiyama-city"}""")
    record RelationRequest(@NotNull RelationType type, @NotNull @Pattern(regexp = ID) String target,
                           @Size(max = 128) String commandId) implements Retriable {
    }

    record Changed(String organisationId, Long position) {
    }

    @Operation(summary = "Register an organisation (組織登録)", description = """
            Adds an organisation to the directory (組織台帳): a municipality, prefecture, national government,
            company, infrastructure operator (with its sector), industrial park or chamber of commerce.
            Administrators only.""")
    @PostMapping
    Mono<ResponseEntity<Changed>> register(@Valid @RequestBody RegisterRequest request,
                                           IdempotencyKey key,
                                           @AuthenticationPrincipal Caller caller) {
        OrganisationId id = OrganisationId.of(request.organisationId());
        return commands.send(caller, key, "POST /api/organisations", request,
                             requestId -> new RegisterOrganisation(id, request.name().strip(), request.nameEn(),
                                                                   request.type(), request.sector(), request.label()))
                       .map(sent -> ResponseEntity.created(URI.create("/api/organisations/" + id))
                                                  .body(new Changed(id.value(), sent.position())));
    }

    @Operation(summary = "Rename an organisation", description = """
            Changes an organisation's Japanese and English names; entries already on timelines keep the name
            they were recorded with.""")
    @PutMapping("/{organisationId}/name")
    Mono<Changed> rename(@PathVariable OrganisationId organisationId, @Valid @RequestBody RenameRequest request,
                         IdempotencyKey key,
                         @AuthenticationPrincipal Caller caller) {
        return send(caller, key, "PUT name " + organisationId, request,
                    new RenameOrganisation(organisationId, request.name().strip(), request.nameEn()), organisationId);
    }

    @Operation(summary = "Retire an organisation", description = """
            Takes an organisation out of the directory's active list; it can no longer be invited, and its
            history stays.""")
    @PostMapping("/{organisationId}/retire")
    Mono<Changed> retire(@PathVariable OrganisationId organisationId, @Valid @RequestBody RetireRequest request,
                         IdempotencyKey key,
                         @AuthenticationPrincipal Caller caller) {
        return send(caller, key, "POST retire " + organisationId, request,
                    new RetireOrganisation(organisationId, request.reason()), organisationId);
    }

    @Operation(summary = "Relate two organisations (連絡体制)", description = """
            Adds a relation: `MEMBER_OF` (a company in its industrial park or chamber) or `REPORTS_TO` (an
            edge of the reporting chain, e.g. 商工会 → 県連, 市町村 → 県). Sharing to `PARENT` and escalation follow
            these edges.""")
    @PostMapping("/{organisationId}/relations")
    Mono<Changed> relate(@PathVariable OrganisationId organisationId, @Valid @RequestBody RelationRequest request,
                         IdempotencyKey key,
                         @AuthenticationPrincipal Caller caller) {
        OrganisationId target = OrganisationId.of(request.target());
        return known.requireActive(List.of(target), "target")
                    .then(send(caller, key, "POST relation " + organisationId,
                               request, new AddRelation(organisationId, request.type(), target), organisationId));
    }

    @Schema(example = """
            {"registeredBusinesses": 120, "municipality": "fukuchiyama-city", "scaleRules": "tsuyama-004"}""")
    record DistrictRequest(@jakarta.validation.constraints.NotNull @jakarta.validation.constraints.PositiveOrZero
                           @jakarta.validation.constraints.Max(10_000_000) Integer registeredBusinesses,
                           @NotNull @Pattern(regexp = ID) String municipality,
                           @NotBlank @Size(max = 60) String scaleRules,
                           @Size(max = 128) String commandId) implements Retriable {
    }

    @Operation(summary = "Define a district (管轄地区)", description = """
            Defines or updates a district of a chamber or park: its registered businesses, the municipality it
            lies in, and the damage-scale rules (被害規模の目安) its surveys are judged by.""")
    @PutMapping("/{organisationId}/districts/{district}")
    Mono<Changed> district(@PathVariable OrganisationId organisationId, @PathVariable String district,
                           @Valid @RequestBody DistrictRequest request,
                           IdempotencyKey key,
                           @AuthenticationPrincipal Caller caller) {
        if (district.isBlank() || district.length() > 100) {
            return Mono.error(RuleViolation.invalid("district", "size",
                                                                     "a district name has 1 to 100 characters"));
        }
        if (!scaleRules.exists(request.scaleRules())) {
            return Mono.error(RuleViolation.invalid(
                    "scaleRules", "known-rules", "no damage-scale rules '" + request.scaleRules() + "'; known: "
                            + scaleRules.ids()));
        }
        OrganisationId municipality = OrganisationId.of(request.municipality());
        return known.requireActive(List.of(municipality), "municipality")
                    .then(send(caller, key, "PUT district " + organisationId, request,
                               new DefineDistrict(organisationId, district.strip(), request.registeredBusinesses(),
                                                  municipality, request.scaleRules()), organisationId));
    }

    @Schema(example = """
            {"counterpart": "fukuchiyama-city", "topic": "DAMAGE_PICTURE", "direction": "MUTUAL",
            "cadence": "tsuyama-004", "district": "長田野地区"}""")
    record AgreementRequest(@Pattern(regexp = ID) String counterpart, @NotNull ExchangeTopic topic,
                            @NotNull SharingDirection direction, @NotBlank @Size(max = 60) String cadence,
                            @Size(max = 100) String district, @Size(max = 128) String commandId) implements Retriable {
    }

    @Operation(summary = "Agree on information sharing (情報共有の取り決め)", description = """
            Defines or changes an agreement of this organisation: what it shares (topic), with whom, in which
            direction and on which cadence (e.g. plan 004's 10:00 and 15:00 slots). Without a counterpart it
            shares with each organisation it reports to (its reporting-chain parents). Compliance with the
            cadence is shown on the exchange matrix.""")
    @PutMapping("/{organisationId}/agreements/{agreementId}")
    Mono<Changed> agree(@PathVariable OrganisationId organisationId, @PathVariable String agreementId,
                        @Valid @RequestBody AgreementRequest request,
                        IdempotencyKey key,
                        @AuthenticationPrincipal Caller caller) {
        if (!agreementId.matches(ID)) {
            return Mono.error(RuleViolation.invalid("agreementId", "pattern", "an agreement id matches " + ID));
        }
        if (!cadences.exists(request.cadence())) {
            return Mono.error(RuleViolation.invalid("cadence", "known-cadence", "no sharing cadence '"
                    + request.cadence() + "'; known: " + cadences.ids()));
        }
        OrganisationId counterpart = request.counterpart() == null ? null : OrganisationId.of(request.counterpart());
        Mono<Void> checked = counterpart == null ? Mono.empty()
                : known.requireActive(List.of(counterpart), "counterpart");
        return checked.then(send(caller, key, "PUT agreement " + organisationId,
                                 request, new AgreeSharing(organisationId, agreementId, counterpart, request.topic(),
                                                           request.direction(), request.cadence(), request.district()),
                                 organisationId));
    }

    @Operation(summary = "End an agreement", description = """
            Ends an information-sharing agreement; slots stop falling due from now.""")
    @DeleteMapping("/{organisationId}/agreements/{agreementId}")
    Mono<Changed> endAgreement(@PathVariable OrganisationId organisationId, @PathVariable String agreementId,
                               IdempotencyKey key, @AuthenticationPrincipal Caller caller) {
        return send(caller, key, "DELETE agreement " + organisationId + " " + agreementId, null,
                    new EndSharingAgreement(organisationId, agreementId, "ended by " + caller.organisationId()),
                    organisationId);
    }

    @Operation(summary = "Remove a relation", description = """
            Removes a `MEMBER_OF` or `REPORTS_TO` relation between two organisations.""")
    @DeleteMapping("/{organisationId}/relations/{type}/{target}")
    Mono<Changed> unrelate(@PathVariable OrganisationId organisationId, @PathVariable RelationType type,
                           @PathVariable OrganisationId target, IdempotencyKey key,
                           @AuthenticationPrincipal Caller caller) {
        return send(caller, key, "DELETE relation " + organisationId + " " + type + " " + target, null,
                    new RemoveRelation(organisationId, type, target),
                    organisationId);
    }

    private Mono<Changed> send(Caller caller, IdempotencyKey key, String route, Object request, Object command,
                               OrganisationId organisation) {
        return commands.send(caller, key, route, request, requestId -> command)
                       .map(sent -> new Changed(organisation.value(), sent.position()));
    }
}
