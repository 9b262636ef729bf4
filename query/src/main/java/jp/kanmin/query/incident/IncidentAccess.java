package jp.kanmin.query.incident;

import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who may read an incident: its participants, its coordinating HQ and administrators. Everyone else is told it does
 * not exist, so that a company cannot even learn which incidents it is not party to.
 */
@Component
public class IncidentAccess {

    private final ReactiveMongoTemplate mongo;

    IncidentAccess(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Mono<IncidentSummary> readable(IncidentId incidentId, Caller caller) {
        return mongo.findById(incidentId.value(), IncidentSummary.class)
                    .filter(incident -> caller.isAdmin() || incident.isVisibleTo(caller.organisationId().value()))
                    .switchIfEmpty(Mono.error(() -> RuleViolation.notFound(
                            "incident-not-found", "no incident " + incidentId + " that you take part in")));
    }
}
