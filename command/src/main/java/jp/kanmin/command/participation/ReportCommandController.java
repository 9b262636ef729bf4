package jp.kanmin.command.participation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
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
import jp.kanmin.shared.participation.ParticipationCommands.ConfirmReport;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.participation.PostReport;
import jp.kanmin.shared.participation.PostReports;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.report.Area;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Status reports (報告) posted by a participating organisation, always as itself. */
@Tag(name = "Reports")
@RestController
@RequestMapping("/api/incidents/{incidentId}/reports")
class ReportCommandController {

    /** Phones' clocks run a little fast or slow; more than this ahead is a mistake, not skew. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final CommandSender commands;
    private final KnownOrganisations known;
    private final Clock clock;

    private final IncidentRosters rosters;

    ReportCommandController(CommandSender commands, KnownOrganisations known, IncidentRosters rosters, Clock clock) {
        this.commands = commands;
        this.known = known;
        this.rosters = rosters;
        this.clock = clock;
    }

    record ReportAccepted(String reportId, String incidentId, String organisationId, String type, long position) {
    }

    @Operation(summary = "Post a status report (報告)", description = """
            An organisation reports as itself: 安否確認 (staff safety), 自拠点の被害 (site damage), 周辺の被害状況
            (surroundings), インフラ停止 / 復旧見込み / 復旧 (outage, restoration ETA, restored), 避難所 (shelter), 相談窓口
            (consultation desk), 事業の復旧 (business recovery), サプライチェーン, or 被害調査 (a business's damage survey).
            `type` names the kind; every kind also takes `note`, `observedAt` (now if omitted; not in the
            future), `unconfirmed` (未確認), `supersedes` (the report it corrects) and `area`. A report of the
            kind a task asks for completes that task. A retry with the same Idempotency-Key is applied once
            and answers the same.""")
    @PostMapping
    Mono<ResponseEntity<ReportAccepted>> post(@PathVariable IncidentId incidentId,
                                              @Valid @RequestBody ReportRequest request,
                                              IdempotencyKey key,
                                              @AuthenticationPrincipal Caller caller) {
        ReportFacts facts;
        try {
            facts = factsOf(request);
        } catch (RuleViolation refusal) {
            return Mono.error(refusal);
        }
        ReportContent content = request.content();
        ParticipationId participation = new ParticipationId(incidentId, caller.organisationId());
        return placed(incidentId, caller, List.of(content), List.of(facts), false)
                .flatMap(placed -> commands.send(caller, key, "POST /api/incidents/" + incidentId + "/reports",
                                                 request, requestId -> new PostReport(
                                participation, ReportId.derivedFrom(requestId), content, placed.getFirst())))
                .map(sent -> ResponseEntity
                        .created(URI.create("/api/incidents/" + incidentId + "/timeline/" + sent.position()))
                        .body(new ReportAccepted(ReportId.derivedFrom(sent.requestId()).value(), incidentId.value(),
                                                 caller.organisationId().value(), content.reportType().name(),
                                                 sent.position())));
    }

    /** Reports the client posts in one go: accepted all together or refused all together. */
    @Schema(example = """
            {"reports": [{"type": "DAMAGE_SURVEY", "businessId": "b-010", "businessName": "長田野精工",
            "grade": "HALF_COLLAPSE", "estimate": "ROUGH", "area": {"name": "長田野地区"},
            "items": [{"category": "BUILDING", "amountYen": 12000000, "basis": "REPLACEMENT"}]},
            {"type": "DAMAGE_SURVEY", "businessId": "b-011", "grade": "NONE", "estimate": "ROUGH",
            "unreachable": true, "area": {"name": "長田野地区"}}]}""")
    record BatchRequest(@NotEmpty @Size(max = MAX_BATCH) List<@NotNull @Valid ReportRequest> reports,
                        @Size(max = 128) String commandId) implements Retriable {
    }

    record BatchAccepted(String incidentId, String organisationId, List<String> reportIds, Long position) {
    }

    static final int MAX_BATCH = 200;

    @Operation(summary = "Post reports in one go (一括報告)", description = """
            A survey sheet of many businesses, or what a phone queued offline: accepted all together or
            refused all together (an error names `reports[i]`). Each report is numbered as if posted alone; a
            retried batch is recognised by its key as a whole.""")
    @PostMapping("/batch")
    Mono<ResponseEntity<BatchAccepted>> postBatch(@PathVariable IncidentId incidentId,
                                                  @Valid @RequestBody BatchRequest request,
                                                  IdempotencyKey key,
                                                  @AuthenticationPrincipal Caller caller) {
        List<ReportFacts> facts = new ArrayList<>();
        for (int i = 0; i < request.reports().size(); i++) {
            try {
                facts.add(factsOf(request.reports().get(i)));
            } catch (RuleViolation refusal) {
                return Mono.error(refusal.within("reports[" + i + "]"));
            }
        }
        List<ReportContent> contents = request.reports().stream().map(ReportRequest::content).toList();
        ParticipationId participation = new ParticipationId(incidentId, caller.organisationId());
        return placed(incidentId, caller, contents, facts, true)
                .flatMap(placed -> commands.send(caller, key, "POST /api/incidents/" + incidentId + "/reports/batch",
                                                 request, requestId -> new PostReports(
                                participation, reports(requestId, contents, placed))))
                .map(sent -> ResponseEntity
                        .created(URI.create("/api/incidents/" + incidentId + "/timeline?after="
                                                    + (sent.position() == null ? 0 : sent.position() - 1)))
                        .body(new BatchAccepted(incidentId.value(), caller.organisationId().value(),
                                                reports(sent.requestId(), contents, facts).stream()
                                                        .map(r -> r.reportId().value()).toList(),
                                                sent.position())));
    }

