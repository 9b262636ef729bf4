package jp.kanmin.query.report;

import jp.kanmin.shared.participation.ParticipationEvent.Report;
import jp.kanmin.shared.participation.ParticipationEvent.ReportConfirmed;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import jp.kanmin.shared.report.ReportType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Each organisation's reports by kind and subject (第1報, 第2報, …): the latest with everything before it, which
 * reports were corrected by which, and which are still unconfirmed (未確認). Folded from events by the same
 * transitions live and "as of" an instant.
 */
public final class ReportBook implements jp.kanmin.query.timeline.TimelineEvents.Fold {

    /**
     * One report as posted.
     *
     * @param event       the event's name, e.g. {@code RestorationEtaUpdated}
     * @param correctedBy the report that superseded this one, if any
     */
    public record Posted(String reportId, int number, String event, ReportContent content, ReportFacts facts,
                         Instant recordedAt, boolean confirmed, String correctedBy) {

        Posted asConfirmed() {
            return new Posted(reportId, number, event, content, facts, recordedAt, true, correctedBy);
        }

        Posted withCorrection(String correction) {
            return new Posted(reportId, number, event, content, facts, recordedAt, confirmed, correction);
        }
    }

    /** The reports of one organisation on one subject of one kind; {@code earlier} is oldest first. */
    public record Thread(String organisationId, ReportType type, String subject, Posted latest, List<Posted> earlier) {

        static String key(String organisationId, ReportType type, String subject) {
            return organisationId + "|" + type + "|" + subject;
        }

        String key() {
            return key(organisationId, type, subject);
        }

        boolean holds(String reportId) {
            return latest.reportId().equals(reportId) || earlier.stream().anyMatch(p -> p.reportId().equals(reportId));
        }

        Thread change(String reportId, UnaryOperator<Posted> change) {
            UnaryOperator<Posted> one = p -> p.reportId().equals(reportId) ? change.apply(p) : p;
            return new Thread(organisationId, type, subject, one.apply(latest),
                              earlier.stream().map(one).toList());
        }

        /** The thread as it stood for facts observed up to {@code observedBefore}; null when nothing was. */
        Thread observedUpTo(Instant observedBefore) {
            List<Posted> all = new ArrayList<>(earlier);
            all.add(latest);
            List<Posted> seen = all.stream().filter(p -> !p.facts().observedAt().isAfter(observedBefore))
                                   .sorted(Comparator.comparingInt(Posted::number)).toList();
            return seen.isEmpty() ? null : new Thread(organisationId, type, subject, seen.getLast(),
                                                      seen.subList(0, seen.size() - 1));
        }
    }

    final Map<String, Thread> threads = new LinkedHashMap<>();
    final Map<String, String> threadOfReport = new LinkedHashMap<>();

    @Override
    public void apply(Object event, Instant recordedAt) {
        switch (event) {
            case Report report -> {
                Thread next = posted(threads.get(keyOf(report)), report, recordedAt);
                threads.put(next.key(), next);
                threadOfReport.put(report.reportId().value(), next.key());
                if (report.facts().supersedes() != null) {
                    String corrected = report.facts().supersedes().value();
                    String key = threadOfReport.get(corrected);
                    if (key != null) {
                        threads.put(key, corrected(threads.get(key), corrected, report.reportId().value()));
                    }
                }
            }
            case ReportConfirmed confirmed -> {
                String key = threadOfReport.get(confirmed.reportId().value());
                if (key != null) {
                    threads.put(key, confirmed(threads.get(key), confirmed.reportId().value()));
                }
            }
            default -> {
            }
        }
    }

    // ---------------------------------------------------------------------------------- transitions (pure)

    static String keyOf(Report report) {
        return Thread.key(report.organisationId().value(), report.content().reportType(), report.content().subject());
    }

    static Thread posted(Thread current, Report report, Instant recordedAt) {
        Posted posted = new Posted(report.reportId().value(), report.number(), report.getClass().getSimpleName(),
                                   report.content(), report.facts(), recordedAt, !report.facts().unconfirmed(), null);
        if (current == null) {
            return new Thread(report.organisationId().value(), report.content().reportType(),
                              report.content().subject(), posted, List.of());
        }
        if (current.holds(posted.reportId())) {
            return current;
        }
        List<Posted> earlier = new ArrayList<>(current.earlier());
        earlier.add(current.latest());
        return new Thread(current.organisationId(), current.type(), current.subject(), posted, List.copyOf(earlier));
    }

    static Thread corrected(Thread thread, String corrected, String correction) {
        return thread.change(corrected, p -> p.withCorrection(correction));
    }

    static Thread confirmed(Thread thread, String reportId) {
        return thread.change(reportId, Posted::asConfirmed);
    }

    // ------------------------------------------------------------------------------------------------ views

    /**
     * The threads, optionally of one organisation and kind; with {@code observedBefore}, only what had been
     * observed by then ("what happened at 14:00"), among what was recorded up to the book's instant.
     */
    public List<Thread> threads(String organisationId, ReportType type, Instant observedBefore) {
        return threads.values().stream()
                      .filter(t -> organisationId == null || t.organisationId().equals(organisationId))
                      .filter(t -> type == null || t.type() == type)
                      .map(t -> observedBefore == null ? t : t.observedUpTo(observedBefore))
                      .filter(java.util.Objects::nonNull)
                      .sorted(Comparator.comparing((Thread t) -> t.latest().recordedAt()).reversed())
                      .toList();
    }
}
