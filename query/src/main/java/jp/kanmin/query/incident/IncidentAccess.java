package jp.kanmin.query.incident;

import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.query.support.SharedReads;
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
    private final SharedReads reads;

    IncidentAccess(ReactiveMongoTemplate mongo, SharedReads reads) {
        this.mongo = mongo;
        this.reads = reads;
    }

    /** The incident, if the caller may read its timeline, feeds and read models; otherwise "not found". */
    public Mono<IncidentSummary> readable(IncidentId incidentId, Caller caller) {
        return find(incidentId, incident -> caller.isAdmin() || incident.isReadableBy(caller.organisationId().value()));
    }

    /** The incident's summary, if the caller takes part or is invited to. */
    public Mono<IncidentSummary> listed(IncidentId incidentId, Caller caller) {
        return find(incidentId, incident -> caller.isAdmin() || incident.isListedFor(caller.organisationId().value()));
    }

    private Mono<IncidentSummary> find(IncidentId incidentId, java.util.function.Predicate<IncidentSummary> allowed) {
        return reads.read(ReadsFrom.INCIDENTS, incidentId.value(),
                          () -> mongo.findById(incidentId.value(), IncidentSummary.class))
                    .filter(allowed)
                    .switchIfEmpty(Mono.error(() -> RuleViolation.notFound(
                            "incident-not-found", "no incident " + incidentId + " that you take part in")));
    }
}
