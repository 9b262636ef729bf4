package jp.kanmin.query.review;

import jp.kanmin.query.exchange.ExchangeBook;
import jp.kanmin.query.exchange.SupportBook;
import jp.kanmin.query.report.ReportBook;
import jp.kanmin.query.task.TaskBook;
import jp.kanmin.query.task.TaskView;
import jp.kanmin.query.timeline.TimelineEvents;
import jp.kanmin.shared.incident.IncidentEvent;
import jp.kanmin.shared.incident.IncidentMode;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * 振り返り: what an incident (or an exercise) shows when looked back on at an instant. The books it reads are the same
 * folds the live read models use, so the review never disagrees with what the HQ saw; what it adds is the judgement:
 * what was late, missed or left unanswered, and by how much, said in plain sentences ordered by severity.
 */
public final class IncidentReview implements TimelineEvents.Fold {

    /** The plans expect every organisation's staff-safety report within two hours of zero hour (安否確認 2時間以内). */
    static final Duration STAFF_SAFETY_WITHIN = Duration.ofHours(2);
    /** An organisation not heard from for this long may itself be hit (連絡途絶). */
    static final Duration SILENCE = Duration.ofHours(6);
    /** An exercise expects the organisation told an inject to act on it (report, share, work a task) within this. */
    static final Duration INJECT_ANSWER_WITHIN = Duration.ofHours(1);

    public enum Severity { HIGH, MEDIUM, LOW }

    /** One thing the review found, in the words a 振り返り会合 would use. */
    public record Finding(Severity severity, String category, String organisationId, String messageJa) {
    }

    public record TaskResult(String taskId, int tier, String titleJa, String state, Duration plannedOffset,
                             Instant dueAt, Instant completedAt, Duration actualOffset, Duration lateBy,
                             String fulfilledBy) {
    }

    public record Silence(Instant from, Instant to, Duration length) {
    }

    public record OrganisationReview(String organisationId, String organisationType, int onTime, int late,
                                     int missed, int pending, int waived, Duration firstStaffSafetyAfter,
                                     List<Silence> silences, List<TaskResult> tasks) {
    }

    public record SupportResponse(String supportRequestId, String requester, String resource, Instant requestedAt,
                                  Duration firstAnswerAfter, String state) {
    }

    public record EtaSlip(String organisationId, String outageId, List<Instant> etas, int postponements,
                          Duration slippedBy) {
    }

    /** An exercise's inject (状況付与) and when the organisation told it first acted afterwards. */
    public record InjectResponse(int number, Duration offset, String role, String organisationId, String text,
                                 Instant deliveredAt, Duration firstActionAfter) {
    }

    /** @param exercise whether this is a workshop exercise (訓練); {@code scenario} names its scenario */
    public record Review(String incidentId, boolean exercise, String scenario, Instant asOf, Instant zeroHour,
                         List<OrganisationReview> organisations,
                         List<ExchangeBook.Compliance> cadences, List<ExchangeBook.Unacknowledged> unacknowledged,
                         List<SupportResponse> supportRequests, List<EtaSlip> restorationEtas,
                         List<InjectResponse> injects, List<Finding> findings) {
    }

    private final String incidentId;
    private final TaskBook tasks;
    private final ExchangeBook exchanges = new ExchangeBook();
    private final SupportBook support = new SupportBook();
    private final ReportBook reports = new ReportBook();
    /** When each organisation acted, in order: the gaps between are its silences. */
    private final Map<String, List<Instant>> heard = new TreeMap<>();
    private final List<IncidentEvent.InjectDelivered> injects = new ArrayList<>();
    private final Map<Integer, Instant> injectTimes = new HashMap<>();
    private boolean exercise;
    private String scenario;

    public IncidentReview(String incidentId) {
        this.incidentId = incidentId;
        this.tasks = TaskBook.empty(incidentId);
    }

    @Override
    public void apply(Object event, Instant recordedAt) {
        tasks.apply(event, recordedAt);
        exchanges.apply(event, recordedAt);
        support.apply(event, recordedAt);
        reports.apply(event, recordedAt);
        switch (event) {
            case IncidentEvent.IncidentOpened opened -> exercise = opened.mode() == IncidentMode.EXERCISE;
            case IncidentEvent.ExerciseScheduled scheduled -> scenario = scheduled.scenarioId();
            case IncidentEvent.InjectDelivered inject -> {
                injects.add(inject);
                injectTimes.put(inject.number(), recordedAt);
            }
            default -> {
            }
        }
    }

    /** Notes that {@code organisationId} acted at {@code at} (it reported, shared, answered or worked a task). */
    public void heardFrom(String organisationId, Instant at) {
        heard.computeIfAbsent(organisationId, id -> new ArrayList<>()).add(at);
    }

