package jp.kanmin.query.incident;

import jp.kanmin.shared.incident.IncidentEvent.CoordinatingHqChanged;
import jp.kanmin.shared.incident.IncidentEvent.ExerciseArchived;
import jp.kanmin.shared.incident.IncidentEvent.ExerciseDeleted;
import jp.kanmin.shared.incident.IncidentEvent.ExerciseScheduled;
import jp.kanmin.shared.incident.IncidentEvent.IncidentClosed;
import jp.kanmin.shared.incident.IncidentEvent.IncidentOpened;
import jp.kanmin.shared.incident.IncidentEvent.IncidentReopened;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantInvited;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantJoined;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantLeft;
import jp.kanmin.shared.incident.IncidentId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Keeps {@link IncidentSummary} up to date; every handler may see an event twice and must not care. */
@Component
@ProcessingGroup("incidents")
class IncidentSummaryProjection {

    private final MongoTemplate mongo;

    IncidentSummaryProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(IncidentOpened event, @Timestamp Instant recordedAt) {
        try {
            mongo.insert(new IncidentSummary(event.incidentId().value(), event.title(), event.kind().name(),
                                             event.trigger().name(), event.mode().name(), event.zeroHour(),
                                             event.coordinatingHq().value(), event.openedBy().value(), recordedAt,
                                             List.of(), List.of(), "OPEN", null, false, null,
                                             IncidentSummary.Obligations.of(event.obligationsFrom(),
                                                                            event.zeroHour(), recordedAt)));
        } catch (DuplicateKeyException alreadyProjected) {
            // seen before a restart or a claim change
        }
    }

    @EventHandler
    void on(ParticipantInvited event) {
        update(event.incidentId(), new Update().addToSet("invited", event.organisationId().value()));
    }

    @EventHandler
    void on(ParticipantJoined event) {
        update(event.incidentId(), new Update().addToSet("participants", event.organisationId().value())
                                               .pull("invited", event.organisationId().value()));
    }

    @EventHandler
    void on(ParticipantLeft event) {
        update(event.incidentId(), new Update().pull("participants", event.organisationId().value()));
    }

    @EventHandler
    void on(CoordinatingHqChanged event) {
        update(event.incidentId(), Update.update("coordinatingHq", event.coordinatingHq().value()));
    }

    @EventHandler
    void on(IncidentClosed event) {
        update(event.incidentId(), Update.update("status", "CLOSED"));
    }

    @EventHandler
    void on(IncidentReopened event) {
        update(event.incidentId(), Update.update("status", "OPEN"));
    }

    @EventHandler
    void on(ExerciseScheduled event) {
        update(event.incidentId(), Update.update("scenario", event.scenarioId()));
    }

    @EventHandler
    void on(jp.kanmin.shared.incident.IncidentEvent.IncidentForked event) {
        update(event.incidentId(), Update.update("forkedFrom", new IncidentSummary.ForkOrigin(
                event.source().value(), event.asOf())));
    }

    @EventHandler
    void on(ExerciseArchived event) {
        update(event.incidentId(), Update.update("archived", true));
    }

    @EventHandler
    void on(ExerciseDeleted event) {
        mongo.remove(query(where("_id").is(event.incidentId().value())), IncidentSummary.class);
    }

    private void update(IncidentId incident, Update update) {
        mongo.updateFirst(query(where("_id").is(incident.value())), update, IncidentSummary.class);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(IncidentSummary.class);
    }
}
