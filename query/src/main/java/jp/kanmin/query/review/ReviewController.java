package jp.kanmin.query.review;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.query.damage.DamageCsv;
import jp.kanmin.query.incident.IncidentAccess;
import jp.kanmin.query.review.IncidentReview.Finding;
import jp.kanmin.query.review.IncidentReview.OrganisationReview;
import jp.kanmin.query.review.IncidentReview.Review;
import jp.kanmin.query.review.IncidentReview.TaskResult;
import jp.kanmin.query.timeline.TimelineEntry;
import jp.kanmin.query.timeline.TimelineEvents;
import jp.kanmin.query.timeline.TimelineRepository;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * 振り返り report of an incident as of an instant (default: now), for everyone who took part: JSON, CSV for a
 * spreadsheet, and a page to print for the review meeting.
 */
@ReadsFrom({ReadsFrom.INCIDENTS, ReadsFrom.TIMELINE})
@Tag(name = "Review and replay")
@RestController
@RequestMapping("/api/incidents/{incidentId}")
class ReviewController {

    /**
     * What the system records by itself (deadlines passing, plans activating) and injects, which speak for the
     * scenario: neither says that the organisation named as actor acted.
     */
    private static final java.util.Set<String> SYSTEM_RECORDED = java.util.Set.of(
            "TaskActivated", "TaskOverdue", "ExchangeScheduled", "ExchangeDue", "ExchangeMissed", "DamageScaleApplied",
            "ParticipationStarted", "ParticipationClosed", "ParticipationReopened");

    private final TimelineRepository timeline;
    private final TimelineEvents events;
    private final IncidentAccess access;
    private final Clock clock;

    ReviewController(TimelineRepository timeline, TimelineEvents events, IncidentAccess access, Clock clock) {
        this.timeline = timeline;
        this.events = events;
        this.access = access;
        this.clock = clock;
    }

    @Operation(summary = "Read the review (振り返り)", description = """
            What each organisation did and when, against the plan: tasks on time, late or missed, exchanges
            and their acknowledgements, silent periods; as of an instant (default now).""")
    @GetMapping("/review")
    Mono<Review> review(@PathVariable IncidentId incidentId, @RequestParam(required = false) Instant asOf,
                        @AuthenticationPrincipal Caller caller) {
        return access.readable(incidentId, caller).then(reviewOf(incidentId.value(), asOf));
    }

    @Operation(summary = "Download the review as CSV", description = """
            The review's rows for a spreadsheet.""")
    @GetMapping("/review.csv")
    Mono<ResponseEntity<byte[]>> csv(@PathVariable IncidentId incidentId, @RequestParam(required = false) Instant asOf,
                                     @AuthenticationPrincipal Caller caller) {
        return review(incidentId, asOf, caller).map(review -> {
            String csv = "\uFEFF" + IncidentReview.csvRows(review).stream()
                    .map(row -> row.stream().map(DamageCsv::cell).collect(Collectors.joining(",")))
                    .collect(Collectors.joining("\r\n", "", "\r\n"));
            return download(csv, "text/csv;charset=UTF-8", "review-" + incidentId + ".csv");
        });
    }

    @Operation(summary = "Print the review", description = """
            The review as a page to print for the review meeting (振り返り会議).""")
    @GetMapping(value = "/review.html", produces = MediaType.TEXT_HTML_VALUE)
    Mono<String> html(@PathVariable IncidentId incidentId, @RequestParam(required = false) Instant asOf,
                      @AuthenticationPrincipal Caller caller) {
        return review(incidentId, asOf, caller).map(ReviewController::page);
    }

    private Mono<Review> reviewOf(String incident, Instant asOf) {
        Instant at = asOf != null ? asOf : clock.instant();
        return timeline.entriesUpTo(incident, at).collectList().map(entries -> {
            IncidentReview review = new IncidentReview(incident);
            for (TimelineEntry entry : entries) {
                events.eventOf(entry).ifPresent(recorded -> review.apply(recorded.event(), recorded.recordedAt()));
                if (entry.actor() != null && !"exercise".equals(entry.category())
                    && !SYSTEM_RECORDED.contains(entry.type())) {
                    review.heardFrom(entry.actor(), entry.recordedAt());
                }
            }
            return review.at(at);
        });
    }

