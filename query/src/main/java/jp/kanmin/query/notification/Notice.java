package jp.kanmin.query.notification;

import jp.kanmin.shared.damage.DamageJudgementEvent.DamageScaleDeclared;
import jp.kanmin.shared.incident.IncidentEvent.InjectDelivered;
import jp.kanmin.shared.incident.IncidentScoped;
import jp.kanmin.shared.notification.NotificationKind;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeDue;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeEscalated;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeMissed;
import jp.kanmin.shared.participation.ParticipationEvent.InformationShared;
import jp.kanmin.shared.participation.ParticipationEvent.TaskEscalated;
import jp.kanmin.shared.participation.ParticipationEvent.TaskOverdue;
import jp.kanmin.shared.support.SupportRequestEvent.SupportRequested;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * What one timeline entry tells whom: its kind, the organisations it is addressed to, and its line in each language.
 * Entries of other kinds tell nobody.
 *
 * @param recipients the organisations it is addressed to; null for every participant of the incident
 * @param ja         the line in Japanese, without the incident's title and the exercise mark
 */
record Notice(NotificationKind kind, Set<OrganisationId> recipients, String ja, String en) {

    private static final DateTimeFormatter JST = DateTimeFormatter.ofPattern("M/d HH:mm 'JST'")
                                                                  .withZone(ZoneId.of("Asia/Tokyo"));

    /** The notice an entry gives, or null; {@code taskTitle} names a task by its id (from its activation). */
    static Notice of(IncidentScoped event, java.util.function.Function<TaskOverdue, jp.kanmin.shared.plan.LocalizedText>
            taskTitle) {
        return switch (event) {
            case TaskOverdue e -> {
                var title = taskTitle.apply(e);
                yield new Notice(NotificationKind.TASK_OVERDUE, Set.of(e.participationId().organisationId()),
                                 "タスク「" + (title == null ? e.taskId().value() : title.ja()) + "」が期限（"
                                         + at(e.dueAt()) + "）を過ぎました",
                                 "Task \"" + (title == null ? e.taskId().value() : title.en()) + "\" is overdue (due "
                                         + at(e.dueAt()) + ")");
            }
            case TaskEscalated e -> {
                var title = taskTitle.apply(new TaskOverdue(e.participationId(), e.taskId(), e.dueAt()));
                String organisation = e.participationId().organisationId().value();
                yield new Notice(NotificationKind.ESCALATED, Set.copyOf(e.to()),
                                 organisation + " のタスク「" + (title == null ? e.taskId().value() : title.ja())
                                         + "」が期限（" + at(e.dueAt()) + "）を過ぎ、対応がありません",
                                 organisation + "'s task \"" + (title == null ? e.taskId().value() : title.en())
                                         + "\" is overdue (due " + at(e.dueAt()) + ") and nobody has acted on it");
            }
            case ExchangeEscalated e -> {
                String organisation = e.participationId().organisationId().value();
                yield new Notice(NotificationKind.ESCALATED, Set.copyOf(e.to()),
                                 organisation + " から " + e.recipient().value() + " への情報共有（" + e.topic().ja
                                         + "、" + at(e.due()) + "期限）が行われず、対応がありません",
                                 organisation + " missed sharing " + e.topic() + " with " + e.recipient().value()
                                         + " due " + at(e.due()) + " and has not made up for it");
            }
            case ExchangeDue e -> new Notice(NotificationKind.SHARING_DUE, Set.of(e.participationId().organisationId()),
                                             e.recipient().value() + " への情報共有（" + e.topic().ja + "）の期限です（"
                                                     + at(e.due()) + "）",
                                             "Sharing " + e.topic() + " with " + e.recipient().value() + " is due ("
                                                     + at(e.due()) + ")");
            case ExchangeMissed e -> new Notice(NotificationKind.SHARING_MISSED,
                                                Set.of(e.participationId().organisationId()),
                                                e.recipient().value() + " への情報共有（" + e.topic().ja + "、"
                                                        + at(e.due()) + "期限）が行われていません",
                                                "Sharing " + e.topic() + " with " + e.recipient().value() + " due "
                                                        + at(e.due()) + " was missed");
            case InformationShared e -> new Notice(NotificationKind.SHARED_WITH_YOU, Set.copyOf(e.recipients()),
                                                   e.participationId().organisationId().value() + " から情報共有（"
                                                           + e.topic().ja + "）: " + excerpt(e.text()),
                                                   e.participationId().organisationId().value() + " shared "
                                                           + e.topic() + ": " + excerpt(e.text()));
            case SupportRequested e -> new Notice(NotificationKind.SUPPORT_REQUEST_TO_YOU, Set.copyOf(e.addressees()),
                                                  e.by().value() + " から応援要請: " + excerpt(e.description()) + " "
                                                          + e.quantity() + nullToEmpty(e.unit()),
                                                  e.by().value() + " asks for support: " + e.resource() + " "
                                                          + e.quantity() + nullToEmpty(e.unit()));
            case DamageScaleDeclared e -> new Notice(NotificationKind.SCALE_DECLARED, null,
                                                     e.judgementId().district() + " の被害規模が「" + e.scale()
                                                             + "」に確定しました",
                                                     "Damage scale of " + e.judgementId().district() + " declared: "
                                                             + e.scale());
            case InjectDelivered e -> new Notice(NotificationKind.INJECT_TOLD, Set.of(e.organisationId()),
                                                 "状況付与 #" + e.number() + ": " + excerpt(e.text()),
                                                 "Inject #" + e.number() + ": " + excerpt(e.text()));
            default -> null;
        };
    }

    /** The subject line: the exercise mark first, so that nobody takes a drill for the real thing. */
    String subject(String language, String incidentTitle, boolean exercise) {
        String mark = exercise ? "【訓練】" : "";
        return mark + "[" + incidentTitle + "] " + kind.title(language);
    }

    String line(String language, boolean exercise) {
        return (exercise ? "【訓練】" : "") + ("en".equals(language) ? en : ja);
    }

    private static String at(Instant instant) {
        return instant == null ? "-" : JST.format(instant);
    }

    private static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 120 ? line : line.substring(0, 119) + "…";
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

}
