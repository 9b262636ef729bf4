package jp.kanmin.ops.adapters;

import jp.kanmin.command.incident.IncidentRoles;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.List;

/** Answers from the incident summaries the query side keeps. */
@Component
class ReadModelIncidentRoles implements IncidentRoles {

    private final ReactiveMongoTemplate mongo;

    ReadModelIncidentRoles(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Mono<Boolean> isCoordinatingHq(IncidentId incident, OrganisationId organisation) {
        return summary(incident).map(found -> organisation.value().equals(found.getString("coordinatingHq")))
                                .defaultIfEmpty(false);
    }

    @Override
    public Mono<Boolean> isParticipant(IncidentId incident, OrganisationId organisation) {
        return summary(incident).map(found -> found.getList("participants", String.class, List.of())
                                                   .contains(organisation.value()))
                                .defaultIfEmpty(false);
    }

    private Mono<Document> summary(IncidentId incident) {
        return mongo.findById(incident.value(), Document.class, "incidents");
    }
}