    private static ResponseEntity<byte[]> download(String body, String type, String filename) {
        return ResponseEntity.ok()
                             .header(HttpHeaders.CONTENT_TYPE, type)
                             .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                     .filename(filename, StandardCharsets.UTF_8).build().toString())
                             .body(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String page(Review review) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="ja"><head><meta charset="utf-8"><title>振り返り</title>
                <style>
                body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
                td,th{border:1px solid #999;padding:.3em .6em;text-align:left}th{background:#eee}
                .HIGH{color:#b00;font-weight:bold}.MEDIUM{color:#a60}@media print{body{margin:0}}
                </style></head><body>
                """);
        if (review.exercise()) {
            html.append("<p style=\"border:3px solid #b00;padding:.5em;font-weight:bold;color:#b00\">訓練 EXERCISE")
                .append(review.scenario() == null ? "" : " — シナリオ " + e(review.scenario()))
                .append("（実際の災害の記録ではありません）</p>");
        }
        html.append("<h1>").append(review.exercise() ? "訓練の振り返り" : "振り返り").append("</h1><p>インシデント ").append(e(review.incidentId())).append(" ／ 発災 ")
            .append(e(review.zeroHour())).append(" ／ 時点 ").append(e(review.asOf())).append("</p>");
        html.append("<h2>指摘事項</h2><table><tr><th>重要度</th><th>分類</th><th>組織</th><th>内容</th></tr>");
        for (Finding finding : review.findings()) {
            html.append("<tr><td class=\"").append(finding.severity()).append("\">").append(label(finding))
                .append("</td><td>").append(e(finding.category())).append("</td><td>")
                .append(e(finding.organisationId())).append("</td><td>").append(e(finding.messageJa()))
                .append("</td></tr>");
        }
        html.append("</table><h2>組織別</h2><table><tr><th>組織</th><th>種別</th><th>期限内</th><th>遅延</th>"
                    + "<th>未完了(期限超過)</th><th>未到来</th><th>安否第1報</th></tr>");
        for (OrganisationReview organisation : review.organisations()) {
            html.append("<tr><td>").append(e(organisation.organisationId())).append("</td><td>")
                .append(e(organisation.organisationType())).append("</td><td>").append(organisation.onTime())
                .append("</td><td>").append(organisation.late()).append("</td><td>").append(organisation.missed())
                .append("</td><td>").append(organisation.pending()).append("</td><td>")
                .append(e(IncidentReview.Japanese.duration(organisation.firstStaffSafetyAfter()))).append("</td></tr>");
        }
        html.append("</table><h2>計画と実績</h2><table><tr><th>組織</th><th>タスク</th><th>計画</th><th>実績</th>"
                    + "<th>結果</th></tr>");
        for (OrganisationReview organisation : review.organisations()) {
            for (TaskResult task : organisation.tasks()) {
                html.append("<tr><td>").append(e(organisation.organisationId())).append("</td><td>")
                    .append(e(task.titleJa())).append("</td><td>")
                    .append(e(IncidentReview.Japanese.offset(task.plannedOffset()))).append("</td><td>")
                    .append(e(IncidentReview.Japanese.offset(task.actualOffset())))
                    .append("</td><td>").append(e(task.state())).append("</td></tr>");
            }
        }
        if (!review.injects().isEmpty()) {
            html.append("</table><h2>状況付与への対応</h2><table><tr><th>#</th><th>時刻</th><th>組織</th>"
                        + "<th>内容</th><th>最初の対応まで</th></tr>");
            for (IncidentReview.InjectResponse inject : review.injects()) {
                html.append("<tr><td>").append(inject.number()).append("</td><td>")
                    .append(e(IncidentReview.Japanese.offset(inject.offset()))).append("</td><td>")
                    .append(e(inject.organisationId())).append("</td><td>").append(e(inject.text()))
                    .append("</td><td>").append(e(IncidentReview.Japanese.duration(inject.firstActionAfter())))
                    .append("</td></tr>");
            }
        }
        return html.append("</table></body></html>").toString();
    }

    private static String label(Finding finding) {
        return switch (finding.severity()) {
            case HIGH -> "高";
            case MEDIUM -> "中";
            case LOW -> "低";
        };
    }

    private static String e(Object value) {
        return HtmlUtils.htmlEscape(Objects.toString(value, "—"));
    }
}