    private static List<PostReports.Report> reports(String requestId, List<ReportContent> contents,
                                                    List<ReportFacts> facts) {
        List<PostReports.Report> reports = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            reports.add(new PostReports.Report(ReportId.derivedFrom(requestId + "#" + i), contents.get(i),
                                               facts.get(i)));
        }
        return reports;
    }

    private ReportFacts factsOf(ReportRequest request) {
        Instant now = clock.instant();
        ReportFacts facts = request.facts(now);
        if (facts.observedAt().isAfter(now.plus(CLOCK_SKEW))) {
            throw RuleViolation.invalid("observedAt", "not-in-future", "observedAt must not lie in the future");
        }
        return facts;
    }

    /**
     * Each report's area placed in a district (管轄地区) by owner and name: the reporter's own district of that name,
     * or the one {@code districtOf} names, which must belong to an organisation taking part in the incident. Any other
     * area stays a place name. A business surveyed must lie in one of the surveyor's own districts.
     */
    private Mono<List<ReportFacts>> placed(IncidentId incident, Caller caller, List<ReportContent> contents,
                                          List<ReportFacts> facts, boolean batch) {
        if (facts.stream().allMatch(f -> f.area() == null)) {
            return Mono.just(facts);
        }
        return Mono.zip(known.entry(caller.organisationId()), rosters.of(incident)).flatMap(found -> {
            Set<String> own = found.getT1().districts().keySet();
            List<ReportFacts> placed = new ArrayList<>();
            for (int i = 0; i < facts.size(); i++) {
                try {
                    placed.add(place(caller.organisationId(), own, found.getT2(), contents.get(i), facts.get(i)));
                } catch (RuleViolation refusal) {
                    return Mono.error(batch ? refusal.within("reports[" + i + "]") : refusal);
                }
            }
            return Mono.just(placed);
        });
    }

    private ReportFacts place(OrganisationId reporter, Set<String> own, IncidentRoster roster, ReportContent content,
                              ReportFacts facts) {
        Area area = facts.area();
        if (area == null) {
            if (content instanceof ReportContent.BusinessDamage) {
                throw RuleViolation.invalid("area.name", "within-district",
                                            "a surveyed business lies in one of your districts " + own);
            }
            return facts;
        }
        OrganisationId owner = area.districtOf();
        if (content instanceof ReportContent.BusinessDamage
                && ((owner != null && !owner.equals(reporter)) || !own.contains(area.name()))) {
            throw RuleViolation.invalid("area.name", "within-district",
                                        "'" + area.name() + "' is not one of your districts " + own);
        }
        if (owner == null) {
            return own.contains(area.name()) ? facts.withArea(area.inDistrictOf(reporter)) : facts;
        }
        if (!roster.parties().contains(owner)
                || !known.current(owner).districts().containsKey(area.name())) {
            throw RuleViolation.invalid("area.districtOf", "district-in-incident",
                                        "no organisation '" + owner + "' with a district '" + area.name()
                                                + "' takes part in this incident");
        }
        return facts;
    }

    @Schema(example = """
            {"note": "現地で確認済み"}""")
    record ConfirmRequest(@Size(max = 2000) String note, @Size(max = 128) String commandId) implements Retriable {
    }

    record Confirmed(String reportId, Long position) {
    }

    @Operation(summary = "Confirm a report (確認)", description = """
            A report posted as unconfirmed (未確認) is now confirmed.""")
    @PostMapping("/{reportId}/confirm")
    Mono<Confirmed> confirm(@PathVariable IncidentId incidentId, @PathVariable ReportId reportId,
                            @Valid @RequestBody ConfirmRequest request,
                            IdempotencyKey key,
                            @AuthenticationPrincipal Caller caller) {
        ParticipationId participation = new ParticipationId(incidentId, caller.organisationId());
        return commands.send(caller, key, "confirm " + reportId, request,
                             requestId -> new ConfirmReport(participation, reportId, request.note()))
                       .map(sent -> new Confirmed(reportId.value(), sent.position()));
    }
}
