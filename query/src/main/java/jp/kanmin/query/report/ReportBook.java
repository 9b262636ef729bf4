package jp.kanmin.query.report;

import jp.kanmin.shared.participation.ParticipationEvent.Report;
import jp.kanmin.shared.participation.ParticipationEvent.ReportConfirmed;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import jp.kanmin.shared.report.ReportType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Each organisation's reports by kind and subject (第1報, 第2報, …): a thread's latest report and how many it holds,
 * each report of its history, which reports were corrected by which, and which are still unconfirmed (未確認).
 * Folded from events by the same transitions live and "as of" an instant. A thread does not carry its history: a
 * national-scale incident has threads of hundreds of reports, and a list of threads must not grow with them.
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

        static Posted of(Report report, Instant recordedAt) {
            return new Posted(report.reportId().value(), report.number(), report.getClass().getSimpleName(),
                              report.content(), report.facts(), recordedAt, !report.facts().unconfirmed(), null);
        }

        Posted asConfirmed() {
            return new Posted(reportId, number, event, content, facts, recordedAt, true, correctedBy);
        }

        Posted withCorrection(String correction) {
            return new Posted(reportId, number, event, content, facts, recordedAt, confirmed, correction);
        }
    }

    /**
     * The reports of one organisation on one subject of one kind: the latest, and how many there are in all (its
     * history is read a page at a time).
     */
    public record Thread(String organisationId, ReportType type, String subject, Posted latest, int reports) {

        static String key(String organisationId, ReportType type, String subject) {
            return organisationId + "|" + type + "|" + subject;
        }

        public String key() {
            return key(organisationId, type, subject);
        }

        /** The thread with {@code report} changed (confirmed or corrected), should it be the latest. */
        Thread changed(Posted report) {
            return latest.reportId().equals(report.reportId())
                    ? new Thread(organisationId, type, subject, report, reports) : this;
        }
    }

    /** Where a report is kept: its thread, and its place in the thread's history, the first being 1. */
    public record Located(String thread, int place) {
    }

    private final Map<String, Thread> threads = new LinkedHashMap<>();
    private final Map<String, List<Posted>> histories = new HashMap<>();
    private final Map<String, Located> located = new HashMap<>();

    @Override
    public void apply(Object event, Instant recordedAt) {
        switch (event) {
            case Report report when !located.containsKey(report.reportId().value()) -> {
                Thread thread = posted(threads.get(keyOf(report)), report, recordedAt);
                threads.put(thread.key(), thread);
                histories.computeIfAbsent(thread.key(), key -> new ArrayList<>()).add(thread.latest());
                located.put(report.reportId().value(), new Located(thread.key(), thread.reports()));
                if (report.facts().supersedes() != null) {
                    change(report.facts().supersedes().value(), p -> p.withCorrection(report.reportId().value()));
                }
            }
            case ReportConfirmed confirmed -> change(confirmed.reportId().value(), Posted::asConfirmed);
            default -> {
            }
        }
    }

    private void change(String reportId, java.util.function.UnaryOperator<Posted> change) {
        Located at = located.get(reportId);
        if (at != null) {
            List<Posted> history = histories.get(at.thread());
            Posted changed = change.apply(history.get(at.place() - 1));
            history.set(at.place() - 1, changed);
            threads.computeIfPresent(at.thread(), (key, thread) -> thread.changed(changed));
        }
    }

    // ---------------------------------------------------------------------------------- transitions (pure)

    static String keyOf(Report report) {
        return Thread.key(report.organisationId().value(), report.content().reportType(), report.content().subject());
    }

    /** The thread after {@code report}: its latest, one more in its history. */
    static Thread posted(Thread current, Report report, Instant recordedAt) {
        Posted posted = Posted.of(report, recordedAt);
        return current == null
                ? new Thread(report.organisationId().value(), report.content().reportType(),
                             report.content().subject(), posted, 1)
                : new Thread(current.organisationId(), current.type(), current.subject(), posted,
                             current.reports() + 1);
    }

    // ------------------------------------------------------------------------------------------------ views

    /**
     * The threads, newest report first, optionally of one organisation and kind; with {@code observedBefore}, only
     * what had been observed by then ("what happened at 14:00"), among what was recorded up to the book's instant.
     */
    public List<Thread> threads(String organisationId, ReportType type, Instant observedBefore) {
        return threads.values().stream()
                      .filter(t -> organisationId == null || t.organisationId().equals(organisationId))
                      .filter(t -> type == null || t.type() == type)
                      .map(t -> observedBefore == null ? t : observedUpTo(t, observedBefore))
                      .filter(Objects::nonNull)
                      .sorted(Comparator.comparing((Thread t) -> t.latest().recordedAt()).reversed())
                      .toList();
    }

    /** The thread holding a report; null when there is none. */
    public Thread threadOf(String reportId) {
        Located at = located.get(reportId);
        return at == null ? null : threads.get(at.thread());
    }

    /** A thread's reports, oldest first. */
    public List<Posted> history(Thread thread) {
        return List.copyOf(histories.getOrDefault(thread.key(), List.of()));
    }

    /** The thread as it stood for facts observed up to {@code observedBefore}; null when nothing was. */
    private Thread observedUpTo(Thread thread, Instant observedBefore) {
        List<Posted> seen = histories.get(thread.key()).stream()
                                     .filter(p -> !p.facts().observedAt().isAfter(observedBefore))
                                     .sorted(Comparator.comparingInt(Posted::number)).toList();
        return seen.isEmpty() ? null : new Thread(thread.organisationId(), thread.type(), thread.subject(),
                                                  seen.getLast(), seen.size());
    }
}
