package jp.kanmin.query.calendar;

import jp.kanmin.query.directory.OrganisationView;
import jp.kanmin.query.exchange.ExchangeBook;
import jp.kanmin.query.exchange.ExchangeProjection;
import jp.kanmin.query.incident.IncidentSummary;
import jp.kanmin.query.task.TaskBook;
import jp.kanmin.query.task.TaskProjection;
import jp.kanmin.query.task.TaskView;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.sharing.ExchangeTopic;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * 予定表: an organisation's deadlines in an incident for the office calendar its staff already read, in Japan time:
 * each phase task's due time and each sharing slot it owes (情報共有の期限) up to {@link #AHEAD} from now. An
 * exercise's say 【訓練】. A subscribed calendar reads this again on its own schedule, so a re-planned slot or a task
 * handed over shows there as it stands then; a task done or waived stays, marked so.
 */
@Component
public class IncidentCalendars {

    static final Duration AHEAD = Duration.ofDays(31);
    static final int DEADLINE_MINUTES = 15;

    private final TaskProjection tasks;
    private final ExchangeProjection exchanges;
    private final ReactiveMongoTemplate mongo;
    private final Clock clock;

    IncidentCalendars(TaskProjection tasks, ExchangeProjection exchanges, ReactiveMongoTemplate mongo, Clock clock) {
        this.tasks = tasks;
        this.exchanges = exchanges;
        this.mongo = mongo;
        this.clock = clock;
    }

    /** The calendar of {@code organisation}'s deadlines in {@code incident}, as RFC 5545 text. */
    public Mono<String> of(IncidentSummary incident, OrganisationId organisation) {
        Instant now = clock.instant();
        String whose = organisation.value();
        return Mono.zip(tasks.book(incident.incidentId()), exchanges.exchangeBook(incident.incidentId()))
                   .flatMap(books -> {
                       List<ExchangeBook.OwedSlot> slots = books.getT2().slotsOwedBy(whose, now, now.plus(AHEAD));
                       return names(whose, slots).map(names -> {
                           String mark = "EXERCISE".equals(incident.mode()) ? "【訓練】" : "";
                           List<ICalendarText.Event> events = new ArrayList<>();
                           books.getT1().board(whose, now).tiers().forEach(tier -> tier.tasks().forEach(
                                   task -> events.add(deadline(incident, whose, mark, task))));
                           slots.forEach(slot -> events.add(sharing(incident, whose, mark, slot, names)));
                           events.sort(Comparator.comparing(ICalendarText.Event::at));
                           return ICalendarText.of(mark + incident.title() + " — " + names.getOrDefault(whose, whose),
                                                   now, events);
                       });
                   });
    }

    private static ICalendarText.Event deadline(IncidentSummary incident, String whose, String mark,
                                                TaskBook.TaskLine task) {
        String done = switch (task.state()) {
            case TaskView.DONE -> " (完了)";
            case TaskView.WAIVED -> " (免除)";
            case TaskView.REASSIGNED -> " (移管)";
            default -> task.overdue() ? " (期限超過)" : "";
        };
        return new ICalendarText.Event("task/" + incident.incidentId() + "/" + whose + "/" + task.taskId() + "@kanmin",
                                       task.dueAt(), DEADLINE_MINUTES, mark + "【期限】" + task.titleJa() + done,
                                       task.titleEn() + " — tier " + task.tier() + ", " + task.state().toLowerCase(),
                                       TaskView.WAIVED.equals(task.state()) ? "CANCELLED" : "CONFIRMED");
    }

    private static ICalendarText.Event sharing(IncidentSummary incident, String whose, String mark,
                                               ExchangeBook.OwedSlot slot, Map<String, String> names) {
        String topic = ExchangeTopic.valueOf(slot.topic()).ja;
        String recipient = names.getOrDefault(slot.recipient(), slot.recipient());
        return new ICalendarText.Event("slot/" + incident.incidentId() + "/" + whose + "/" + slot.agreementId() + "/"
                                       + slot.recipient() + "/" + slot.due().getEpochSecond() + "@kanmin",
                                       slot.due(), DEADLINE_MINUTES,
                                       mark + "【情報共有】" + topic + " → " + recipient,
                                       "Share " + slot.topic().toLowerCase().replace('_', ' ') + " with " + recipient
                                       + " (agreement " + slot.agreementId() + "): "
                                       + slot.state().name().toLowerCase().replace('_', ' '),
                                       "CONFIRMED");
    }

    /** The directory's Japanese names of the calendar's organisation and of its recipients. */
    private Mono<Map<String, String>> names(String whose, List<ExchangeBook.OwedSlot> slots) {
        List<String> ids = Stream.concat(Stream.of(whose), slots.stream().map(ExchangeBook.OwedSlot::recipient))
                                 .distinct().toList();
        return mongo.find(query(where("_id").in(ids)), OrganisationView.class)
                    .collect(Collectors.toMap(OrganisationView::organisationId, OrganisationView::name));
    }
}
