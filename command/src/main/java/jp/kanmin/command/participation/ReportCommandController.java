package jp.kanmin.command.participation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jp.kanmin.command.organisation.KnownOrganisations;
import jp.kanmin.command.support.CommandSender;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.participation.ParticipationCommands.ConfirmReport;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.participation.PostReport;
import jp.kanmin.shared.participation.PostReports;
import jp.kanmin.shared.participation.ReportId;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
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
import java.util.ArrayList;
import java.util.List;

/** Status reports (報告) posted by a participating organisation, always as itself. */
@RestController
@RequestMapping("/api/incidents/{incidentId}/reports")
class ReportCommandController {

    /** Phones' clocks run a little fast or slow; more than this ahead is a mistake, not skew. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final CommandSender commands;
    private final KnownOrganisations known;
    private final Clock clock;

    ReportCommandController(CommandSender commands, KnownOrganisations known, Clock clock) {
        this.commands = commands;
        this.known = known;
        this.clock = clock;
    }

    record ReportAccepted(String reportId, String incidentId, String organisationId, String type, long position) {
    }

    @PostMapping
    Mono<ResponseEntity<ReportAccepted>> post(@PathVariable IncidentId incidentId,
                                              @Valid @RequestBody ReportRequest request,
                                              @RequestHeader(name = "Idempotency-Key", required = false)
                                              String idempotencyKey,
                                              @AuthenticationPrincipal Caller caller) {
        ReportFacts facts;
        try {
            facts = factsOf(request);
        } catch (RuleViolation refusal) {
            return Mono.error(refusal);
        }
        ReportContent content = request.content();
        ParticipationId participation = new ParticipationId(incidentId, caller.organisationId());
        String key = idempotencyKey != null ? idempotencyKey : request.commandId();
        return withinDistrict(caller, List.of(content), List.of(facts), false)
                .then(commands.send(caller, key, "POST /api/incidents/" + incidentId + "/reports", request,
                                    requestId -> new PostReport(participation, ReportId.derivedFrom(requestId),
                                                                content, facts)))
                .map(sent -> ResponseEntity
                        .created(URI.create("/api/incidents/" + incidentId + "/timeline/" + sent.position()))
                        .body(new ReportAccepted(ReportId.derivedFrom(sent.requestId()).value(), incidentId.value(),
                                                 caller.organisationId().value(), content.reportType().name(),
                                                 sent.position())));
    }

    /** Reports the client posts in one go: accepted all together or refused all together. */
    record BatchRequest(@NotEmpty @Size(max = MAX_BATCH) List<@NotNull @Valid ReportRequest> reports,
                        @Size(max = 128) String commandId) {
    }

    record BatchAccepted(String incidentId, String organisationId, List<String> reportIds, Long position) {
    }

    static final int MAX_BATCH = 200;

    /**
     * 一括報告: a survey sheet of many businesses, or what a phone queued offline. Each report is numbered as if posted
     * alone; a retried batch is recognised by its key as a whole.
     */
    @PostMapping("/batch")
    Mono<ResponseEntity<BatchAccepted>> postBatch(@PathVariable IncidentId incidentId,
                                                  @Valid @RequestBody BatchRequest request,
                                                  @RequestHeader(name = "Idempotency-Key", required = false)
                                                  String idempotencyKey,
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
        String key = idempotencyKey != null ? idempotencyKey : request.commandId();
        return withinDistrict(caller, contents, facts, true)
                .then(commands.send(caller, key, "POST /api/incidents/" + incidentId + "/reports/batch", request,
                                    requestId -> new PostReports(participation, reports(requestId, contents, facts))))
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

    /** A business surveyed must lie in one of the surveying organisation's districts (管轄地区). */
    private Mono<Void> withinDistrict(Caller caller, List<ReportContent> contents, List<ReportFacts> facts,
                                      boolean batch) {
        if (contents.stream().noneMatch(ReportContent.BusinessDamage.class::isInstance)) {
            return Mono.empty();
        }
        return known.districtsOf(caller.organisationId()).flatMap(districts -> {
            for (int i = 0; i < contents.size(); i++) {
                String area = facts.get(i).area() == null ? null : facts.get(i).area().name();
                if (contents.get(i) instanceof ReportContent.BusinessDamage && !districts.contains(area)) {
                    RuleViolation refusal = RuleViolation.invalid(
                            "area.name", "within-district", "'" + area + "' is not one of your districts " + districts);
                    return Mono.error(batch ? refusal.within("reports[" + i + "]") : refusal);
                }
            }
            return Mono.empty();
        });
    }

    record ConfirmRequest(@Size(max = 2000) String note, @Size(max = 128) String commandId) {
    }

    record Confirmed(String reportId, Long position) {
    }

    /** 確認: a report posted as unconfirmed (未確認) is now confirmed. */
    @PostMapping("/{reportId}/confirm")
    Mono<Confirmed> confirm(@PathVariable IncidentId incidentId, @PathVariable ReportId reportId,
                            @Valid @RequestBody ConfirmRequest request,
                            @RequestHeader(name = "Idempotency-Key", required = false) String key,
                            @AuthenticationPrincipal Caller caller) {
        ParticipationId participation = new ParticipationId(incidentId, caller.organisationId());
        return commands.send(caller, key != null ? key : request.commandId(), "confirm " + reportId, request,
                             requestId -> new ConfirmReport(participation, reportId, request.note()))
                       .map(sent -> new Confirmed(reportId.value(), sent.position()));
    }
}
