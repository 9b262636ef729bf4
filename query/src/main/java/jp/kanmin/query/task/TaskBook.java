package jp.kanmin.query.task;

import jp.kanmin.query.support.Rendered;
import jp.kanmin.shared.participation.ParticipationEvent;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskActivated;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every task of one incident, by organisation: the state behind the task boards, the HQ overview and the list of
 * who has not reported staff safety yet. It is folded from events, live by the projection and "as of" an instant by
 * replaying the timeline, and the views are computed from it for a given instant, so both answer alike.
 */
public final class TaskBook implements jp.kanmin.query.timeline.TimelineEvents.Fold {

    /** What this book rendered, for the next requests it answers (see {@link Rendered}). */
    final Rendered rendered = new Rendered();

    /** Japanese users read due times in Japan's time zone; machines read the instants. */
    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'JST'")
                                                                     .withZone(JAPAN);

    /** A participating organisation as the book knows it. */
    public record Member(String organisationId, String organisationType, Instant zeroHour) {
    }

    private final String incidentId;
    private final Map<String, Member> members;
    private final Map<String, TaskView> tasks;

    public TaskBook(String incidentId, Map<String, Member> members, Map<String, TaskView> tasks) {
        this.incidentId = incidentId;
        this.members = new LinkedHashMap<>(members);
        this.tasks = new LinkedHashMap<>(tasks);
    }

    public static TaskBook empty(String incidentId) {
        return new TaskBook(incidentId, Map.of(), Map.of());
    }

    /** Applies one event recorded at {@code recordedAt}; events that are not about tasks are ignored. */
    @Override
    public void apply(Object event, Instant recordedAt) {
        if (event instanceof ParticipationStarted started) {
            members.put(started.organisationId().value(),
                        new Member(started.organisationId().value(), started.organisationType().name(),
                                   started.zeroHour()));
        } else if (event instanceof TaskActivated activated) {
            TaskView view = TaskView.activated(activated, recordedAt);
            tasks.put(view.key(), view);
        } else if (event instanceof ParticipationEvent participation && isAboutATask(participation)) {
            String key = participation.organisationId().value() + ":" + taskIdOf(participation);
            TaskView current = tasks.get(key);
            if (current != null) {
                tasks.put(key, current.apply(participation, recordedAt));
            }
        }
    }

    static boolean isAboutATask(ParticipationEvent event) {
        return taskIdOf(event) != null;
    }

    static String taskIdOf(ParticipationEvent event) {
        return switch (event) {
            case TaskActivated e -> e.taskId().value();
            case ParticipationEvent.TaskStarted e -> e.taskId().value();
            case ParticipationEvent.TaskCompleted e -> e.taskId().value();
            case ParticipationEvent.TaskWaived e -> e.taskId().value();
            case ParticipationEvent.TaskReassigned e -> e.taskId().value();
            case ParticipationEvent.TaskOverdue e -> e.taskId().value();
            default -> null;
        };
    }

    public Map<String, Member> members() {
        return members;
    }

    public Map<String, TaskView> tasks() {
        return tasks;
    }

    // ------------------------------------------------------------------------------------------------ views

    /** One task line on a board, with times computed for {@code asOf}. */
    public record TaskLine(String taskId, int tier, String titleJa, String titleEn, String state, boolean overdue,
                           Instant dueAt, String dueAtLocal, Duration plannedOffset, Duration timeLeft,
                           Duration overdueBy, Instant completedAt, boolean late, Object fulfilledBy, String note,
                           String reassignedTo, String takenOverFrom, String completesWith) {
    }

    public record Tier(int tier, List<TaskLine> tasks) {
    }

    /** An organisation's task board (タスクボード): its tasks by tier. */
    public record Board(String incidentId, String organisationId, Instant asOf, List<Tier> tiers) {
    }

    public Board board(String organisationId, Instant asOf) {
        Map<Integer, List<TaskLine>> byTier = new TreeMap<>();
        tasks.values().stream()
             .filter(task -> task.organisationId().equals(organisationId))
             .sorted(Comparator.comparing(TaskView::dueAt))
             .forEach(task -> byTier.computeIfAbsent(task.tier(), tier -> new java.util.ArrayList<>())
                                    .add(line(task, asOf)));
        return new Board(incidentId, organisationId, asOf,
                         byTier.entrySet().stream().map(e -> new Tier(e.getKey(), e.getValue())).toList());
    }

