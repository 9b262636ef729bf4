package jp.kanmin.query.task;

import jp.kanmin.query.support.BookProjection;
import jp.kanmin.query.support.IncidentBooks;
import jp.kanmin.query.support.Positions;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.shared.participation.ParticipationEvent;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskActivated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps each incident's task book. Only the changed task is read and written, so an incident with many
 * organisations costs no more per event than a small one.
 */
@Component
@ProcessingGroup("tasks")
public class TaskProjection extends BookProjection {

    static final String COLLECTION = "task_books";
    static final String MEMBERS = "members";
    static final String TASKS = "tasks";

    TaskProjection(IncidentBooks books) {
        super(books, COLLECTION);
    }

    @EventHandler
    void on(ParticipationStarted event, EventMessage<?> message) {
        TaskBook.Member member = new TaskBook.Member(event.organisationId().value(), event.organisationType().name(),
                                                     event.zeroHour());
        books.put(COLLECTION, event.incidentId().value(), MEMBERS, member.organisationId(), member,
                  Positions.of(message));
    }

    @EventHandler
    void on(ParticipationEvent event, EventMessage<?> message) {
        if (!TaskBook.isAboutATask(event)) {
            return;
        }
        String key = event.organisationId().value() + ":" + TaskBook.taskIdOf(event);
        books.update(COLLECTION, event.incidentId().value(), TASKS, key, TaskView.class, Positions.of(message),
                     current -> event instanceof TaskActivated activated
                             ? TaskView.activated(activated, message.getTimestamp())
                             : current == null ? null : current.apply(event, message.getTimestamp()));
    }

    /** The incident's book as the projection keeps it; empty when nothing is known of the incident. */
    public Mono<TaskBook> book(String incidentId) {
        return books.sections(ReadsFrom.TASKS, COLLECTION, incidentId)
                    .map(read -> read.built(TaskBook.class, sections -> {
            Map<String, TaskBook.Member> members = new LinkedHashMap<>();
            sections.entries(MEMBERS, TaskBook.Member.class).forEach(m -> members.put(m.organisationId(), m));
            Map<String, TaskView> tasks = new LinkedHashMap<>();
            sections.entries(TASKS, TaskView.class).forEach(task -> tasks.put(task.key(), task));
            return new TaskBook(incidentId, members, tasks);
        }));
    }
}