    public Review at(Instant asOf) {
        Instant zeroHour = tasks.members().values().stream().map(TaskBook.Member::zeroHour)
                                .filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
        List<Finding> findings = new ArrayList<>();
        List<OrganisationReview> organisations = tasks.members().values().stream()
                .map(member -> organisation(member, asOf, findings))
                .toList();
        List<ExchangeBook.Compliance> cadences = exchanges.compliance(asOf);
        cadences.stream().filter(c -> c.missed() > 0 || c.late() > 0).forEach(c -> findings.add(new Finding(
                c.missed() > 0 ? Severity.HIGH : Severity.MEDIUM, "cadence", c.sender(),
                "%sから%sへの「%s」の共有は、予定%d回のうち欠落%d回・遅延%d回でした（遵守率%s）。".formatted(
                        c.sender(), c.recipient(), c.topic(), c.expected(), c.missed(), c.late(),
                        c.ratio() == null ? "—" : c.ratio().movePointRight(2).stripTrailingZeros().toPlainString() + "%"))));
        List<ExchangeBook.Unacknowledged> unacknowledged = exchanges.unacknowledged();
        unacknowledged.forEach(u -> findings.add(new Finding(
                Severity.MEDIUM, "acknowledgement", u.recipient(),
                "%sは%sからの「%s」（%s 共有）を確認していません。".formatted(
                        u.recipient(), u.from(), u.topic(), Japanese.time(u.sharedAt(), zeroHour)))));
        List<SupportResponse> supportResponses = supportResponses(asOf, findings);
        List<EtaSlip> slips = etaSlips(findings);
        List<InjectResponse> injectResponses = injectResponses(asOf, zeroHour, findings);
        findings.sort(Comparator.comparing(Finding::severity).thenComparing(Finding::category)
                                .thenComparing(f -> Objects.toString(f.organisationId(), "")));
        return new Review(incidentId, exercise, scenario, asOf, zeroHour, organisations, cadences, unacknowledged,
                          supportResponses, slips, injectResponses, List.copyOf(findings));
    }

    private OrganisationReview organisation(TaskBook.Member member, Instant asOf, List<Finding> findings) {
        String organisation = member.organisationId();
        Instant zeroHour = member.zeroHour();
        List<TaskResult> results = tasks.tasks().values().stream()
                .filter(task -> task.organisationId().equals(organisation))
                .sorted(Comparator.comparing(TaskView::dueAt).thenComparing(TaskView::taskId))
                .map(task -> result(task, zeroHour, asOf))
                .toList();
        int onTime = 0, late = 0, missed = 0, pending = 0, waived = 0;
        for (TaskResult result : results) {
            switch (result.state()) {
                case "ON_TIME" -> onTime++;
                case "LATE" -> {
                    late++;
                    findings.add(new Finding(Severity.MEDIUM, "task", organisation,
                            "%sの「%s」は期限より%s遅れて完了しました。".formatted(
                                    organisation, result.titleJa(), Japanese.duration(result.lateBy()))));
                }
                case "MISSED" -> {
                    missed++;
                    findings.add(new Finding(result.tier() == 1 ? Severity.HIGH : Severity.MEDIUM, "task", organisation,
                            "%sの「%s」は期限（%s）を%s過ぎても完了していません。".formatted(
                                    organisation, result.titleJa(), Japanese.time(result.dueAt(), zeroHour),
                                    Japanese.duration(result.lateBy()))));
                }
                case "WAIVED", "REASSIGNED" -> waived++;
                default -> pending++;
            }
        }
        Duration firstStaffSafety = firstStaffSafetyAfter(organisation, zeroHour);
        if (zeroHour != null && asOf.isAfter(zeroHour.plus(STAFF_SAFETY_WITHIN))
            && (firstStaffSafety == null || firstStaffSafety.compareTo(STAFF_SAFETY_WITHIN) > 0)) {
            findings.add(new Finding(Severity.HIGH, "staff-safety", organisation, firstStaffSafety == null
                    ? "%sから安否確認の報告がありません（目安は発災から2時間以内）。".formatted(organisation)
                    : "%sの安否確認の第1報は発災から%s後で、2時間の目安を超えました。".formatted(
                            organisation, Japanese.duration(firstStaffSafety))));
        }
        List<Silence> silences = silences(organisation, zeroHour, asOf);
        silences.forEach(s -> findings.add(new Finding(Severity.LOW, "silence", organisation,
                "%sは%sから%sまで%s連絡がありませんでした。".formatted(
                        organisation, Japanese.time(s.from(), zeroHour), Japanese.time(s.to(), zeroHour),
                        Japanese.duration(s.length())))));
        return new OrganisationReview(organisation, member.organisationType(), onTime, late, missed, pending, waived,
                                      firstStaffSafety, silences, results);
    }

