package jp.kanmin.ops.adapters;

import jp.kanmin.command.exchange.SharingAgreements;
import jp.kanmin.shared.exchange.SharingDirection;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.RelationType;
import jp.kanmin.shared.report.ExchangeTopic;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Sharing agreements from the directory's read model, bound to the organisations that take part in an incident
 * according to the incidents read model. The read models trail the events by a moment: {@link #involving} waits
 * until the incident shows the organisation taking part, so both parties' obligations are seen.
 */
@Component
class DirectorySharingAgreements implements SharingAgreements {

    private static final Duration READ_MODEL_WAIT = Duration.ofSeconds(10);

    private final ReactiveMongoTemplate mongo;

    DirectorySharingAgreements(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Mono<List<Obligation>> involving(IncidentId incident, OrganisationId organisation) {
        return mongo.findById(incident.value(), Document.class, "incidents")
                    .filter(found -> parties(found).contains(organisation))
                    .repeatWhenEmpty(attempts -> attempts.delayElements(Duration.ofMillis(100))
                                                         .take(READ_MODEL_WAIT.toMillis() / 100))
                    .flatMap(found -> obligations(parties(found)))
                    .map(all -> all.stream().filter(o -> o.sender().equals(organisation)
                            || o.recipient().equals(organisation)).toList())
                    .defaultIfEmpty(List.of());
    }

    @Override
    public Mono<List<Bound>> bind(OrganisationId holder, Terms terms) {
        Query open = Query.query(where("status").is("OPEN")
                                                .orOperator(where("participants").is(holder.value()),
                                                            where("coordinatingHq").is(holder.value())));
        Mono<List<OrganisationId>> counterparts = terms.counterpart() != null ? Mono.just(List.of(terms.counterpart()))
                : parentsOf(holder);
        return counterparts.flatMap(to -> mongo.find(open, Document.class, "incidents").flatMapIterable(incident -> {
            Set<OrganisationId> parties = parties(incident);
            IncidentId id = IncidentId.of(incident.getString("_id"));
            List<Bound> bound = new ArrayList<>();
            for (OrganisationId counterpart : to) {
                if (parties.contains(counterpart)) {
                    bound.add(new Bound(id, obligation(terms, holder, counterpart)));
                    if (terms.direction() == SharingDirection.MUTUAL) {
                        bound.add(new Bound(id, obligation(terms, counterpart, holder)));
                    }
                }
            }
            return bound;
        }).collectList());
    }

    private static Obligation obligation(Terms terms, OrganisationId sender, OrganisationId recipient) {
        return new Obligation(terms.agreementId(), sender, recipient, terms.topic(), terms.cadence(), terms.district());
    }

    @Override
    public Mono<Set<OrganisationId>> parties(IncidentId incident) {
        return mongo.findById(incident.value(), Document.class, "incidents")
                    .map(DirectorySharingAgreements::parties)
                    .defaultIfEmpty(Set.of());
    }

    @Override
    public Mono<List<OrganisationId>> parentsOf(OrganisationId organisation) {
        return mongo.findById(organisation.value(), Document.class, "organisations")
                    .map(DirectorySharingAgreements::parents)
                    .defaultIfEmpty(List.of());
    }

    private static Set<OrganisationId> parties(Document incident) {
        Set<OrganisationId> parties = new LinkedHashSet<>();
        incident.getList("participants", String.class, List.of()).forEach(p -> parties.add(OrganisationId.of(p)));
        if (incident.getString("coordinatingHq") != null) {
            parties.add(OrganisationId.of(incident.getString("coordinatingHq")));
        }
        return parties;
    }

    private static List<OrganisationId> parents(Document organisation) {
        return organisation.getList("relations", Document.class, List.of()).stream()
                           .filter(r -> RelationType.REPORTS_TO.name().equals(r.getString("type")))
                           .map(r -> OrganisationId.of(r.getString("target")))
                           .toList();
    }

    /** Every obligation the parties' agreements make among themselves. */
    private Mono<List<Obligation>> obligations(Set<OrganisationId> parties) {
        List<String> ids = parties.stream().map(OrganisationId::value).toList();
        return mongo.find(Query.query(Criteria.where("_id").in(ids)), Document.class, "organisations")
                    .flatMapIterable(holder -> {
                        OrganisationId from = OrganisationId.of(holder.getString("_id"));
                        List<Obligation> obligations = new ArrayList<>();
                        for (Document agreement : holder.getList("agreements", Document.class, List.of())) {
                            String counterpart = agreement.getString("counterpart");
                            List<OrganisationId> counterparts = counterpart != null
                                    ? List.of(OrganisationId.of(counterpart)) : parents(holder);
                            for (OrganisationId to : counterparts) {
                                if (!parties.contains(to)) {
                                    continue;
                                }
                                obligations.add(obligation(agreement, from, to));
                                if ("MUTUAL".equals(agreement.getString("direction"))) {
                                    obligations.add(obligation(agreement, to, from));
                                }
                            }
                        }
                        return obligations;
                    })
                    .collectList();
    }

    private static Obligation obligation(Document agreement, OrganisationId sender, OrganisationId recipient) {
        return new Obligation(agreement.getString("agreementId"), sender, recipient,
                              ExchangeTopic.valueOf(agreement.getString("topic")), agreement.getString("cadence"),
                              agreement.getString("district"));
    }
}
