package jp.kanmin.query.task;

import jp.kanmin.query.support.Positions;
import jp.kanmin.shared.participation.ParticipationEvent;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskActivated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Keeps each incident's task book. Only the changed task is read and written, so an incident with many
 * organisations costs no more per event than a small one.
 */
@Component
@ProcessingGroup("tasks")
class TaskProjection {

    private final MongoTemplate mongo;

    TaskProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(ParticipationStarted event, EventMessage<?> message) {
        TaskBook.Member member = new TaskBook.Member(event.organisationId().value(), event.organisationType().name(),
                                                     event.zeroHour());
        mongo.upsert(byIncident(event), new Update().set("members." + member.organisationId(), member),
                     TaskBookDocument.class);
    }

    @EventHandler
    void on(ParticipationEvent event, EventMessage<?> message) {
        if (!TaskBook.isAboutATask(event)) {
            return;
        }
        String key = event.organisationId().value() + ":" + TaskBook.taskIdOf(event);
        long position = Positions.of(message);
        Query query = byIncident(event);
        query.fields().include("tasks." + key).include("positions." + key);
        TaskBookDocument stored = mongo.findOne(query, TaskBookDocument.class);
        Long applied = stored == null || stored.positions() == null ? null : stored.positions().get(key);
        if (applied != null && applied >= position) {
            return; // redelivered
        }
        TaskView current = stored == null || stored.tasks() == null ? null : stored.tasks().get(key);
        TaskView next = event instanceof TaskActivated activated ? TaskView.activated(activated, message.getTimestamp())
                : current == null ? null : current.apply(event, message.getTimestamp());
        if (next != null) {
            mongo.upsert(byIncident(event), new Update().set("tasks." + key, next).set("positions." + key, position),
                         TaskBookDocument.class);
        }
    }

    private static Query byIncident(ParticipationEvent event) {
        return Query.query(where("_id").is(event.incidentId().value()));
    }

    @EventHandler
    void on(jp.kanmin.shared.incident.IncidentEvent.ExerciseDeleted event) {
        mongo.remove(Query.query(where("_id").is(event.incidentId().value())), TaskBookDocument.class);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(TaskBookDocument.class);
    }
}