    private static TaskResult result(TaskView task, Instant zeroHour, Instant asOf) {
        String state;
        Duration lateBy = null;
        if (TaskView.DONE.equals(task.state())) {
            lateBy = task.completedAt().isAfter(task.dueAt()) ? Duration.between(task.dueAt(), task.completedAt())
                                                               : Duration.ZERO;
            state = lateBy.isZero() ? "ON_TIME" : "LATE";
        } else if (TaskView.WAIVED.equals(task.state()) || TaskView.REASSIGNED.equals(task.state())) {
            state = task.state();
        } else if (asOf.isAfter(task.dueAt())) {
            state = "MISSED";
            lateBy = Duration.between(task.dueAt(), asOf);
        } else {
            state = "PENDING";
        }
        Duration actual = task.completedAt() == null || zeroHour == null ? null
                : Duration.between(zeroHour, task.completedAt());
        return new TaskResult(task.taskId(), task.tier(), task.titleJa(), state, task.plannedOffset(), task.dueAt(),
                              task.completedAt(), actual, lateBy,
                              task.fulfilledBy() == null ? null : task.fulfilledBy().toString());
    }

    private Duration firstStaffSafetyAfter(String organisation, Instant zeroHour) {
        return reports.threads(organisation, ReportType.STAFF_SAFETY, null).stream()
                      .flatMap(thread -> reports.history(thread).stream())
                      .map(ReportBook.Posted::recordedAt)
                      .min(Comparator.naturalOrder())
                      .map(first -> zeroHour == null ? null : Duration.between(zeroHour, first))
                      .orElse(null);
    }

    private List<Silence> silences(String organisation, Instant zeroHour, Instant asOf) {
        List<Instant> times = new ArrayList<>(heard.getOrDefault(organisation, List.of()));
        times.sort(Comparator.naturalOrder());
        List<Silence> silences = new ArrayList<>();
        Instant previous = zeroHour;
        times.add(asOf);
        for (Instant at : times) {
            if (previous != null && Duration.between(previous, at).compareTo(SILENCE) > 0) {
                silences.add(new Silence(previous, at, Duration.between(previous, at)));
            }
            previous = previous == null || at.isAfter(previous) ? at : previous;
        }
        return silences;
    }

    private List<SupportResponse> supportResponses(Instant asOf, List<Finding> findings) {
        List<SupportResponse> responses = new ArrayList<>();
        for (SupportBook.Aged aged : support.byAge(asOf, false)) {
            SupportBook.Request request = aged.request();
            Instant firstAnswer = request.answers().values().stream().map(SupportBook.Answer::answeredAt)
                                         .filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
            Duration after = firstAnswer == null ? null : Duration.between(request.requestedAt(), firstAnswer);
            responses.add(new SupportResponse(request.supportRequestId(), request.requester(), request.resource(),
                                              request.requestedAt(), after, request.state()));
            if (after == null && "OPEN".equals(request.state())) {
                findings.add(new Finding(Severity.HIGH, "support", request.requester(),
                        "%sの応援要請（%s）には%s経っても回答がありません。".formatted(
                                request.requester(), request.resource(),
                                Japanese.duration(Duration.between(request.requestedAt(), asOf)))));
            } else if (after != null) {
                findings.add(new Finding(Severity.LOW, "support", request.requester(),
                        "%sの応援要請（%s）への最初の回答まで%sかかりました。".formatted(
                                request.requester(), request.resource(), Japanese.duration(after))));
            }
        }
        return responses;
    }

    /** Scores an exercise's participants against its injects: who acted on what they were told, and how soon. */
    private List<InjectResponse> injectResponses(Instant asOf, Instant zeroHour, List<Finding> findings) {
        List<InjectResponse> responses = new ArrayList<>();
        for (IncidentEvent.InjectDelivered inject : injects) {
            String organisation = inject.organisationId().value();
            Instant delivered = injectTimes.get(inject.number());
            Duration after = heard.getOrDefault(organisation, List.of()).stream()
                                  .filter(at -> !at.isBefore(delivered))
                                  .min(Comparator.naturalOrder())
                                  .map(first -> Duration.between(delivered, first))
                                  .orElse(null);
            responses.add(new InjectResponse(inject.number(), inject.offset(), inject.role(), organisation,
                                             inject.text(), delivered, after));
            String told = "状況付与%d（%s「%s」）".formatted(inject.number(), Japanese.offset(inject.offset()),
                                                           inject.text());
            if (after == null && asOf.isAfter(delivered.plus(INJECT_ANSWER_WITHIN))) {
                findings.add(new Finding(Severity.MEDIUM, "inject", organisation,
                        "%sは%sの後、%s経っても対応（報告・共有・タスク更新）がありません。".formatted(
                                organisation, told, Japanese.duration(Duration.between(delivered, asOf)))));
            } else if (after != null && after.compareTo(INJECT_ANSWER_WITHIN) > 0) {
                findings.add(new Finding(Severity.LOW, "inject", organisation,
                        "%sが%sに対応するまで%sかかりました。".formatted(organisation, told,
                                                                 Japanese.duration(after))));
            }
        }
        return responses;
    }

