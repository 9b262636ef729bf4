package jp.kanmin.query.incident;

import jp.kanmin.shared.incident.IncidentEvent.IncidentOpened;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantAdded;
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
                                             List.of(), "OPEN"));
        } catch (DuplicateKeyException alreadyProjected) {
            // seen before a restart or a claim change
        }
    }

    @EventHandler
    void on(ParticipantAdded event) {
        mongo.updateFirst(query(where("_id").is(event.incidentId().value())),
                          new Update().addToSet("participants", event.organisationId().value()),
                          IncidentSummary.class);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(IncidentSummary.class);
    }
}
