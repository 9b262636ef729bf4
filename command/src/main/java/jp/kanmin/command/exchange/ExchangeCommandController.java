package jp.kanmin.command.exchange;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jp.kanmin.command.roster.IncidentRosters;
import jp.kanmin.command.organisation.DirectoryEntry;
import jp.kanmin.command.organisation.KnownOrganisations;
import jp.kanmin.command.support.CommandSender;
import jp.kanmin.command.support.IdempotencyKey;
import jp.kanmin.command.support.Retriable;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationCommands.AcknowledgeInformation;
import jp.kanmin.shared.participation.ParticipationCommands.ShareInformation;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.sharing.ExchangeTopic;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** 情報共有: an organisation tells others in the incident something, acknowledges what it was told, passes it on. */
@Tag(name = "Information exchange")
@RestController
@RequestMapping("/api/incidents/{incidentId}/exchanges")
class ExchangeCommandController {

    static final String ID = "[a-z0-9][a-z0-9-]{1,62}";
    static final String PARENT = "PARENT";

    private final CommandSender commands;
    private final IncidentRosters rosters;
    private final KnownOrganisations directory;

    ExchangeCommandController(CommandSender commands, IncidentRosters rosters, KnownOrganisations directory) {
        this.commands = commands;
        this.rosters = rosters;
        this.directory = directory;
    }

    /**
     * @param to      the recipients by id; or
     * @param toChain PARENT: every organisation the caller reports to that takes part
     */
    @Schema(example = """
            {"to": ["fukuchiyama-city"], "topic": "DAMAGE_PICTURE", "text": "長田野地区 被害状況 第2報: 調査 12社、半壊 1、停電 3",
            "reports": []}""")
    record ShareRequest(@Size(max = 50) List<@NotNull @Pattern(regexp = ID) String> to,
                        @Pattern(regexp = PARENT) String toChain, ExchangeTopic topic,
                        @Size(max = 4000) String text,
                        @Size(max = 50) List<@NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}") String> reports,
                        @Size(max = 128) String commandId) implements Retriable {
    }

    record Shared(String exchangeId, List<String> recipients, Long position) {
    }

    @Schema(example = """
            {"note": "受領しました"}""")
    record AcknowledgeRequest(@Size(max = 2000) String note, @Size(max = 128) String commandId) implements Retriable {
    }

    record Acknowledged(String exchangeId, Long position) {
    }

    @Operation(summary = "Share information (情報共有)", description = """
            Tells named participants (`to`) or the caller's reporting-chain parents (`toChain: PARENT`)
            something on a topic (被害状況, 安否, インフラ, 支援ニーズ, 支援施策, …), optionally citing reports. Sharing on an
            agreed topic fills that agreement's slot; the same request always yields the same exchange id, so
            a retried post is recognised.""")
    @PostMapping
    Mono<ResponseEntity<Shared>> share(@PathVariable IncidentId incidentId, @Valid @RequestBody ShareRequest request,
                                       IdempotencyKey key,
                                       @AuthenticationPrincipal Caller caller) {
        if (request.topic() == null) {
            return Mono.error(RuleViolation.invalid("topic", "required", "say what the information is about"));
        }
        return send(incidentId, request, null, key, caller);
    }

    @Operation(summary = "Forward what was shared (転送)", description = """
            Passes on what the caller received, keeping the link to it and to where it started.""")
    @PostMapping("/{exchangeId}/forward")
    Mono<ResponseEntity<Shared>> forward(@PathVariable IncidentId incidentId, @PathVariable String exchangeId,
                                         @Valid @RequestBody ShareRequest request,
                                         IdempotencyKey key,
                                         @AuthenticationPrincipal Caller caller) {
        return send(incidentId, request, exchangeId, key, caller);
    }

    @Operation(summary = "Acknowledge what was shared (受領確認)", description = """
            A recipient acknowledges an exchange; compliance counts how soon.""")
    @PostMapping("/{exchangeId}/acknowledge")
    Mono<Acknowledged> acknowledge(@PathVariable IncidentId incidentId, @PathVariable String exchangeId,
                                   @Valid @RequestBody AcknowledgeRequest request,
                                   IdempotencyKey key,
                                   @AuthenticationPrincipal Caller caller) {
        ParticipationId participation = new ParticipationId(incidentId, caller.organisationId());
        return commands.send(caller, key, "acknowledge " + exchangeId, request,
                             requestId -> new AcknowledgeInformation(participation, exchangeId, request.note()))
                       .map(sent -> new Acknowledged(exchangeId, sent.position()));
    }

    private Mono<ResponseEntity<Shared>> send(IncidentId incidentId, ShareRequest request, String forwardOf,
                                              IdempotencyKey key, Caller caller) {
        ParticipationId participation = new ParticipationId(incidentId, caller.organisationId());
        return recipients(incidentId, request, caller).flatMap(recipients -> commands
                .send(caller, key,
                      "POST /api/incidents/" + incidentId + "/exchanges/" + forwardOf, request,
                      requestId -> new ShareInformation(participation, exchangeIdOf(requestId), recipients,
                                                        request.toChain(), request.topic(), request.text(),
                                                        request.reports() == null ? List.of()
                                                                : request.reports().stream().map(ReportId::of).toList(),
                                                        forwardOf))
                .map(sent -> ResponseEntity
                        .created(URI.create("/api/incidents/" + incidentId + "/timeline/" + sent.position()))
                        .body(new Shared(exchangeIdOf(sent.requestId()),
                                         recipients.stream().map(OrganisationId::value).toList(), sent.position()))));
    }

    /** The same request always yields the same exchange id, so a retried post is recognised. */
    static String exchangeIdOf(String requestId) {
        return UUID.nameUUIDFromBytes(("exchange:" + requestId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Named recipients must take part in the incident; PARENT means those the caller reports to that do. */
    private Mono<List<OrganisationId>> recipients(IncidentId incidentId, ShareRequest request, Caller caller) {
        boolean named = request.to() != null && !request.to().isEmpty();
        if (named == (request.toChain() != null)) {
            return Mono.error(RuleViolation.invalid("to", "recipients", "name the recipients in 'to', or set "
                    + "'toChain' to PARENT for the organisations you report to; not both"));
        }
        return rosters.takenPartInBy(incidentId, caller).flatMap(roster -> {
            Set<OrganisationId> parties = roster.parties();
            if (!named) {
                return directory.entry(caller.organisationId()).map(DirectoryEntry::parents).flatMap(parents -> {
                    List<OrganisationId> taking = parents.stream().filter(parties::contains).toList();
                    return taking.isEmpty() ? Mono.error(RuleViolation.invalid(
                            "toChain", "parent-takes-part", "none of the organisations you report to " + parents
                                    + " takes part in this incident")) : Mono.just(taking);
                });
            }
            Set<OrganisationId> recipients = new LinkedHashSet<>();
            for (int i = 0; i < request.to().size(); i++) {
                OrganisationId recipient = OrganisationId.of(request.to().get(i));
                if (!parties.contains(recipient)) {
                    return Mono.error(RuleViolation.invalid("to[" + i + "]", "takes-part", "'" + recipient
                            + "' does not take part in this incident"));
                }
                recipients.add(recipient);
            }
            return Mono.just(new ArrayList<>(recipients));
        });
    }
}