    private List<EtaSlip> etaSlips(List<Finding> findings) {
        List<EtaSlip> slips = new ArrayList<>();
        for (ReportBook.Thread thread : reports.threads(null, ReportType.INFRASTRUCTURE_OUTAGE, null)) {
            List<Instant> etas = reports.history(thread).stream()
                                       .map(posted -> etaOf(posted.content()))
                                       .filter(Objects::nonNull)
                                       .toList();
            int postponements = 0;
            for (int i = 1; i < etas.size(); i++) {
                if (etas.get(i).isAfter(etas.get(i - 1))) {
                    postponements++;
                }
            }
            Duration slipped = etas.isEmpty() ? Duration.ZERO : Duration.between(etas.getFirst(), etas.getLast());
            slips.add(new EtaSlip(thread.organisationId(), thread.subject(), etas, postponements, slipped));
            if (postponements >= 2) {
                findings.add(new Finding(Severity.MEDIUM, "restoration", thread.organisationId(),
                        "%sの復旧見込み（%s）は%d回延期され、当初の見込みより%s遅れました。".formatted(
                                thread.organisationId(), thread.subject(), postponements,
                                Japanese.duration(slipped))));
            }
        }
        return slips;
    }

    private static Instant etaOf(ReportContent content) {
        return switch (content) {
            case ReportContent.Outage outage -> outage.restorationEta();
            case ReportContent.RestorationEta eta -> eta.restorationEta();
            default -> null;
        };
    }

    /** Plain Japanese for durations and times, as a review meeting would say them. */
    static final class Japanese {

        private Japanese() {
        }

        static String duration(Duration duration) {
            if (duration == null) {
                return "—";
            }
            long minutes = duration.toMinutes();
            long days = minutes / (24 * 60);
            long hours = minutes % (24 * 60) / 60;
            long rest = minutes % 60;
            StringBuilder text = new StringBuilder();
            if (days > 0) {
                text.append(days).append("日");
            }
            if (hours > 0) {
                text.append(hours).append("時間");
            }
            if (rest > 0 || text.isEmpty()) {
                text.append(rest).append("分");
            }
            return text.toString();
        }

        /** An offset from zero hour: "+3時間", or "−2日" before it (a typhoon's timeline starts before landfall). */
        static String offset(Duration offset) {
            if (offset == null) {
                return "—";
            }
            return offset.isNegative() ? "−" + duration(offset.negated()) : "+" + duration(offset);
        }

        /** "発災+3時間10分" when the zero hour is known, the instant otherwise. */
        static String time(Instant at, Instant zeroHour) {
            if (at == null) {
                return "—";
            }
            if (zeroHour == null) {
                return at.toString();
            }
            return at.isBefore(zeroHour) ? "発災−" + duration(Duration.between(at, zeroHour))
                    : "発災+" + duration(Duration.between(zeroHour, at));
        }
    }

    /** The review's rows for a spreadsheet: one line per finding, then one per task. */
    public static List<List<String>> csvRows(Review review) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("section", "severity", "category", "organisationId", "detail"));
        if (review.exercise()) {
            rows.add(List.of("exercise", "", "訓練", "", "この振り返りは訓練（" + Objects.toString(review.scenario(), "シナリオなし")
                                                        + "）のものです。実際の災害の記録ではありません。"));
        }
        review.findings().forEach(f -> rows.add(List.of("finding", f.severity().name(), f.category(),
                                                        Objects.toString(f.organisationId(), ""), f.messageJa())));
        for (OrganisationReview organisation : review.organisations()) {
            for (TaskResult task : organisation.tasks()) {
                Map<String, String> detail = new LinkedHashMap<>();
                detail.put("task", task.taskId());
                detail.put("plannedOffset", Objects.toString(task.plannedOffset(), ""));
                detail.put("actualOffset", Objects.toString(task.actualOffset(), ""));
                detail.put("lateBy", Objects.toString(task.lateBy(), ""));
                rows.add(List.of("task", task.state(), "tier " + task.tier(), organisation.organisationId(),
                                 task.titleJa() + " " + detail));
            }
        }
        review.injects().forEach(inject -> rows.add(List.of(
                "inject", "", Japanese.offset(inject.offset()), inject.organisationId(),
                inject.number() + " " + inject.text() + " {firstActionAfter=" + Objects.toString(
                        inject.firstActionAfter(), "") + "}")));
        return rows;
    }
}