    static TaskLine line(TaskView task, Instant asOf) {
        boolean overdue = task.isOverdueAt(asOf);
        Duration timeLeft = task.isOpen() && !overdue ? Duration.between(asOf, task.dueAt()) : null;
        Duration overdueBy = overdue ? Duration.between(task.dueAt(), asOf) : null;
        return new TaskLine(task.taskId(), task.tier(), task.titleJa(), task.titleEn(), task.state(), overdue,
                            task.dueAt(), LOCAL.format(task.dueAt()), task.plannedOffset(), timeLeft, overdueBy,
                            task.completedAt(), task.late(), task.fulfilledBy(), task.note(), task.reassignedTo(),
                            task.takenOverFrom(), task.completesWith());
    }

    /** Counts of one tier: done, still due (open, not yet late) and overdue; waived and handed-over apart. */
    public record Counts(int done, int due, int overdue, int waived, int reassigned) {
    }

    /** One organisation's row of the HQ overview. */
    public record Row(String organisationId, String organisationType, Map<Integer, Counts> tiers, int done, int due,
                      int overdue, Duration worstOverdueBy, List<TaskLine> overdueTasks) {
    }

    /** 災害対策本部の全体状況: each organisation × tier, the worst overdue first. */
    public record Overview(String incidentId, Instant asOf, List<Row> organisations) {
    }

    public Overview overview(Instant asOf) {
        // grouped once: filtering every task for every organisation was most of a busy node's time (JFR, 200 boards)
        Map<String, List<TaskView>> byOrganisation = tasks.values().stream()
                                                          .collect(Collectors.groupingBy(TaskView::organisationId));
        List<Row> rows = members.values().stream()
                                .map(member -> row(member, byOrganisation.getOrDefault(member.organisationId(),
                                                                                       List.of()), asOf))
                                .sorted(Comparator.comparing((Row row) -> row.worstOverdueBy() == null
                                                                     ? Duration.ZERO : row.worstOverdueBy())
                                                  .reversed()
                                                  .thenComparing(Row::organisationId))
                                .toList();
        return new Overview(incidentId, asOf, rows);
    }

    private Row row(Member member, List<TaskView> own, Instant asOf) {
        Map<Integer, Counts> byTier = new TreeMap<>();
        for (int tier = 1; tier <= 3; tier++) {
            int t = tier;
            List<TaskView> ofTier = own.stream().filter(task -> task.tier() == t).toList();
            byTier.put(tier, new Counts(count(ofTier, TaskView.DONE),
                                        (int) ofTier.stream().filter(task -> task.isOpen() && !task.isOverdueAt(asOf)).count(),
                                        (int) ofTier.stream().filter(task -> task.isOverdueAt(asOf)).count(),
                                        count(ofTier, TaskView.WAIVED), count(ofTier, TaskView.REASSIGNED)));
        }
        List<TaskLine> overdue = own.stream().filter(task -> task.isOverdueAt(asOf))
                                    .sorted(Comparator.comparing(TaskView::dueAt))
                                    .map(task -> line(task, asOf)).toList();
        Duration worst = overdue.isEmpty() ? null : overdue.getFirst().overdueBy();
        return new Row(member.organisationId(), member.organisationType(), byTier,
                       byTier.values().stream().mapToInt(Counts::done).sum(),
                       byTier.values().stream().mapToInt(Counts::due).sum(),
                       byTier.values().stream().mapToInt(Counts::overdue).sum(), worst, overdue);
    }

    private static int count(List<TaskView> tasks, String state) {
        return (int) tasks.stream().filter(task -> state.equals(task.state())).count();
    }

    /** An organisation that has not reported staff safety (安否未報告). */
    public record Missing(String organisationId, String organisationType, String taskId, Instant dueAt,
                          String dueAtLocal, boolean overdue, Duration overdueBy, Duration sinceZeroHour) {
    }

    public record MissingStaffSafety(String incidentId, Instant asOf, List<Missing> organisations) {
    }

    /** Who has not yet reported staff safety: the first hours' question. */
    public MissingStaffSafety staffSafetyMissing(Instant asOf) {
        List<Missing> missing = tasks.values().stream()
                                     .filter(task -> "report:STAFF_SAFETY".equals(task.completesWith()))
                                     .filter(TaskView::isOpen)
                                     .sorted(Comparator.comparing(TaskView::dueAt).thenComparing(TaskView::organisationId))
                                     .map(task -> {
                                         Member member = members.get(task.organisationId());
                                         boolean overdue = task.isOverdueAt(asOf);
                                         return new Missing(task.organisationId(),
                                                            member == null ? null : member.organisationType(),
                                                            task.taskId(), task.dueAt(), LOCAL.format(task.dueAt()),
                                                            overdue, overdue ? Duration.between(task.dueAt(), asOf) : null,
                                                            member == null ? null
                                                                    : Duration.between(member.zeroHour(), asOf));
                                     })
                                     .toList();
        return new MissingStaffSafety(incidentId, asOf, missing);
    }
}
